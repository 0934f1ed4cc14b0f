// The full soak: `npm run soak` (10,000 calls) or `npm run soak -- --requests 50000 --seed 7`.
// Compiles the test sources, runs test/soak/soak-child in its own `node --expose-gc` process,
// prints the figures and fails on any violation, on heap growth beyond the bound, or when the
// process does not exit on its own. The quick mode (2,000 calls) runs in `npm test`.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const HEAP_BOUND_MIB = 10;
const EXIT_GRACE_MS = 3_000;
const root = fileURLToPath(new URL('..', import.meta.url));

const args = process.argv.slice(2);
const take = (name) => {
  const at = args.indexOf(name);
  if (at === -1) return undefined;
  const [, value] = args.splice(at, 2);
  return value;
};
const out = take('--out');
const noBuild = args.includes('--no-build');
if (noBuild) args.splice(args.indexOf('--no-build'), 1);
if (!args.includes('--requests')) args.push('--requests', '10000');
const requests = Number(args[args.indexOf('--requests') + 1]);
if (!args.includes('--deadline')) args.push('--deadline', String(Math.max(90_000, requests * 60)));

if (!noBuild) {
  console.log('compiling the test sources (tsc -p tsconfig.test.json)...');
  const tsc = spawnSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.test.json'], { cwd: root, stdio: 'inherit' });
  if (tsc.status !== 0) process.exit(tsc.status ?? 1);
}

const { runSoakChild } = await import(new URL('../.test-build/test/soak/soak-child-process.js', import.meta.url).href);
console.log(`soak: ${args.join(' ')}`);
const run = await runSoakChild(args, Math.max(120_000, requests * 100), EXIT_GRACE_MS);
const report = run.report;
if (report === undefined) {
  console.error(`the soak produced no report (exit ${run.code}):\n${run.stderr}`);
  process.exit(1);
}
if (out !== undefined) writeFileSync(out, `${JSON.stringify({ ...report, exitLagMs: run.exitLagMs }, null, 2)}\n`);

const line = (label, value) => console.log(`${label.padEnd(28)} ${typeof value === 'string' ? value : JSON.stringify(value)}`);
const attempts = Object.values(report.attempts.byDeployment).reduce((n, d) => n + d.serverRequests, 0);
line(
  'calls',
  `${report.calls.settled} settled of ${report.options.requests} in ${(report.durationMs / 1000).toFixed(1)} s (concurrency ${report.options.concurrency}, seed ${report.options.seed})`,
);
line('calls by kind', report.calls.byKind);
line('outcomes', report.calls.outcomes);
line('stream errors after chunk 1', report.calls.streamErrorsAfterFirstChunk);
line('attempts (server requests)', `${attempts}; retries ${report.attempts.retries}, fallbacks ${report.attempts.fallbacks}`);
line('per deployment', report.attempts.byDeployment);
line('ledger outcomes', report.attempts.ledgerOutcomes);
line('faults injected', `${Object.values(report.faults.injected).reduce((a, b) => a + b, 0)} of ${report.faults.planned} requests`);
line('faults by kind', report.faults.injected);
line('heap after GC (MiB)', report.memory.samples.map((s) => `${s.settled}:${s.heapUsedMiB}`).join(' '));
line('heap after close (MiB)', String(report.memory.afterClose?.heapUsedMiB));
line('rss (MiB)', report.memory.samples.map((s) => s.rssMiB).join(' '));
line('exit after close (ms)', String(run.exitLagMs));

const problems = [...report.violations];
if (report.violationCount > report.violations.length) problems.push(`... and ${report.violationCount - report.violations.length} more`);
const samples = report.memory.samples;
if (samples.length >= 2) {
  const growth = samples.at(-1).heapUsedMiB - samples[0].heapUsedMiB;
  line('heap growth (MiB)', `${growth.toFixed(2)} (bound ${HEAP_BOUND_MIB})`);
  if (growth > HEAP_BOUND_MIB) problems.push(`heap after GC grew ${growth.toFixed(2)} MiB, beyond ${HEAP_BOUND_MIB} MiB`);
}
if (run.killed)
  problems.push(
    `the soak process did not exit on its own within ${EXIT_GRACE_MS} ms of closing; open: ${report.activeResourcesAfterClose.join(', ')}`,
  );
else if (run.code !== 0) problems.push(`the soak process exited with ${run.code}: ${run.stderr}`);
if (problems.length > 0) {
  console.error(`\nFAILED:\n- ${problems.join('\n- ')}`);
  process.exitCode = 1;
} else
  console.log('\nOK: every call settled once, the ledger accounts every attempt, the heap stayed flat, the process exited on its own.');
