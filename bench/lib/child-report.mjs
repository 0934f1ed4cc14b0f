// Shared by every benchmark client: the report the parent reads, written when the process
// exits so that its CPU time and peak RSS include everything the process did.
import { writeSync } from 'node:fs';

let report = { ok: false, error: 'the client finished without reporting' };

process.on('exit', () => {
  const cpu = process.cpuUsage();
  const usage = process.resourceUsage();
  writeSync(1, `${JSON.stringify({ ...report, cpuUs: cpu.user + cpu.system, maxRSSKiB: usage.maxRSS })}\n`);
});

/** Records the client's result; it is written when the process exits. */
export function finish(result) {
  report = { ok: true, ...result };
}

/** Records a failure and sets a failing exit code. */
export function fail(error) {
  report = { ok: false, error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
  process.exitCode = 1;
}

/** CPU microseconds (user + system) since `start`, a `process.cpuUsage()` value. */
export function cpuSince(start) {
  const d = process.cpuUsage(start);
  return d.user + d.system;
}

/**
 * The server to talk to, from BENCH_BASE_URL. Anything that is not a loopback http URL is
 * refused, so a client started by hand without it can never fall back to a real provider.
 */
export function localBaseURL() {
  const value = process.env.BENCH_BASE_URL ?? '';
  let url;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  if (url === undefined || url.protocol !== 'http:' || !['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname)) {
    fail(
      new Error(`BENCH_BASE_URL must be a loopback http URL (got ${JSON.stringify(value)}); start clients through the benchmark scripts`),
    );
    process.exit(1);
  }
  return value;
}
