import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TRACE_LOADS, cleanEnv, runCli } from './cli-harness.js';

const TRACE = TRACE_LOADS;

async function loadedModules(args: string[], stdin?: string): Promise<string[]> {
  const result = await runCli(args, { env: cleanEnv(), nodeArgs: TRACE, ...(stdin === undefined ? {} : { stdin }) });
  assert.equal(result.code, 0, result.stderr);
  return [...result.stderr.matchAll(/^LOADED file:\/\/(.+)$/gm)].map((m) => m[1]!);
}

/** Never needed to read the table: no adapter, no HTTP, no mock server, no other command. */
const HEAVY =
  /\/src\/(?:providers\/[^/]+\/|transport\/node-transport|transport\/fetch-transport|mock-server\/|cli\/commands\/(?:chat|demo|mock-server))/;

describe('what the model table commands load', () => {
  for (const args of [
    ['models', 'gpt-4o'],
    ['cost', '-m', 'gpt-4o', '--input', '10', '--output', '10'],
  ]) {
    it(`${args.join(' ')} loads the table but no provider, transport or tokenizer`, async () => {
      const loaded = await loadedModules(args);
      assert.ok(
        loaded.some((m) => m.endsWith('/src/models/model-table.js')),
        loaded.join('\n'),
      );
      assert.deepEqual(
        loaded.filter((m) => HEAVY.test(m) && !m.endsWith('/providers/registry.js')),
        [],
      );
      assert.deepEqual(
        loaded.filter((m) => m.includes('/node_modules/gpt-tokenizer/')),
        [],
      );
    });
  }

  it('tokens for a model without a tokenizer loads no tokenizer and sends nothing', async () => {
    const loaded = await loadedModules(['tokens', '-m', 'ollama/llama3.1'], 'some text');
    assert.deepEqual(
      loaded.filter((m) => m.includes('/node_modules/gpt-tokenizer/') || (HEAVY.test(m) && !m.endsWith('/providers/registry.js'))),
      [],
    );
  });
});
