import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import OpenAI from 'openai';
import { startMockServer } from '../../src/mock-server/index.js';
import type { MockServer } from '../../src/mock-server/index.js';

// The official SDK is the strictest reader of the OpenAI wire format available offline; if it
// accepts the mock's responses and maps its errors, so should any OpenAI-compatible client.
describe('mock server: read by the openai SDK', () => {
  let server: MockServer;
  let client: OpenAI;
  before(async () => {
    server = await startMockServer({ apiKey: 'sk-mock' });
    client = new OpenAI({ baseURL: server.openaiBaseURL, apiKey: 'sk-mock', maxRetries: 0 });
  });
  after(() => server.close());

  const messages = [{ role: 'user' as const, content: 'hello sdk' }];

  test('completes and streams text', async () => {
    const completion = await client.chat.completions.create({ model: 'gpt-mock', messages });
    const content = completion.choices[0]?.message.content;
    assert.equal(content, 'Hello from the llmux mock server. You said: hello sdk');

    const stream = await client.chat.completions.create({
      model: 'gpt-mock',
      messages,
      stream: true,
      stream_options: { include_usage: true },
    });
    let text = '';
    let usage: unknown;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? '';
      if (chunk.usage) usage = chunk.usage;
    }
    assert.equal(text, content);
    assert.deepEqual(usage, completion.usage);
  });

  test('streams a tool call the SDK can accumulate', async () => {
    const runner = client.chat.completions.stream({
      model: 'gpt-mock',
      messages,
      tools: [
        {
          type: 'function',
          function: {
            name: 'add',
            parameters: { type: 'object', properties: { a: { type: 'number' }, b: { type: 'number' } }, required: ['a', 'b'] },
          },
        },
      ],
    });
    const final = await runner.finalChatCompletion();
    const call = final.choices[0]?.message.tool_calls?.[0];
    assert.equal(call?.type, 'function');
    assert.equal(call?.type === 'function' && call.function.name, 'add');
    assert.deepEqual(call?.type === 'function' && JSON.parse(call.function.arguments), { a: 1, b: 1 });
    assert.equal(final.choices[0]?.finish_reason, 'tool_calls');
  });

  test('surfaces injected faults as the SDK error classes', async () => {
    server.injectFaults([{ status: 429, retryAfter: 1 }]);
    await assert.rejects(client.chat.completions.create({ model: 'gpt-mock', messages }), OpenAI.RateLimitError);
    const wrongKey = new OpenAI({ baseURL: server.openaiBaseURL, apiKey: 'sk-wrong', maxRetries: 0 });
    await assert.rejects(wrongKey.chat.completions.create({ model: 'gpt-mock', messages }), OpenAI.AuthenticationError);
    server.injectFaults([{ resetAfterChunks: 2 }]);
    await assert.rejects(async () => {
      const stream = await client.chat.completions.create({ model: 'gpt-mock', messages, stream: true });
      for await (const chunk of stream) void chunk;
    });
  });
});
