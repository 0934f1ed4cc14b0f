/**
 * Options and report of the adapter generator (`llmux adapter new`, `generateAdapter()`).
 * The report is plain data and never holds the key.
 */
import type { StructuredModeOption, ObjectTarget } from '../structured/structured-types.js';
import type { CheckSummary } from '../testing/conformance-types.js';
import type { Transport } from '../transport/transport-types.js';
import type { FailedCheck } from './build-prompts.js';
import type { ProgressListener } from './progress.js';

export interface GenerateOptions {
  /** The provider id for the new adapter (`acme`). */
  name: string;
  /** The provider's API docs: a file path or an http(s) URL. */
  docs: string;
  /** A reference implementation to read too (e.g. a litellm provider module): a file or URL. */
  reference?: string | undefined;
  /** The provider's base URL (wins over the docs'); also the live endpoint. */
  baseURL?: string | undefined;
  /** A key for the live check; it goes only into the checking child's environment. */
  apiKey?: string | undefined;
  /** The provider model the live check calls. */
  liveModel?: string | undefined;
  /** Drafts to try (default 3). */
  maxIterations?: number | undefined;
  /** Where the adapter, fixtures and report are written: a missing or empty folder (else a ConfigurationError), unless `force`. */
  outDir: string;
  /** Write into an existing non-empty `outDir`, replacing the adapter folder, `fixtures/`, `spec.json`, `report.json` and `REPORT.md` there. */
  force?: boolean | undefined;
  /** The model that reads the docs and writes the spec, `provider/model`. */
  model: string;
  /** What sends the generator's requests (default: a client configured from the environment). */
  client?: ObjectTarget | undefined;
  /** Structured output mode for the generator's requests (default auto). */
  mode?: StructuredModeOption | undefined;
  /** Longest time for one check run, in ms, after which its child is killed (default 120000). */
  checkTimeLimitMs?: number | undefined;
  /** Directories to resolve `typescript` from for the type-check (default: the working directory, then llmux's own); none found: the step is skipped. */
  typescriptFrom?: readonly string[] | undefined;
  /** Per-case limit inside the kit (its default 5000). */
  caseTimeoutMs?: number | undefined;
  /** Docs are cut to this many characters (default 24000). */
  maxDocChars?: number | undefined;
  onProgress?: ProgressListener | undefined;
  /** For fetching docs from a URL (default: a node:http transport of its own). */
  transport?: Transport | undefined;
}

export interface IterationReport {
  iteration: number;
  /** Spec changes that made this draft (empty for the first). */
  changes: string[];
  /** Adapter files whose text changed from the previous draft. */
  filesChanged: string[];
  /** TypeScript's checkJs on the draft, before the kit: errors fail the draft and are fed back like failed checks. */
  typeCheck: { status: 'passed' | 'failed' | 'skipped'; message: string; diagnostics: string[]; durationMs: number };
  replay: { ok: boolean; counts: CheckSummary; failed: FailedCheck[]; timedOut: boolean; durationMs: number };
  live?: { ok: boolean; counts: CheckSummary; failed: FailedCheck[]; timedOut: boolean; durationMs: number } | undefined;
  ok: boolean;
}

export interface GenerationReport {
  provider: string;
  /** `green`: a draft passed every check; `failed`: none did within maxIterations; `error`: the loop could not run. */
  status: 'green' | 'failed' | 'error';
  ok: boolean;
  /** Why the loop stopped, in one sentence. */
  summary: string;
  generatorModel: string;
  docs: string;
  maxIterations: number;
  iterations: IterationReport[];
  fixtures: string[];
  files: string[];
  outDir: string;
  live: 'checked' | 'not requested' | 'skipped: no model (--model)' | 'skipped: replay checks failed';
  error?: string | undefined;
}
