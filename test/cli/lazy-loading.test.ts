import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cleanEnv, runCli } from './cli-harness.js';

// A module resolve hook that reports every local module the CLI loads, one per stderr line.
const hooks = `export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  if (result.url.startsWith('file:')) process.stderr.write('LOADED ' + result.url + '\\n');
  return result;
}`;
const register = `import { register } from 'node:module'; register(${JSON.stringify(`data:text/javascript,${encodeURIComponent(hooks)}`)});`;
const TRACE = ['--import', `data:text/javascript,${encodeURIComponent(register)}`];

async function loadedModules(args: string[]): Promise<string[]> {
  const result = await runCli(args, { env: cleanEnv(), nodeArgs: TRACE });
  assert.equal(result.code, 0, result.stderr);
  return [...result.stderr.matchAll(/^LOADED file:\/\/.*?\/src\/(.+)$/gm)].map((m) => m[1]!);
}

describe('what each command loads', () => {
  it('--help loads only the entry point and the help text', async () => {
    const loaded = await loadedModules(['--help']);
    assert.ok(loaded.includes('cli/help.js'), loaded.join(', '));
    assert.deepEqual(loaded.filter((m) => !m.startsWith('cli/') && m !== 'core/redact.js'), []);
  });

  it('chat loads the client but neither the mock server nor the other commands', async () => {
    const loaded = await loadedModules(['chat', 'hi']);
    assert.ok(loaded.includes('client.js'), loaded.join(', '));
    assert.deepEqual(loaded.filter((m) => m.startsWith('mock-server/') || m === 'cli/commands/demo.js' || m === 'cli/commands/mock-server.js'), []);
  });
});
