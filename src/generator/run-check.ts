/**
 * Runs the conformance kit on a draft in a child process (`llmux adapter test ... --json`) with a
 * time limit, so generated code never runs in the generator's process. The child is sandboxed
 * (`runSandboxedNode`): its environment is PATH and a temporary HOME, plus, for a live run, the
 * key under the name the CLI reads (`<PROVIDER>_API_KEY`); it may read only llmux's build and the
 * draft's folder, write only its own temporary directory, start no process, and is killed with
 * everything it started at the time limit. The key is scrubbed from anything that comes back.
 */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CheckResult, ConformanceReport } from '../testing/conformance-types.js';
import { packageRoot } from './package-root.js';
import { runSandboxedNode } from './run-sandboxed-node.js';

export interface CheckRun {
  /** The kit's report, or a stand-in with one failed check when the child gave none. */
  report: ConformanceReport;
  /** The child's pid (the only process that loaded the draft). */
  pid: number | undefined;
  timedOut: boolean;
  durationMs: number;
}

export interface CheckOptions {
  provider: string;
  adapterFile: string;
  fixturesDir: string;
  /** Whole-run limit in ms (the child is killed after it). */
  timeLimitMs: number;
  /** Per-case limit handed to the kit. */
  caseTimeoutMs?: number | undefined;
  live?: { apiKey: string; model: string; baseURL: string } | undefined;
  /** The CLI entry to run (default: this build's `cli/main.js`). */
  cliPath?: string | undefined;
  /**
   * What the child may read besides llmux's build and the fixtures. Default: the folder above the
   * adapter's, which in the generator's layout holds the draft, its fixtures and the
   * `node_modules/llmux` link its imports resolve through.
   */
  readPaths?: readonly string[] | undefined;
}

const CLI = fileURLToPath(new URL('../cli/main.js', import.meta.url));
/** The report is read from stdout; a child that prints more is not giving one. */
const MAX_REPORT_BYTES = 8 * 1024 * 1024;
const MAX_STDERR_BYTES = 1024 * 1024;
/** Node's own notice that the permission model is on, which says nothing about the draft. */
const NODE_NOTICE = /ExperimentalWarning: Permission is an experimental feature|^\(Use `node --trace-warnings/;

export function keyEnvName(provider: string): string {
  return `${provider.toUpperCase().replace(/[^A-Z0-9]/g, '_')}_API_KEY`;
}

export async function runCheck(options: CheckOptions): Promise<CheckRun> {
  const started = performance.now();
  const cli = resolve(options.cliPath ?? CLI);
  const args = [cli, 'adapter', 'test', options.provider, '--adapter', options.adapterFile, '--json'];
  if (options.live === undefined) args.push('--fixtures', options.fixturesDir);
  else args.push('--live', '--model', options.live.model, '--base-url', options.live.baseURL);
  if (options.caseTimeoutMs !== undefined) args.push('--timeout', String(options.caseTimeoutMs));
  const env: Record<string, string> = {};
  if (options.live !== undefined) env[keyEnvName(options.provider)] = options.live.apiKey;
  const secrets = options.live === undefined ? [] : [options.live.apiKey];
  const read = [...llmuxReadPaths(cli), ...(options.readPaths ?? [dirname(dirname(resolve(options.adapterFile)))])];
  if (options.live === undefined) read.push(resolve(options.fixturesDir));
  let child;
  try {
    child = await runSandboxedNode({
      args,
      read,
      env,
      timeLimitMs: options.timeLimitMs,
      maxStdoutBytes: MAX_REPORT_BYTES,
      maxStderrBytes: MAX_STDERR_BYTES,
    });
  } catch (error) {
    const durationMs = Math.round(performance.now() - started);
    const why = `the check could not start: ${error instanceof Error ? error.message : String(error)}`;
    return { report: standIn(options, scrub(why, secrets), durationMs), pid: undefined, timedOut: false, durationMs };
  }
  const durationMs = Math.round(performance.now() - started);
  const { timedOut, spawnError, stdout, stderr } = child;
  let report: ConformanceReport | undefined;
  if (!timedOut && spawnError === undefined && child.stdoutDroppedBytes === 0) report = parseReport(stdout);
  if (report === undefined) {
    const lines = stderr
      .trim()
      .split('\n')
      .filter((line) => line !== '' && !NODE_NOTICE.test(line));
    const tail = lines.length === 0 ? '' : `: ${lines.slice(-6).join(' | ')}`;
    const why = timedOut
      ? `the check did not finish within ${options.timeLimitMs} ms and was stopped, with every process it started${tail}`
      : spawnError !== undefined
        ? `the check could not start: ${spawnError.message}`
        : child.stdoutDroppedBytes > 0
          ? `the check wrote more than ${MAX_REPORT_BYTES} bytes on stdout (${child.stdoutDroppedBytes} more were dropped), so it gave no report${tail}`
          : `the check exited with ${child.code === null ? `signal ${child.signal}` : `code ${child.code}`} without a report${tail}`;
    report = standIn(options, scrub(why.slice(0, 4000), secrets), durationMs);
  }
  return { report: scrubReport(report, secrets), pid: child.pid, timedOut, durationMs };
}

/**
 * What of llmux the child reads: the build the CLI belongs to (the folder above `cli/`) and,
 * for the draft's `import 'llmux'`, the package's `package.json` and `dist/`.
 */
function llmuxReadPaths(cli: string): string[] {
  const paths = [dirname(dirname(cli))];
  try {
    const root = packageRoot();
    paths.push(resolve(root, 'package.json'), resolve(root, 'dist'));
  } catch {
    // Not inside the llmux package (a custom CLI path): its build is all it reads.
  }
  return paths;
}

function parseReport(stdout: string): ConformanceReport | undefined {
  try {
    const value = JSON.parse(stdout) as ConformanceReport;
    return value !== null && typeof value === 'object' && Array.isArray(value.results) ? value : undefined;
  } catch {
    return undefined;
  }
}

function standIn(options: CheckOptions, message: string, durationMs: number): ConformanceReport {
  const result: CheckResult = { check: 'adapter', name: 'adapter (child process)', status: 'fail', message, durationMs };
  return {
    mode: options.live === undefined ? 'replay' : 'live',
    provider: options.provider,
    adapter: options.adapterFile,
    fixtures: options.fixturesDir,
    cases: 0,
    ok: false,
    counts: { passed: 0, failed: 1, skipped: 0 },
    checks: {} as ConformanceReport['checks'],
    results: [result],
    durationMs,
  };
}

function scrub(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) if (s.length > 0) out = out.split(s).join('[redacted]');
  return out;
}

/** The report with every occurrence of a secret replaced (the CLI redacts too; this is the second lock). */
function scrubReport(report: ConformanceReport, secrets: readonly string[]): ConformanceReport {
  if (secrets.length === 0) return report;
  return JSON.parse(
    scrub(
      JSON.stringify(report),
      secrets.map((s) => JSON.stringify(s).slice(1, -1)),
    ),
  ) as ConformanceReport;
}
