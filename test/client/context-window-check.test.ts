import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ContextWindowExceededError, type LlmuxClient, createClient } from '../../src/index.js';
import { type MockServer, startMockServer } from '../../src/mock-server/index.js';

// gpt-4 (the 2023 model) has an 8,192-token window in the model table.
const long = [{ role: 'user' as const, content: 'word '.repeat(20_000) }];
const short = [{ role: 'user' as const, content: 'Hi' }];

describe('pre-flight context window check (opt-in)', () => {
  let server: MockServer;
  let client: LlmuxClient;
  before(async () => {
    server = await startMockServer();
    client = createClient({
      env: {},
      checkContextWindow: true,
      providers: { openai: { baseURL: server.openaiBaseURL, apiKey: 'k' }, vllm: { baseURL: server.openaiBaseURL } },
    });
  });
  after(async () => {
    client.close();
    await server.close();
  });

  it('refuses a prompt longer than the window before sending it, for complete() and stream()', async () => {
    const before = server.requests.length;
    const check = (error: unknown): boolean => {
      assert.ok(error instanceof ContextWindowExceededError);
      assert.match(
        error.message,
        /The prompt is \d+ tokens \((counted with cl100k_base|estimated)\), more than the 8192-token context window of openai\/gpt-4/,
      );
      assert.equal(error.retryable, false);
      return true;
    };
    await assert.rejects(client.complete({ model: 'openai/gpt-4', messages: long }), check);
    await assert.rejects(client.stream({ model: 'openai/gpt-4', messages: long }).finalResponse(), check);
    assert.equal(server.requests.length, before, 'nothing was sent');
  });

  it('lets a prompt that fits through, and a model without a known window', async () => {
    assert.ok((await client.complete({ model: 'openai/gpt-4', messages: short })).choices[0]);
    assert.ok((await client.complete({ model: 'vllm/anything', messages: long })).choices[0]);
  });

  it('is off unless asked for, and a call can turn it on or off', async () => {
    const plain = createClient({ env: {}, providers: { openai: { baseURL: server.openaiBaseURL, apiKey: 'k' } } });
    try {
      assert.ok((await plain.complete({ model: 'openai/gpt-4', messages: long })).choices[0]);
      await assert.rejects(
        plain.complete({ model: 'openai/gpt-4', messages: long }, { checkContextWindow: true }),
        ContextWindowExceededError,
      );
      assert.ok((await client.complete({ model: 'openai/gpt-4', messages: long }, { checkContextWindow: false })).choices[0]);
    } finally {
      plain.close();
    }
  });
});
