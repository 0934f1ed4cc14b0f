/**
 * The conformance kit: runs an adapter through a fixture set against a local fake provider and
 * reports, check by check, what passed and what did not (expected vs actual, and why). Results
 * are data, so the kit can run in a child process (say, on a generated adapter) and hand back JSON.
 */
import { createNodeTransport } from '../transport/node-transport.js';
import { builtInFixtures } from './built-in-fixtures.js';
import {
  CHECK_IDS,
  type CheckId,
  type CheckResult,
  type CheckSummary,
  type ConformanceOptions,
  type ConformanceReport,
} from './conformance-types.js';
import { evaluateCase } from './evaluate-case.js';
import type { ConformanceFixture } from './fixture-types.js';
import { builtInCompat, loadAdapter } from './load-adapter.js';
import { loadFixtures } from './load-fixtures.js';
import { startReplayServer } from './replay-server.js';
import { KIT_API_KEY, type Kit, modesOf, runCase } from './run-case.js';
import { checkAbortMidStream, checkCutMidStream, checkUnicodeSplit, faultCandidate, unicodeCandidates } from './stream-fault-checks.js';
import { assertFixture } from './validate-fixture.js';

const DEFAULT_TIMEOUT_MS = 5000;

/** What each check needs from a fixture set, said when none of its cases provides it. */
const NEEDS: Record<CheckId, string> = {
  adapter: '',
  request: 'any case',
  text: 'a non-streamed case that pins content',
  'text-stream': 'a streamed case that pins content',
  'tool-calls': 'a non-streamed case that pins tool_calls',
  'tool-calls-stream': 'a streamed case that pins tool_calls',
  usage: 'a non-streamed case that pins usage',
  'usage-stream': 'a streamed case that pins usage',
  'stop-reason': 'a case that pins finish_reason',
  'response-shape': 'a non-streamed success case',
  'stream-shape': 'a streamed success case',
  'error-mapping': 'a case that expects an error',
  'key-redaction': 'a case that expects an error',
  'abort-mid-stream': 'a streamed case with text in at least 3 events',
  'cut-mid-stream': 'a streamed case with text in at least 3 events',
  'unicode-split': 'a streamed case whose body has multi-byte characters',
};

/**
 * Runs the kit. Never throws for what the adapter does (a broken adapter, even one that does not
 * load, is a report with failures); throws only for unusable options or fixtures.
 */
export async function runConformance(options: ConformanceOptions = {}): Promise<ConformanceReport> {
  const started = performance.now();
  const wanted = (check: CheckId): boolean => options.only === undefined || options.only.includes(check);
  const loaded = await loadAdapter(options.adapter, options.provider);
  const provider = options.provider ?? (loaded.ok ? loaded.adapter.provider : 'unknown');
  const { fixtures, label } = await resolveFixtures(options.fixtures, provider);
  const results: CheckResult[] = [];
  if (!loaded.ok) {
    results.push({ check: 'adapter', name: 'adapter', status: 'fail', message: loaded.problem, durationMs: 0 });
    return report({ provider, adapter: loaded.label, fixtures: label, cases: fixtures.length, results, started });
  }
  results.push({
    check: 'adapter',
    name: 'adapter',
    status: 'pass',
    message: `specificationVersion v1, provider ${JSON.stringify(loaded.adapter.provider)}${loaded.adapter.complete === undefined ? ', stream() only' : ', complete() and stream()'}`,
    durationMs: 0,
  });

  const server = await startReplayServer();
  const transport = createNodeTransport();
  const kit: Kit = {
    adapter: loaded.adapter,
    provider,
    compat: options.compat ?? builtInCompat(provider),
    providerOptions: options.providerOptions ?? {},
    server,
    transport,
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    splitEvery: options.splitEvery,
  };
  try {
    for (const fixture of fixtures) {
      for (const mode of modesOf(fixture)) {
        const outcome = await runCase(kit, fixture, mode);
        results.push(...evaluateCase(fixture, outcome, KIT_API_KEY, kit.timeoutMs).filter((r) => wanted(r.check)));
      }
    }
    if (wanted('unicode-split')) for (const fixture of unicodeCandidates(fixtures)) results.push(await checkUnicodeSplit(kit, fixture));
    const candidate = faultCandidate(fixtures);
    if (candidate !== undefined && wanted('abort-mid-stream')) results.push(await checkAbortMidStream(kit, candidate));
    if (candidate !== undefined && wanted('cut-mid-stream')) results.push(await checkCutMidStream(kit, candidate));
    if (server.unexpected.length > 0 && wanted('request')) {
      const list = server.unexpected.map((r) => `${r.method} ${r.path}`).join(', ');
      results.push({
        check: 'request',
        name: 'request [unexpected]',
        status: 'fail',
        message: `requests no case was waiting for: ${list}`,
        durationMs: 0,
      });
    }
  } finally {
    transport.close?.();
    await server.close();
  }
  for (const check of CHECK_IDS) {
    if (wanted(check) && !results.some((r) => r.check === check)) {
      results.push({
        check,
        name: check,
        status: 'skip',
        message: `no case exercises this check: the fixtures need ${NEEDS[check]}`,
        durationMs: 0,
      });
    }
  }
  return report({ provider, adapter: loaded.label, fixtures: label, cases: fixtures.length, results, started });
}

async function resolveFixtures(
  given: ConformanceOptions['fixtures'],
  provider: string,
): Promise<{ fixtures: ConformanceFixture[]; label: string }> {
  if (typeof given === 'string') return { fixtures: await loadFixtures(given), label: given };
  if (given !== undefined) {
    given.forEach((f, i) => assertFixture(f, `fixtures[${i}]`));
    const ids = new Set<string>();
    for (const f of given) {
      if (ids.has(f.id)) throw new Error(`fixture id ${JSON.stringify(f.id)} appears twice`);
      ids.add(f.id);
    }
    return { fixtures: [...given], label: `${given.length} given cases` };
  }
  const builtIn = await builtInFixtures(provider);
  if (builtIn === undefined)
    throw new Error(`no built-in fixtures for provider ${JSON.stringify(provider)}: pass fixtures (an array, a directory or a file)`);
  return builtIn;
}

function report(parts: {
  provider: string;
  adapter: string;
  fixtures: string;
  cases: number;
  results: CheckResult[];
  started: number;
}): ConformanceReport {
  const counts = summarize(parts.results);
  const checks = Object.fromEntries(CHECK_IDS.map((id) => [id, summarize(parts.results.filter((r) => r.check === id))])) as Record<
    CheckId,
    CheckSummary
  >;
  return {
    mode: 'replay',
    provider: parts.provider,
    adapter: parts.adapter,
    fixtures: parts.fixtures,
    cases: parts.cases,
    ok: counts.failed === 0,
    counts,
    checks,
    results: parts.results,
    durationMs: Math.round(performance.now() - parts.started),
  };
}

export function summarize(results: readonly CheckResult[]): CheckSummary {
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  for (const r of results) {
    if (r.status === 'pass') passed++;
    else if (r.status === 'fail') failed++;
    else skipped++;
  }
  return { passed, failed, skipped };
}
