import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type LlmuxClient, createClient } from '../../src/index.js';
import { type MockServer, startMockServer } from '../../src/mock-server/index.js';
import { completionCost, registerModel, resetModelTable } from '../../src/models/index.js';

const messages = [{ role: 'user' as const, content: 'How much does this cost?' }];

describe('every priced response carries its cost', () => {
  let server: MockServer;
  let client: LlmuxClient;
  before(async () => {
    server = await startMockServer();
    client = createClient({
      env: {},
      providers: {
        openai: { baseURL: server.openaiBaseURL, apiKey: 'k' },
        anthropic: { baseURL: server.anthropicBaseURL, apiKey: 'k' },
        vllm: { baseURL: server.openaiBaseURL },
      },
    });
  });
  after(async () => {
    client.close();
    resetModelTable();
    await server.close();
  });

  for (const model of ['openai/gpt-4o', 'anthropic/claude-sonnet-4-5']) {
    it(`${model}: complete() and stream() give the same cost, from the table`, async () => {
      const whole = await client.complete({ model, messages });
      assert.ok(whole.usage !== undefined && whole.usage.prompt_tokens > 0);
      assert.ok(whole.cost !== undefined);
      assert.deepEqual(whole.cost, completionCost({ model, usage: whole.usage }));
      assert.equal(whole.cost.source, 'table');
      assert.ok(whole.cost.total > 0);

      const stream = client.stream({ model, messages });
      const priced = [];
      for await (const chunk of stream) if (chunk.cost !== undefined) priced.push(chunk);
      assert.equal(priced.length, 1, 'exactly the usage chunk is priced');
      assert.ok(priced[0]!.usage);
      const final = await stream.finalResponse();
      assert.deepEqual(final.usage, whole.usage);
      assert.deepEqual(final.cost, whole.cost);
    });
  }

  it('a model the table does not price gets no cost, and the call is unaffected', async () => {
    const response = await client.complete({ model: 'vllm/local-model', messages });
    assert.ok(response.usage);
    assert.equal(response.cost, undefined);
    assert.match(response.choices[0]!.message.content ?? '', /How much does this cost/);
  });

  it('a registered model is priced at its registered prices', async () => {
    registerModel('vllm/local-priced', { inputCostPerToken: 1e-6, outputCostPerToken: 2e-6 });
    const response = await client.complete({ model: 'vllm/local-priced', messages });
    const usage = response.usage!;
    assert.equal(response.cost?.total, usage.prompt_tokens * 1e-6 + usage.completion_tokens * 2e-6);
  });

  it('cost: false leaves responses and chunks unpriced', async () => {
    const plain = createClient({ env: {}, cost: false, providers: { openai: { baseURL: server.openaiBaseURL, apiKey: 'k' } } });
    try {
      const response = await plain.complete({ model: 'openai/gpt-4o', messages });
      assert.ok(response.usage);
      assert.equal(response.cost, undefined);
      const final = await plain.stream({ model: 'openai/gpt-4o', messages }).finalResponse();
      assert.equal(final.cost, undefined);
    } finally {
      plain.close();
    }
  });

  it('a stream cut off after its usage chunk reports the cost in the partial response', async () => {
    const events: unknown[] = [];
    for await (const chunk of client.stream({ model: 'openai/gpt-4o', messages })) events.push(chunk);
    // Every chunk arrives, then the connection drops before [DONE]: a truncation, usage and cost kept.
    server.injectFaults([{ resetAfterChunks: events.length, api: 'openai' }]);
    const stream = client.stream({ model: 'openai/gpt-4o', messages }, { maxRetries: 0 });
    await assert.rejects(stream.finalResponse(), (error: { partialResponse?: { cost?: { total: number }; usage?: unknown } }) => {
      assert.ok(error.partialResponse?.usage, 'usage kept');
      assert.ok((error.partialResponse?.cost?.total ?? 0) > 0, 'cost kept');
      return true;
    });
  });
});
