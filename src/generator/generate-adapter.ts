/**
 * The agentic loop: gather the docs, extract the provider's patterns and the documented examples
 * with structured output, render the adapter from the spec, type-check it and run the
 * conformance kit on it in child processes, feed the type errors and failed checks back for a
 * revised spec, and write the files and a report. The draft is only ever loaded by a child.
 */
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { JsonSchemaWithValidator, ObjectTarget } from '../structured/structured-types.js';
import type { ChatCompletionMessageParam } from '../base/types.js';
import type { ConformanceFixture } from '../testing/fixture-types.js';
import type { ConformanceReport } from '../testing/conformance-types.js';
import type { Transport } from '../transport/transport-types.js';
import { type FailedCheck, examplesPrompt, refinePrompt, specPrompt } from './build-prompts.js';
import { deriveFixtures } from './derive-fixtures.js';
import { diffSpec } from './diff-spec.js';
import { type DocExamples, docExamplesSchema } from './doc-examples.js';
import type { GenerateOptions, GenerationReport, IterationReport } from './generation-types.js';
import { type ProviderSpec, providerSpecSchema } from './provider-spec.js';
import { checkOutDir } from './check-out-dir.js';
import { packageRoot } from './package-root.js';
import { readSource } from './read-source.js';
import { type RenderedFile, adapterFileName, renderAdapter } from './render-adapter.js';
import { runCheck } from './run-check.js';
import { runTypeCheck } from './run-type-check.js';
import { DEFAULT_MAX_DOC_CHARS, trimDocs } from './trim-docs.js';
import { renderReportMarkdown } from './write-report.js';

export { packageRoot };

export const DEFAULT_MAX_ITERATIONS = 3;
const DEFAULT_CHECK_LIMIT_MS = 120_000;
/** Type errors quoted to the model per draft. */
const MAX_DIAGNOSTICS = 20;

