/**
 * Trap: litellm-style `mock_response` on a real model was stripped and a real (paid) request
 * went out. It is answered by the mock, on any model, without a request (and without a key);
 * a client with no mock refuses it. The mock takes OpenAI-shaped tool calls and explicit chunks.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ConfigurationError, RateLimitError, createClient } from '../../src/index.js';
import { complete as liteComplete, createClient as createLiteClient } from '../../src/lite/index.js';
import { openai } from '../../src/providers/openai/index.js';
import { startScriptedServer, type ScriptedServer } from '../helpers/scripted-server.js';

const messages = [{ role: 'user' as const, content: 'What is 2+2?' }];

describe('trap: mock_response on a real model', () => {
  let server: ScriptedServer;
  let env: Record<string, string>;
  before(async () => {
    // Anything that reaches it is a request that should not have been sent.
    server = await startScriptedServer({ status: 500, body: 'a real request was sent' });
    env = {
      OPENAI_API_KEY: 'sk-paid-0123456789abcdef',
      OPENAI_BASE_URL: `${server.url}/v1`,
      ANTHROPIC_API_KEY: 'sk-ant-paid-0123456789',
      ANTHROPIC_BASE_URL: server.url,
    };
  });
  after(() => server.close());

  it("complete() on openai/gpt-4o answers the mock text and sends nothing; usage and cost are the model's", async () => {
    const client = createClient({ env, maxRetries: 0 });
    const res = await client.complete({ model: 'openai/gpt-4o', messages, mock_response: 'It is 4.' });
    assert.equal(res.choices[0]?.message.content, 'It is 4.');
    assert.equal(res.provider, 'openai');
    assert.equal(res.model, 'gpt-4o');
    assert.ok((res.usage?.total_tokens ?? 0) > 0);
    assert.ok((res.cost?.total ?? 0) > 0, 'priced as gpt-4o, as litellm prices a mock');
    assert.equal(server.received.length, 0);
    client.close();
  });

  it('stream() on an Anthropic model streams the mock text and sends nothing', async () => {
    const client = createClient({ env, maxRetries: 0 });
    const stream = client.stream({ model: 'anthropic/claude-sonnet-4-5', messages, mock_response: { content: 'It is 4.', chunks: 2 } });
    const pieces: string[] = [];
    for await (const text of stream.textStream) pieces.push(text);
    assert.deepEqual(pieces, ['It ', 'is 4.']);
    assert.equal(server.received.length, 0);
    client.close();
  });

  it('needs no key, as a test suite without one expects', async () => {
    const client = createClient({ env: {}, maxRetries: 0 });
    const res = await client.complete({ model: 'gpt-4o-mini', messages, mock_response: 'ok' });
    assert.equal(res.choices[0]?.message.content, 'ok');
    assert.equal(server.received.length, 0);
  });

  it("a mocked failure is thrown as the provider's would be, without a request", async () => {
    const client = createClient({ env, maxRetries: 0 });
    await assert.rejects(
      client.complete({ model: 'openai/gpt-4o', messages, mock_response: { error: { status: 429, message: 'slow down' } } }),
      RateLimitError,
    );
    assert.equal(server.received.length, 0);
    client.close();
  });

  it('llmux/lite, which has no mock, refuses it with a ConfigurationError rather than send', async () => {
    const client = createLiteClient({ providers: { openai: openai() }, env, maxRetries: 0 });
    await assert.rejects(liteComplete(client, { model: 'openai/gpt-4o', messages, mock_response: 'It is 4.' }), (error: unknown) => {
      assert.ok(error instanceof ConfigurationError);
      assert.match(error.message, /mock_response/);
      return true;
    });
    assert.equal(server.received.length, 0);
    client.close();
  });
});

describe("trap: the mock provider's tool calls and chunks", () => {
  const client = createClient({ env: {} });

  it('takes OpenAI-shaped tool_calls, as a response carries them', async () => {
    const res = await client.complete({
      model: 'mock/any',
      messages,
      mock_response: {
        tool_calls: [
          { id: 'call_1', type: 'function', function: { name: 'add', arguments: '{"a":2,"b":2}' } },
          { function: { name: 'log', arguments: { line: 'x' } } },
          { name: 'flat', arguments: {} },
        ],
      },
    });
    const calls = res.choices[0]?.message.tool_calls ?? [];
    assert.deepEqual(
      calls.map((call) => [
        call.id,
        call.type === 'function' ? call.function.name : '',
        call.type === 'function' ? JSON.parse(call.function.arguments) : undefined,
      ]),
      [
        ['call_1', 'add', { a: 2, b: 2 }],
        ['call_mock_1', 'log', { line: 'x' }],
        ['call_mock_2', 'flat', {}],
      ],
    );
    assert.equal(res.choices[0]?.finish_reason, 'tool_calls');
  });

  it('streams chunks: ["a", "b"] as exactly those pieces', async () => {
    const pieces: string[] = [];
    const stream = client.stream({ model: 'mock/any', messages, mock_response: { chunks: ['Hel', 'lo', ' world'] } });
    for await (const text of stream.textStream) pieces.push(text);
    assert.deepEqual(pieces, ['Hel', 'lo', ' world']);
    assert.equal((await stream.finalResponse()).choices[0]?.message.content, 'Hello world');
  });

  it('a malformed mock spec is a ConfigurationError naming the field, not a TypeError', async () => {
    await assert.rejects(
      client.complete({ model: 'mock/any', messages, mock_response: { tool_calls: [{ type: 'function', fn: { name: 'x' } } as never] } }),
      (error: unknown) => error instanceof ConfigurationError && /mock_response\.tool_calls\[0\]/.test(error.message),
    );
    await assert.rejects(
      client.complete({ model: 'mock/any', messages, mock_response: { content: 'Hello', chunks: ['Hel', 'p'] } }),
      (error: unknown) =>
        error instanceof ConfigurationError && /mock_response\.chunks spell "Help", not its content "Hello"/.test(error.message),
    );
  });
});
