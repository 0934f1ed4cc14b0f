import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AdapterContext } from '../../../src/providers/adapter-types.js';
import type { ModelInfo } from '../../../src/models/model-info.js';
import { selectOpenAIApi } from '../../../src/providers/openai/select-openai-api.js';

/** The fields the choice reads, for OpenAI itself, with the table's two lookups given. */
function context(model: string, table: Record<string, Partial<ModelInfo>>, loaded: boolean): { context: AdapterContext; asked: string[] } {
  const asked: string[] = [];
  const lookup = (id: string): ModelInfo | undefined => table[id] as ModelInfo | undefined;
  const partial = {
    provider: 'openai',
    model,
    providerOptions: {},
    modelInfo: async (id: string) => {
      asked.push(id);
      return lookup(id);
    },
    modelInfoNow: () => (loaded ? lookup : undefined),
  };
  return { context: partial as unknown as AdapterContext, asked };
}

describe('selectOpenAIApi', () => {
  const table: Record<string, Partial<ModelInfo>> = { 'openai/o3-pro': { mode: 'responses' }, 'openai/gpt-4o-mini': {} };

  it('answers at once from a loaded table: no promise, no asynchronous lookup', () => {
    const pro = context('o3-pro', table, true);
    assert.equal(selectOpenAIApi(pro.context), 'responses');
    const mini = context('gpt-4o-mini', table, true);
    assert.equal(selectOpenAIApi(mini.context), 'chat');
    const unknown = context('not-in-the-table', table, true);
    assert.equal(selectOpenAIApi(unknown.context), 'chat');
    assert.deepEqual([...pro.asked, ...mini.asked, ...unknown.asked], []);
  });

  it('asks the table asynchronously while it has not loaded, with the same answer', async () => {
    const pro = context('o3-pro', table, false);
    const chosen = selectOpenAIApi(pro.context);
    assert.ok(chosen instanceof Promise);
    assert.equal(await chosen, 'responses');
    assert.deepEqual(pro.asked, ['openai/o3-pro']);
  });
});