export async function generateAdapter(options: GenerateOptions): Promise<GenerationReport> {
  const name = options.name;
  const maxIterations = options.maxIterations ?? DEFAULT_MAX_ITERATIONS;
  const progress = options.onProgress ?? (() => undefined);
  const secrets = options.apiKey === undefined ? [] : [options.apiKey];
  const outDir = resolve(options.outDir);
  await checkOutDir(outDir, options.force === true);
  const report: GenerationReport = {
    provider: name,
    status: 'error',
    ok: false,
    summary: '',
    generatorModel: options.model,
    docs: options.docs,
    maxIterations,
    iterations: [],
    fixtures: [],
    files: [],
    outDir,
    live:
      options.apiKey === undefined
        ? 'not requested'
        : options.liveModel === undefined
          ? 'skipped: no model (--model)'
          : 'skipped: replay checks failed',
  };
  const staging = await mkdtemp(join(tmpdir(), `llmux-adapter-${name}-`));
  let spec: ProviderSpec | undefined;
  let fixtures: ConformanceFixture[] = [];
  let rendered: RenderedFile[] = [];
  try {
    const client = options.client ?? (await defaultClient());
    const { completeObject } = await import('../structured/index.js');
    const ask = async <T>(messages: ChatCompletionMessageParam[], schema: JsonSchemaWithValidator, objectName: string): Promise<T> => {
      const result = await completeObject({
        model: options.model,
        messages,
        schema,
        client,
        name: objectName,
        ...(options.mode === undefined ? {} : { mode: options.mode }),
      });
      return result.object as T;
    };

    progress({ kind: 'start', message: `reading ${options.docs}` });
    const maxChars = options.maxDocChars ?? DEFAULT_MAX_DOC_CHARS;
    const rawDocs = await readSource(options.docs, sourceOptions(options));
    const docs = trimDocs(rawDocs, maxChars);
    const reference =
      options.reference === undefined
        ? undefined
        : trimDocs(await readSource(options.reference, sourceOptions(options)), Math.floor(maxChars / 2));
    progress({
      kind: 'done',
      message: `read the docs: ${rawDocs.length} characters, ${docs.length} kept${reference === undefined ? '' : `; reference ${reference.length} characters`}`,
    });

    progress({ kind: 'start', message: `extracting ${name}'s API patterns with ${options.model}` });
    const base = specPrompt(name, docs, reference, { baseURL: options.baseURL });
    spec = withOverrides(await ask<ProviderSpec>(base, providerSpecSchema, 'provider_spec'), options);
    progress({
      kind: 'done',
      message: `extracted the spec: ${spec.auth.header} auth, POST ${spec.chat.path}, ${spec.stream.format} stream, ${spec.stopReasons.length} stop reasons`,
    });

    progress({ kind: 'start', message: 'extracting the documented examples as fixtures' });
    const examples = await ask<DocExamples>(examplesPrompt(name, docs), docExamplesSchema, 'doc_examples');
    fixtures = deriveFixtures(examples.examples, `examples in ${options.docs}`);
    progress({ kind: 'done', message: `${fixtures.length} fixtures from the docs' examples` });

    await prepareStaging(staging, fixtures);
    let previous: RenderedFile[] = [];
    let changes: string[] = [];
    for (let iteration = 1; iteration <= maxIterations; iteration++) {
      rendered = renderAdapter(spec);
      const filesChanged = rendered.filter((f) => previous.find((p) => p.path === f.path)?.content !== f.content).map((f) => f.path);
      await writeDraft(join(staging, name), rendered);
      const adapterFile = join(staging, name, adapterFileName(name));

      const limitMs = options.checkTimeLimitMs ?? DEFAULT_CHECK_LIMIT_MS;
      progress({ kind: 'start', message: `draft ${iteration}/${maxIterations}: type-checking (child process)` });
      const typed = await runTypeCheck({ draftDir: join(staging, name), timeLimitMs: limitMs, typescriptFrom: options.typescriptFrom });
      const typeCheck = { status: typed.status, message: typed.message, diagnostics: typed.diagnostics, durationMs: typed.durationMs };
      progress({
        kind: typed.status === 'failed' ? 'fail' : 'done',
        message: `draft ${iteration}: type-check ${typed.status}: ${typed.message}`,
      });

      progress({ kind: 'start', message: `draft ${iteration}/${maxIterations}: running the conformance kit (child process)` });
      const replay = await runCheck({
        provider: name,
        adapterFile,
        fixturesDir: join(staging, 'fixtures'),
        timeLimitMs: limitMs,
        caseTimeoutMs: options.caseTimeoutMs,
      });
      const keep = spec.tools === null ? withoutToolChecks : (r: ConformanceReport): ConformanceReport => r;
      const entry: IterationReport = {
        iteration,
        changes,
        filesChanged: iteration === 1 ? [] : filesChanged,
        typeCheck,
        replay: summarize(replay.report, replay.timedOut, replay.durationMs),
        ok: replay.report.ok && typeCheck.status !== 'failed',
      };
      progress({ kind: replay.report.ok ? 'done' : 'fail', message: `draft ${iteration}: ${countsLine(replay.report)}` });

      if (entry.ok && options.apiKey !== undefined && options.liveModel !== undefined) {
        report.live = 'checked';
        progress({ kind: 'start', message: `draft ${iteration}: live checks against ${options.baseURL ?? spec.baseURL}` });
        const live = await runCheck({
          provider: name,
          adapterFile,
          fixturesDir: '',
          timeLimitMs: limitMs,
          caseTimeoutMs: options.caseTimeoutMs,
          live: { apiKey: options.apiKey, model: options.liveModel, baseURL: options.baseURL ?? spec.baseURL },
        });
        const liveReport = keep(live.report);
        entry.live = summarize(liveReport, live.timedOut, live.durationMs);
        entry.ok = entry.live.ok;
        progress({ kind: entry.live.ok ? 'done' : 'fail', message: `draft ${iteration} live: ${countsLine(liveReport)}` });
      }
      report.iterations.push(entry);
      const failed = failedChecks(entry);
      for (const f of failed) progress({ kind: 'info', message: `  ${f.name}: ${f.message.slice(0, 160)}` });
      if (entry.ok || iteration === maxIterations) break;

      progress({ kind: 'start', message: `draft ${iteration + 1}: asking ${options.model} to fix ${failed.length} failed checks` });
      const next = withOverrides(
        await ask<ProviderSpec>(refinePrompt(base, spec, failed, iteration), providerSpecSchema, 'provider_spec'),
        options,
      );
      changes = diffSpec(spec, next);
      progress({
        kind: 'done',
        message: `draft ${iteration + 1}: ${changes.length === 0 ? 'no change to the spec' : `${changes.length} change${changes.length === 1 ? '' : 's'}: ${changes.slice(0, 3).join('; ')}`}`,
      });
      spec = next;
      previous = rendered;
    }
    const last = report.iterations.at(-1);
    report.ok = last?.ok === true;
    report.status = report.ok ? 'green' : 'failed';
    report.summary = report.ok
      ? `Draft ${last!.iteration} passed every check (type-check ${last!.typeCheck.status}; ${last!.replay.counts.passed} passed, ${last!.replay.counts.skipped} skipped${last!.live === undefined ? '' : `; live ${last!.live.counts.passed} passed`}).`
      : `No draft passed within ${maxIterations} iteration${maxIterations === 1 ? '' : 's'}; the last still fails ${last === undefined ? 0 : failedChecks(last).length} checks (listed below). The last draft is written for review.`;
  } catch (error) {
    report.status = 'error';
    report.ok = false;
    report.error = scrub(error instanceof Error ? `${error.name}: ${error.message}` : String(error), secrets);
    report.summary = `The loop stopped: ${report.error}`;
    progress({ kind: 'fail', message: report.summary });
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
  progress({ kind: 'start', message: `writing ${outDir}` });
  await writeOutputs(outDir, name, spec, rendered, fixtures, report, secrets);
  progress({ kind: report.ok ? 'done' : 'fail', message: `${report.status}: ${report.summary} Report: ${join(outDir, 'REPORT.md')}` });
  return report;
}

function sourceOptions(options: GenerateOptions): { transport?: Transport } {
  return options.transport === undefined ? {} : { transport: options.transport };
}

/** What the user said wins over what the model read: the id, and the base URL when given. */
function withOverrides(spec: ProviderSpec, options: GenerateOptions): ProviderSpec {
  return { ...spec, provider: options.name, baseURL: options.baseURL ?? spec.baseURL };
}

async function defaultClient(): Promise<ObjectTarget> {
  const { createClient } = await import('../index.js');
  return createClient();
}

/** What a draft failed, as fed back: the type errors first (one check), then the kit's failures. */
function failedChecks(entry: IterationReport): FailedCheck[] {
  const typed: FailedCheck[] =
    entry.typeCheck.status === 'failed'
      ? [
          {
            check: 'type-check',
            name: 'type-check',
            message: `${entry.typeCheck.message}:\n${entry.typeCheck.diagnostics.slice(0, MAX_DIAGNOSTICS).join('\n')}${entry.typeCheck.diagnostics.length > MAX_DIAGNOSTICS ? `\n(and ${entry.typeCheck.diagnostics.length - MAX_DIAGNOSTICS} more)` : ''}`,
          },
        ]
      : [];
  return [...typed, ...entry.replay.failed, ...(entry.live?.failed ?? [])];
}

function summarize(report: ConformanceReport, timedOut: boolean, durationMs: number): IterationReport['replay'] {
  const failed: FailedCheck[] = report.results
    .filter((r) => r.status === 'fail')
    .map((r) => ({
      check: r.check,
      name: r.name,
      message: r.message,
      ...(r.expected === undefined ? {} : { expected: r.expected }),
      ...(r.actual === undefined ? {} : { actual: r.actual }),
    }));
  return { ok: report.ok, counts: report.counts, failed, timedOut, durationMs };
}

/**
 * For a provider whose spec says it has no tool calling, the adapter refuses tools, so the live
 * tool probes are reported as skips that say so, rather than failures no refinement could fix.
 */
function withoutToolChecks(report: ConformanceReport): ConformanceReport {
  const results = report.results.map((r) =>
    (r.check === 'tool-calls' || r.check === 'tool-calls-stream') && r.status === 'fail'
      ? {
          ...r,
          status: 'skip' as const,
          message: `the spec says the provider has no tool calling (tools: null), so the adapter sends none (${r.message})`,
        }
      : r,
  );
  const counts = { passed: 0, failed: 0, skipped: 0 };
  for (const r of results) counts[r.status === 'pass' ? 'passed' : r.status === 'fail' ? 'failed' : 'skipped']++;
  return { ...report, results, counts, ok: counts.failed === 0 };
}

function countsLine(report: ConformanceReport): string {
  return `${report.counts.passed} passed, ${report.counts.failed} failed, ${report.counts.skipped} skipped`;
}

/** The staging area: fixtures, and `node_modules/llmux` pointing at this package, so the draft's `import 'llmux'` resolves. */
async function prepareStaging(staging: string, fixtures: readonly ConformanceFixture[]): Promise<void> {
  await writeFixtures(join(staging, 'fixtures'), fixtures);
  await mkdir(join(staging, 'node_modules'), { recursive: true });
  await symlink(packageRoot(), join(staging, 'node_modules', 'llmux'), process.platform === 'win32' ? 'junction' : 'dir');
}

async function writeDraft(dir: string, files: readonly RenderedFile[]): Promise<void> {
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  for (const file of files) await writeFile(join(dir, file.path), file.content);
}

async function writeFixtures(dir: string, fixtures: readonly ConformanceFixture[]): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const names: string[] = [];
  for (const fixture of fixtures) {
    const file = join(dir, `${fixture.id}.json`);
    await writeFile(file, `${JSON.stringify(fixture, null, 2)}\n`);
    names.push(file);
  }
  return names;
}

