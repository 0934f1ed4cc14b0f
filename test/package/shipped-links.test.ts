// On the npm page and in an installed package, README links and CLI help point at files: each
// relative link must name a file the published tarball contains.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

function packedFiles(): string[] {
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const out = execFileSync(npm, ['pack', '--dry-run', '--json', '--ignore-scripts'], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  return (JSON.parse(out) as Array<{ files: Array<{ path: string }> }>)[0]!.files.map((f) => f.path);
}

test('every relative README link and every docs/ path in CLI help names a published file', () => {
  const files = packedFiles();
  const shipped = (target: string) =>
    files.includes(target) || files.some((f) => f.startsWith(target.endsWith('/') ? target : `${target}/`));
  const readme = readFileSync('README.md', 'utf8');
  const links = [...readme.matchAll(/\]\(([^)\s#]+)(?:#[^)]*)?\)/g)].map((m) => m[1]!).filter((href) => !/^[a-z]+:/i.test(href));
  assert.ok(links.length > 0, 'the README has relative links to check');
  const help = readFileSync('src/cli/help.ts', 'utf8');
  const helpPaths = [...help.matchAll(/\bdocs\/[\w.-]+\.md\b/g)].map((m) => m[0]);
  assert.ok(helpPaths.length > 0, 'the CLI help names docs');
  for (const target of [...links, ...helpPaths]) assert.ok(shipped(target.replace(/^\.\//, '')), `${target} is in the published package`);
  assert.ok(files.includes('LICENSE'), 'the license ships');
  assert.ok(
    files.includes('dist/testing/fixtures/LICENSE-APACHE-2.0.txt'),
    'the notice of the recorded responses in dist/testing ships beside them',
  );
  assert.ok(!files.some((f) => f.startsWith('src/') || f.startsWith('test/')), 'sources and tests stay out of the tarball');
});

test('the published package runs no install-time script', () => {
  const scripts = (JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> }).scripts;
  for (const hook of ['preinstall', 'install', 'postinstall', 'prepare']) assert.equal(scripts[hook], undefined, `no ${hook} script`);
  assert.match(scripts['prepack'] ?? '', /build/, 'the tarball is built on prepack');
});
