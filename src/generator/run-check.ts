/**
 * Runs the conformance kit on a draft in a child process (`llmux adapter test ... --json`) with a
 * time limit, so generated code never runs in the generator's process. The child's environment
 * is PATH and, for a live run, the key under the name the CLI reads (`<PROVIDER>_API_KEY`):
 * nothing else of the parent's leaks in, and the key is scrubbed from anything that comes back.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { CheckResult, ConformanceReport } from '../testing/conformance-types.js';

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
}

const CLI = fileURLToPath(new URL('../cli/main.js', import.meta.url));

export function keyEnvName(provider: string): string {
  return `${provider.toUpperCase().replace(/[^A-Z0-9]/g, '_')}_API_KEY`;
}

export function runCheck(options: CheckOptions): Promise<CheckRun> {
  const started = performance.now();
  const args = [options.cliPath ?? CLI, 'adapter', 'test', options.provider, '--adapter', options.adapterFile, '--json'];
  if (options.live === undefined) args.push('--fixtures', options.fixturesDir);
  else args.push('--live', '--model', options.live.model, '--base-url', options.live.baseURL);
  if (options.caseTimeoutMs !== undefined) args.push('--timeout', String(options.caseTimeoutMs));
  const env: Record<string, string> = { PATH: process.env['PATH'] ?? '' };
  if (process.env['SystemRoot'] !== undefined) env['SystemRoot'] = process.env['SystemRoot'];
  if (options.live !== undefined) env[keyEnvName(options.provider)] = options.live.apiKey;
  const secrets = options.live === undefined ? [] : [options.live.apiKey];
  const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (t: string) => (stdout += t));
  child.stderr.setEncoding('utf8').on('data', (t: string) => (stderr = (stderr + t).slice(-4000)));
  return new Promise((resolve) => {
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, options.timeLimitMs);
    const done = (code: number | null, spawnError?: Error): void => {
      clearTimeout(timer);
      const durationMs = Math.round(performance.now() - started);
      let report: ConformanceReport | undefined;
      if (!timedOut && spawnError === undefined) report = parseReport(stdout);
      if (report === undefined) {
        const why = timedOut
          ? `the check did not finish within ${options.timeLimitMs} ms and was stopped`
          : spawnError !== undefined
            ? `the check could not start: ${spawnError.message}`
            : `the check exited with code ${code} without a report${stderr.trim() === '' ? '' : `: ${stderr.trim().split('\n').slice(-6).join(' | ')}`}`;
        report = standIn(options, scrub(why, secrets), durationMs);
      }
      resolve({ report: scrubReport(report, secrets), pid: child.pid, timedOut, durationMs });
    };
    child.once('error', (error) => done(null, error));
    child.once('close', (code) => done(code));
  });
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
  return JSON.parse(scrub(JSON.stringify(report), secrets.map((s) => JSON.stringify(s).slice(1, -1)))) as ConformanceReport;
}
