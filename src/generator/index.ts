/**
 * The agentic adapter generator (`llmux adapter new`): drafts a provider adapter from its API
 * docs with an LLM through llmux itself, checks it with the conformance kit in a child process,
 * refines it on the failures, and writes the adapter, its fixtures and a report.
 * See docs/adapter-generator.md.
 */
export { generateAdapter, DEFAULT_MAX_ITERATIONS, packageRoot } from './generate-adapter.js';
export type { GenerateOptions, GenerationReport, IterationReport } from './generation-types.js';
export {
  PROVIDER_SPEC_SCHEMA,
  providerSpecSchema,
  validateProviderSpec,
  FINISH_REASONS,
  ERROR_NAMES,
  type ArgumentsFormat,
  type ProviderSpec,
  type ToolSpec,
  type UsagePaths,
} from './provider-spec.js';
export { DOC_EXAMPLES_SCHEMA, docExamplesSchema, validateDocExamples, type DocExample, type DocExamples } from './doc-examples.js';
export { renderAdapter, adapterFileName, pascalCase, type RenderedFile } from './render-adapter.js';
export { deriveFixture, deriveFixtures } from './derive-fixtures.js';
export { trimDocs, htmlToText, splitSections, looksLikeHtml, DEFAULT_MAX_DOC_CHARS } from './trim-docs.js';
export { readSource } from './read-source.js';
export { specPrompt, examplesPrompt, refinePrompt, type FailedCheck } from './build-prompts.js';
export { diffSpec } from './diff-spec.js';
export { runCheck, keyEnvName, type CheckOptions, type CheckRun } from './run-check.js';
// typeCheckChildMain is the type-check child's entry: it imports this bundle by URL and calls it.
export {
  runTypeCheck,
  findTypeScript,
  defaultTypescriptFrom,
  typeCheckChildMain,
  type TypeCheckOptions,
  type TypeCheckRun,
  type TypeScriptLocation,
} from './run-type-check.js';
export { typeCheckDraft, type TypeCheckOutput } from './type-check-draft.js';
export { renderReportMarkdown } from './write-report.js';
export { createProgressDisplay, type ProgressDisplay, type ProgressEvent, type ProgressListener } from './progress.js';
export { validateJson, type JsonIssue } from './validate-json.js';
