/**
 * `cache` (client and call option) over real HTTP: the exact body each provider's server
 * receives. Anthropic gets cache_control breakpoints; OpenAI (Chat Completions and Responses)
 * gets a prompt_cache_key that stays the same while the tools and system prompt do.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createClient } from '../../src/index.js';
import { Router } from '../../src/router/index.js';
import type { ChatRequest } from '../../src/base/types.js';
import { startScriptedServer, type ScriptedServer } from '../helpers/scripted-server.js';
import { textBody } from '../providers/openai-responses/responses-test-support.js';
import { readEvents, toSSE } from '../providers/anthropic/anthropic-test-support.js';

const SYSTEM = 'You answer questions about the llmux code base. '.repeat(100);
const tool = {
  type: 'function' as const,
  function: {
    name: 'read_file',
    description: 'Reads a file of the llmux code base. '.repeat(120),
    parameters: { type: 'object', properties: { path: { type: 'string' } } },
  },
};

function request(model: string, question: string, system = SYSTEM): ChatRequest {
  return {
    model,
    max_tokens: 64,
    tools: [tool],
    messages: [
      { role: 'system', content: system },
      { role: 'user', content: 'Where is the router?' },
      { role: 'assistant', content: 'In src/router.' },
      { role: 'user', content: question },
    ],
  };
}

const anthropicMessage = JSON.stringify({
  id: 'msg_cache_1',
  type: 'message',
  role: 'assistant',
  model: 'claude-sonnet-4-5',
  content: [{ type: 'text', text: 'In src/core.' }],
  stop_reason: 'end_turn',
  stop_sequence: null,
  usage: { input_tokens: 5, cache_creation_input_tokens: 1200, cache_read_input_tokens: 0, output_tokens: 4 },
});

const chatCompletion = JSON.stringify({
  id: 'chatcmpl-cache-1',
  object: 'chat.completion',
  created: 1760000000,
  model: 'gpt-4o',
  choices: [{ index: 0, message: { role: 'assistant', content: 'In src/core.' }, finish_reason: 'stop' }],
  usage: { prompt_tokens: 1300, completion_tokens: 4, total_tokens: 1304, prompt_tokens_details: { cached_tokens: 1024 } },
});

describe('prompt caching over HTTP', () => {
  let server: ScriptedServer;
  let env: Record<string, string>;
  before(async () => {
    server = await startScriptedServer();
    env = {
      OPENAI_API_KEY: 'sk-cache-0123456789abcdef',
      OPENAI_BASE_URL: `${server.url}/v1`,
      ANTHROPIC_API_KEY: 'sk-ant-cache-0123456789',
      ANTHROPIC_BASE_URL: server.url,
      OPENROUTER_API_KEY: 'sk-or-cache-0123456789',
      OPENROUTER_BASE_URL: `${server.url}/api/v1`,
    };
  });
  after(() => server.close());

  it("Anthropic: the client's cache: 'auto' sends 4 breakpoints; a call's { ttl: '1h' } makes them 1h", async () => {
    server.received.length = 0;
    server.push({ status: 200, headers: { 'content-type': 'application/json' }, body: anthropicMessage });
    const client = createClient({ env, maxRetries: 0, cache: 'auto' });
    const answer = await client.complete(request('anthropic/claude-sonnet-4-5', 'And the client?'));
    assert.equal(answer.choices[0]?.message.content, 'In src/core.');
    const expected = (control: Record<string, unknown>) => ({
      model: 'claude-sonnet-4-5',
      system: [{ type: 'text', text: SYSTEM, cache_control: control }],
      messages: [
        { role: 'user', content: 'Where is the router?' },
        { role: 'assistant', content: [{ type: 'text', text: 'In src/router.', cache_control: control }] },
        { role: 'user', content: [{ type: 'text', text: 'And the client?', cache_control: control }] },
      ],
      max_tokens: 64,
      tools: [
        { name: 'read_file', description: tool.function.description, input_schema: tool.function.parameters, cache_control: control },
      ],
    });
    assert.deepEqual(server.received[0]?.json, expected({ type: 'ephemeral' }));

    server.push({ status: 200, headers: { 'content-type': 'application/json' }, body: anthropicMessage });
    await client.complete(request('anthropic/claude-sonnet-4-5', 'And the client?'), { cache: { ttl: '1h' } });
    assert.deepEqual(server.received[1]?.json, expected({ type: 'ephemeral', ttl: '1h' }));
    client.close();
  });

  it('Anthropic, streamed: the same breakpoints', async () => {
    server.received.length = 0;
    server.push({ status: 200, headers: { 'content-type': 'text/event-stream' }, body: toSSE(readEvents('text')) });
    const client = createClient({ env, maxRetries: 0 });
    const stream = client.stream(request('anthropic/claude-sonnet-4-5', 'And the client?'), { cache: 'auto' });
    await stream.finalResponse();
    client.close();
    const sent = server.received[0]?.json as {
      stream: boolean;
      tools: { cache_control?: unknown }[];
      messages: { content: { cache_control?: unknown }[] }[];
    };
    assert.equal(sent.stream, true);
    assert.deepEqual(sent.tools[0]?.cache_control, { type: 'ephemeral' });
    assert.deepEqual(
      sent.messages.map((m) => (Array.isArray(m.content) ? m.content[0]?.cache_control : undefined)),
      [undefined, { type: 'ephemeral' }, { type: 'ephemeral' }],
    );
  });

  it("a Router call's cache reaches the deployment it is sent to", async () => {
    server.received.length = 0;
    server.push({ status: 200, headers: { 'content-type': 'application/json' }, body: anthropicMessage });
    const router = new Router({
      deployments: [{ group: 'smart', model: 'anthropic/claude-sonnet-4-5', baseURL: server.url, apiKey: 'k' }],
      numRetries: 0,
      client: { env: {} },
    });
    try {
      await router.complete(request('smart', 'And the client?'), { cache: { ttl: '1h' } });
    } finally {
      await router.close();
    }
    const sent = server.received[0]?.json as { system: { cache_control?: unknown }[] };
    assert.deepEqual(sent.system[0]?.cache_control, { type: 'ephemeral', ttl: '1h' });
  });

  it('Claude through OpenRouter: breakpoints on the system prompt and the last two turns; other models get none', async () => {
    server.received.length = 0;
    const reply = { status: 200, headers: { 'content-type': 'application/json' }, body: chatCompletion };
    server.push(reply, reply);
    const client = createClient({ env, maxRetries: 0, cache: { ttl: '1h' } });
    await client.complete(request('openrouter/anthropic/claude-sonnet-4.5', 'And the client?'));
    await client.complete(request('openrouter/openai/gpt-4o', 'And the client?'));
    const control = { type: 'ephemeral', ttl: '1h' };
    const [claude, gpt] = server.received.map((r) => r.json as Record<string, unknown>);
    assert.deepEqual(claude, {
      model: 'anthropic/claude-sonnet-4.5',
      max_tokens: 64,
      tools: [tool],
      messages: [
        { role: 'system', content: [{ type: 'text', text: SYSTEM, cache_control: control }] },
        { role: 'user', content: 'Where is the router?' },
        { role: 'assistant', content: [{ type: 'text', text: 'In src/router.', cache_control: control }] },
        { role: 'user', content: [{ type: 'text', text: 'And the client?', cache_control: control }] },
      ],
    });
    assert.equal(JSON.stringify(gpt).includes('cache_control'), false);
    client.close();
  });

  it('OpenAI Chat Completions: one prompt_cache_key per tools + system prompt; a given key is sent as is', async () => {
    server.received.length = 0;
    const reply = { status: 200, headers: { 'content-type': 'application/json' }, body: chatCompletion };
    server.push(reply, reply, reply, reply, reply);
    const client = createClient({ env, maxRetries: 0 });
    await client.complete(request('openai/gpt-4o', 'And the client?'), { cache: 'auto' });
    await client.complete(request('openai/gpt-4o', 'And the stream?'), { cache: 'auto' });
    await client.complete(request('openai/gpt-4o', 'And the client?', 'Be brief.'), { cache: 'auto' });
    await client.complete(request('openai/gpt-4o', 'And the client?'), { cache: { key: 'tenant-42' } });
    await client.complete({ ...request('openai/gpt-4o', 'And the client?'), extra_body: { prompt_cache_key: 'mine' } }, { cache: 'auto' });
    const [first, second, otherSystem, given, own] = server.received.map((r) => r.json as Record<string, unknown>);
    const key = first!['prompt_cache_key'];
    assert.match(String(key), /^llmux-[0-9a-f]{16}$/);
    assert.deepEqual(first, {
      model: 'gpt-4o',
      max_tokens: 64,
      tools: [tool],
      messages: [
        { role: 'system', content: SYSTEM },
        { role: 'user', content: 'Where is the router?' },
        { role: 'assistant', content: 'In src/router.' },
        { role: 'user', content: 'And the client?' },
      ],
      prompt_cache_key: key,
    });
    assert.equal(second!['prompt_cache_key'], key, 'a later turn of the same conversation keeps the key');
    assert.notEqual(otherSystem!['prompt_cache_key'], key, 'another system prompt is another prefix');
    assert.equal(given!['prompt_cache_key'], 'tenant-42');
    assert.equal(own!['prompt_cache_key'], 'mine', 'a key in extra_body wins');
    assert.equal('prompt_cache_retention' in first!, false);
    client.close();
  });

  it('OpenAI Responses: the same key rule, and no key without cache', async () => {
    server.received.length = 0;
    const reply = { status: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify(textBody('gpt-4o')) };
    server.push(reply, reply);
    const client = createClient({ env, maxRetries: 0, cache: { key: 'app-7' } });
    await client.complete(request('openai/gpt-4o', 'And the client?'), { api: 'responses' });
    const plain = createClient({ env, maxRetries: 0 });
    await plain.complete(request('openai/gpt-4o', 'And the client?'), { api: 'responses' });
    const [cached, uncached] = server.received.map((r) => r.json as Record<string, unknown>);
    assert.equal(server.received[0]?.url, '/v1/responses');
    assert.equal(cached!['prompt_cache_key'], 'app-7');
    const { prompt_cache_key: _key, ...rest } = cached!;
    assert.deepEqual(rest, uncached, 'the key is the only difference');
    assert.equal('prompt_cache_key' in uncached!, false);
    client.close();
    plain.close();
  });
});
