// `npm test`: one TypeScript build, then every test file with Node's built-in runner.
//
// 1. redis-server and chromium are checked (and installed where apt-get may be used), and the
//    code linted (oxlint, oxfmt, knip), before anything runs.
// 2. One tsc pass compiles src, test and examples into .test-build/ (with declarations); dist/ is
//    that same output of src/, bundled by scripts/bundle.mjs, so the library is compiled once.
// 3. Test files run several at a time (they are I/O-bound: local servers, child processes);
//    the terminal gets failures and a closing `N passed, N failed` line, the full spec report
//    goes to .test-build/test-report.txt.
//
// Arguments are passed to `node --test` (e.g. `npm test -- --test-name-pattern=redis`), except
// `--unit` (`npm run test:unit`): the fast lane, without the folders that start processes,
// servers, browsers or type-checkers by the dozen (soak, generator, hostile, redis, cli, edge). The full run
// stays the one CI and the README use.
// LLMUX_TEST_CONCURRENCY sets how many files run at once; LLMUX_TEST_SLOWEST=N lists the N
// slowest files at the end.
import { spawnSync } from 'node:child_process';
import { cpSync, readdirSync, rmSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';

const step = (label, command, args) => {
  const started = Date.now();
  const result = spawnSync(command, args, { stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`${label} failed`);
    process.exit(result.status ?? 1);
  }
  return Date.now() - started;
};

const args = process.argv.slice(2);
const unit = args.includes('--unit');

if (!unit) step('system package check (redis-server, chromium)', process.execPath, ['scripts/ensure-system-packages.mjs']);
// Lint (oxlint), format (oxfmt) and unused files, dependencies or exports (knip): about a second, before the build.
step('lint (npm run lint)', process.execPath, [
  'node_modules/oxlint/bin/oxlint',
  '--deny-warnings',
  '--quiet',
  'src',
  'test',
  'examples',
  'scripts',
  'bench',
]);
step('format (npm run format fixes it)', process.execPath, ['node_modules/oxfmt/bin/oxfmt', '--check']);
step('unused files, dependencies and exports (npm run lint)', process.execPath, [
  'node_modules/knip/bin/knip.js',
  '--no-progress',
  '--include',
  'files,dependencies,unlisted,binaries,unresolved,exports,types',
]);

const out = '.test-build';
rmSync(out, { recursive: true, force: true });
const tscMs = step('tsc -p tsconfig.test.json', process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.test.json']);
rmSync('dist', { recursive: true, force: true });
cpSync(join(out, 'src'), 'dist', { recursive: true });
const bundleMs = step('bundle', process.execPath, ['scripts/bundle.mjs']);
console.log(
  `built in ${((tscMs + bundleMs) / 1000).toFixed(0)} s (tsc ${(tscMs / 1000).toFixed(0)} s, bundle ${(bundleMs / 1000).toFixed(0)} s)`,
);

const SLOW_LANES = ['soak', 'generator', 'hostile', 'redis', 'cli', 'edge'];
const root = join(out, 'test');
// Listing the files keeps the command the same on Node 20 (directories) and Node 22+ (globs).
const files = readdirSync(root, { recursive: true })
  .map(String)
  .filter((f) => f.endsWith('.test.js'))
  .filter((f) => !unit || !SLOW_LANES.includes(f.split(/[\\/]/)[0] ?? ''))
  .sort()
  .map((f) => join(root, f));
const concurrency = Number(process.env.LLMUX_TEST_CONCURRENCY) || Math.max(4, availableParallelism() * 2);
// A test file whose process never exits (a socket or timer left open) must fail the run, not hang CI.
const LIMIT_MS = 10 * 60 * 1000;
const report = join(out, 'test-report.txt');
const testArgs = [
  '--test',
  `--test-concurrency=${concurrency}`,
  '--test-reporter=spec',
  `--test-reporter-destination=${report}`,
  '--test-reporter=./scripts/summary-reporter.mjs',
  '--test-reporter-destination=stdout',
  ...args.filter((a) => a !== '--unit'),
  ...files,
];
console.log(`running ${files.length} test files, ${concurrency} at a time (full report: ${report})`);
const result = spawnSync(process.execPath, testArgs, { stdio: 'inherit', timeout: LIMIT_MS });
if (result.error !== undefined || result.status === null) {
  console.error(
    `test run did not finish within ${LIMIT_MS / 60000} minutes (${result.error?.message ?? result.signal}): a test left something open`,
  );
  process.exit(1);
}
process.exit(result.status);
