import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TRACE_LOADS, cleanEnv, runCli } from './cli-harness.js';

const TRACE = TRACE_LOADS;

async function loadedModules(args: string[]): Promise<string[]> {
  const result = await runCli(args, { env: cleanEnv(), nodeArgs: TRACE });
  assert.equal(result.code, 0, result.stderr);
  return [...result.stderr.matchAll(/^LOADED file:\/\/.*?\/src\/(.+)$/gm)].map((m) => m[1]!);
}

describe('what each command loads', () => {
  it('--help loads only the entry point and the help text', async () => {
    const loaded = await loadedModules(['--help']);
    assert.ok(loaded.includes('cli/help.js'), loaded.join(', '));
    // Redaction (for error output) and the header-name rule it applies are all it takes from below cli/.
    const redaction = new Set(['util/redact.js', 'util/classify-header-name.js']);
    assert.deepEqual(
      loaded.filter((m) => !m.startsWith('cli/') && !redaction.has(m)),
      [],
    );
  });

  it('chat loads the client but neither the mock server nor the other commands', async () => {
    const loaded = await loadedModules(['chat', 'hi']);
    assert.ok(loaded.includes('client.js'), loaded.join(', '));
    assert.deepEqual(
      loaded.filter((m) => m.startsWith('mock-server/') || m === 'cli/commands/demo.js' || m === 'cli/commands/mock-server.js'),
      [],
    );
  });
});
