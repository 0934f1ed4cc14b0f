// The README says CommonJS code can `require('llmux')` on Node >= 20.19 / >= 22.12, where
// require() loads ES modules that use no top-level await. This loads every export that way, in a
// child process that sees the built package by name, as an installed dependency would.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../../', import.meta.url));

const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
const requiresEsm = (major === 20 && minor >= 19) || (major === 22 && minor >= 12) || major >= 23;

test(
  'every subpath loads with require() where Node can require ES modules',
  { skip: !requiresEsm && 'this Node cannot require() ES modules' },
  () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { exports: Record<string, unknown> };
    const subpaths = Object.keys(pkg.exports)
      .filter((s) => s !== './package.json')
      .map((s) => (s === '.' ? 'llmux' : `llmux/${s.slice(2)}`));
    const work = mkdtempSync(join(tmpdir(), 'llmux-cjs-'));
    try {
      mkdirSync(join(work, 'node_modules'));
      symlinkSync(root, join(work, 'node_modules', 'llmux'), 'dir');
      // Optional peers resolve from llmux's own dev install, as they would from the app's.
      writeFileSync(
        join(work, 'app.cjs'),
        `const out = {};\nfor (const id of ${JSON.stringify(subpaths)}) out[id] = Object.keys(require(id)).length;\nconsole.log(JSON.stringify(out));\n`,
      );
      const out = execFileSync(process.execPath, ['--no-warnings', join(work, 'app.cjs')], { cwd: work, encoding: 'utf8' });
      const loaded = JSON.parse(out) as Record<string, number>;
      assert.deepEqual(Object.keys(loaded).sort(), [...subpaths].sort());
      for (const [id, count] of Object.entries(loaded)) assert.ok(count > 0, `${id} has exports`);
      assert.equal(typeof (loaded['llmux'] ?? 0), 'number');
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  },
);
