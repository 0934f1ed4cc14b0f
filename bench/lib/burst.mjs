// Shared by the concurrency clients: starts `count` calls at once, awaits them together, and
// reports the burst's time and CPU with every call's result checked. One wrong result fails the
// sample; the report is written at exit (see child-report.mjs).
import { cpuSince, fail, finish } from './child-report.mjs';

/**
 * Runs `one()` `count` times concurrently; `check(result)` returns true for a right answer.
 * Reports `correct`, `burstMs`, `burstCpuUs` and `rssBeforeBytes`.
 */
export async function runBurst(count, one, check) {
  try {
    const rssBefore = process.memoryUsage.rss();
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const results = await Promise.all(Array.from({ length: count }, one));
    const burstMs = performance.now() - t0;
    const burstCpuUs = cpuSince(cpu0);
    const wrong = results.filter((r) => !check(r));
    if (wrong.length > 0) throw new Error(`${wrong.length} of ${count} results wrong, e.g. ${JSON.stringify(wrong[0])}`);
    finish({ correct: results.length, burstMs, burstCpuUs, rssBeforeBytes: rssBefore });
  } catch (error) {
    fail(error);
  }
}

/** What every stream client checks: the joined text's length and hash, from the parent. */
export function streamExpectation() {
  const length = Number(process.env.BENCH_EXPECT_LENGTH);
  const hash = Number(process.env.BENCH_EXPECT_HASH);
  return (r) => r.length === length && r.hash === hash;
}
