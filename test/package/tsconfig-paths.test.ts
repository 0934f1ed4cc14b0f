// `npm test` compiles src/ once and bundles that output as dist/; until then the package's own
// subpaths resolve through tsconfig.test.json's `paths`. This keeps that list equal to the
// `exports` map, so a new subpath cannot type-check against a stale or missing dist/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import ts from 'typescript';

test('tsconfig.test.json maps every package export to its source file', () => {
  const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as {
    name: string;
    exports: Record<string, { node?: string; default?: string } | string>;
  };
  const config = ts.readConfigFile('tsconfig.test.json', ts.sys.readFile);
  assert.equal(config.error, undefined);
  const paths = (config.config as { compilerOptions: { paths: Record<string, string[]> } }).compilerOptions.paths;
  const expected: Record<string, string[]> = {};
  for (const [subpath, target] of Object.entries(pkg.exports)) {
    if (typeof target === 'string') continue; // ./package.json
    // The root's file under `node` is the one built from src/index.ts (see scripts/bundle.mjs).
    const file = target.node ?? target.default ?? '';
    assert.ok(file.startsWith('./dist/') && file.endsWith('.js'), `${subpath} points into dist/`);
    expected[subpath === '.' ? pkg.name : `${pkg.name}/${subpath.slice(2)}`] = [`./src/${file.slice('./dist/'.length, -'.js'.length)}.ts`];
  }
  assert.deepEqual(paths, expected);
});
