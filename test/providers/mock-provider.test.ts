import assert from 'node:assert/strict';
import { getEventListeners } from 'node:events';
import { describe, it } from 'node:test';
import { RateLimitError, createClient } from '../../src/index.js';
import { splitText } from '../../src/providers/mock/build-mock-chunks.js';

const client = createClient({ env: {} });
const messages = [{ role: 'user' as const, content: 'ping' }];

describe('mock provider', () => {
  it('echoes the last user message by default, with usage', async () => {
    const res = await client.complete({ model: 'mock/any', messages });
    assert.equal(res.choices[0]?.message.content, 'Mock reply to: ping');
    assert.equal(res.provider, 'mock');
    assert.equal(res.model, 'any');
    assert.ok((res.usage?.total_tokens ?? 0) > 0);
  });

  it('streams fixed text in the requested number of chunks', async () => {
    const s = client.stream({ model: 'mock/any', messages, mock_response: { content: 'one two three four five six', chunks: 3 } });
    const parts: string[] = [];
    for await (const t of s.textStream) parts.push(t);
    assert.deepEqual(parts, ['one two ', 'three four ', 'five six']);
    assert.equal((await s.finalResponse()).choices[0]?.message.content, 'one two three four five six');
  });

  it('returns tool calls with serialized arguments', async () => {
    const res = await client.complete({
      model: 'mock/any',
      messages,
      mock_response: { tool_calls: [{ name: 'lookup', arguments: { q: 'llmux' } }] },
    });
    const call = res.choices[0]?.message.tool_calls?.[0];
    assert.equal(call?.function.name, 'lookup');
    assert.deepEqual(JSON.parse(call?.function.arguments ?? ''), { q: 'llmux' });
    assert.equal(res.choices[0]?.finish_reason, 'tool_calls');
  });

  it('raises mapped errors and is retried like a real provider', async () => {
    const retried: number[] = [];
    const c = createClient({ env: {}, maxRetries: 1, onRetry: ({ delayMs }) => retried.push(delayMs) });
    await assert.rejects(
      c.complete({
        model: 'mock/any',
        messages,
        mock_response: { error: { status: 429, message: 'slow down', headers: { 'Retry-After-Ms': '5' } } },
      }),
      (e: unknown) => e instanceof RateLimitError && e.providerMessage === 'slow down' && e.retryAfterMs === 5,
    );
    assert.deepEqual(retried, [5]);
  });

  it("a finished stream leaves no listener on the caller's signal", async () => {
    const controller = new AbortController();
    for (let i = 0; i < 3; i++) await client.stream({ model: 'mock/any', messages }, { signal: controller.signal }).finalResponse();
    const broken = client.stream({ model: 'mock/any', messages, mock_response: { error: { status: 400 } } }, { signal: controller.signal });
    await assert.rejects(broken.finalResponse());
    assert.equal(getEventListeners(controller.signal, 'abort').length, 0);
  });

  it('a plain string is the reply text', async () => {
    const res = await client.complete({ model: 'mock/any', messages, mock_response: 'fixed' });
    assert.equal(res.choices[0]?.message.content, 'fixed');
  });

  it('splitText keeps every character', () => {
    assert.equal(splitText('a  b\nc ', 2).join(''), 'a  b\nc ');
    assert.deepEqual(splitText('a b c'), ['a ', 'b ', 'c']);
  });
});
