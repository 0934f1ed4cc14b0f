// Shared by the router-overhead clients: a warm-up, then `BENCH_CALLS` calls one after the
// other, each reply's text checked; reports wall and CPU microseconds per call.
import { cpuSince, fail, finish, localBaseURL } from '../../lib/child-report.mjs';

export const BASE_URL = localBaseURL();
const CALLS = Number(process.env.BENCH_CALLS);
const WARMUP = Number(process.env.BENCH_WARMUP);
const EXPECT = process.env.BENCH_EXPECT;

/**
 * Runs `call()` (which resolves with the reply text) WARMUP times unrecorded, then CALLS times
 * timed; `extra()` adds the client's own checks and figures to the report.
 */
export async function runSequential(call, extra = () => ({})) {
  try {
    for (let i = 0; i < WARMUP; i++) check(await call(), i);
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    for (let i = 0; i < CALLS; i++) check(await call(), i);
    const ms = performance.now() - t0;
    const cpuUs = cpuSince(cpu0);
    finish({ calls: CALLS, usPerCall: (ms * 1000) / CALLS, cpuUsPerCall: cpuUs / CALLS, ...(await extra()) });
  } catch (error) {
    fail(error);
  }
}

function check(text, i) {
  if (text !== EXPECT) throw new Error(`call ${i}: unexpected reply ${JSON.stringify(text)}`);
}