async function writeOutputs(
  outDir: string,
  name: string,
  spec: ProviderSpec | undefined,
  files: readonly RenderedFile[],
  fixtures: readonly ConformanceFixture[],
  report: GenerationReport,
  secrets: readonly string[],
): Promise<void> {
  await mkdir(outDir, { recursive: true });
  const written: string[] = [];
  if (files.length > 0) {
    await writeDraft(
      join(outDir, name),
      files.map((f) => ({ path: f.path, content: scrub(f.content, secrets) })),
    );
    written.push(...files.map((f) => join(outDir, name, f.path)));
  }
  if (fixtures.length > 0) {
    await rm(join(outDir, 'fixtures'), { recursive: true, force: true });
    report.fixtures = await writeFixtures(join(outDir, 'fixtures'), fixtures);
  }
  if (spec !== undefined) {
    await writeFile(join(outDir, 'spec.json'), scrub(`${JSON.stringify(spec, null, 2)}\n`, secrets));
    written.push(join(outDir, 'spec.json'));
  }
  report.files = written;
  await writeFile(join(outDir, 'report.json'), scrub(`${JSON.stringify(report, null, 2)}\n`, secrets));
  await writeFile(join(outDir, 'REPORT.md'), scrub(renderReportMarkdown(report), secrets));
}

function scrub(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) if (s.length > 0) out = out.split(s).join('[redacted]');
  return out;
}
