// Runs every compiled test file with Node's built-in runner. Listing the files here keeps the
// command the same on Node 20 (which takes directories) and Node 22+ (which takes globs).
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

const root = '.test-build/test';
const files = readdirSync(root, { recursive: true })
  .map(String)
  .filter((f) => f.endsWith('.test.js'))
  .sort()
  .map((f) => join(root, f));
// A test file whose process never exits (a socket or timer left open) must fail the run, not hang CI.
const LIMIT_MS = 8 * 60 * 1000;
const result = spawnSync(process.execPath, ['--test', '--test-reporter=spec', ...process.argv.slice(2), ...files], { stdio: 'inherit', timeout: LIMIT_MS });
if (result.error !== undefined || result.status === null) {
  console.error(`test run did not finish within ${LIMIT_MS / 60000} minutes (${result.error?.message ?? result.signal}): a test left something open`);
  process.exit(1);
}
process.exit(result.status);
