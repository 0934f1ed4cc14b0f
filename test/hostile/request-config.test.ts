/**
 * Odd values a user pastes: a header value with a line break or a character beyond Latin-1, a
 * header name that is no HTTP token, an API key with a newline inside, and `extra_body` fields
 * that would replace what llmux sends. Each is a ConfigurationError naming what is wrong, thrown
 * before any request (never a TypeError from the transport, never a paid call that llmux then
 * misreads), and the key is never quoted.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ConfigurationError, createClient, type ChatRequest, type LlmuxClient } from '../../src/index.js';
import { type ScriptedServer, sse, startScriptedServer, scriptedProviders } from '../helpers/scripted-server.js';

const messages = [{ role: 'user' as const, content: 'Hi' }];
const KEY = 'sk-test-SENTINEL-config-0123456789';
const OK_BODY = JSON.stringify({
  id: 'c',
  object: 'chat.completion',
  created: 1,
  model: 'm',
  choices: [{ index: 0, message: { role: 'assistant', content: 'ok' }, finish_reason: 'stop' }],
});
const ANTHROPIC_OK = JSON.stringify({
  id: 'msg',
  type: 'message',
  role: 'assistant',
  model: 'claude-x',
  content: [{ type: 'text', text: 'ok' }],
  stop_reason: 'end_turn',
  usage: { input_tokens: 1, output_tokens: 1 },
});

describe('headers and keys that cannot be sent', () => {
  let server: ScriptedServer;
  before(async () => {
    server = await startScriptedServer({ body: OK_BODY });
  });
  after(() => server.close());

  const clientWith = (options: {
    headers?: Record<string, string>;
    providerHeaders?: Record<string, string>;
    apiKey?: string;
  }): LlmuxClient =>
    createClient({
      providers: {
        openai: {
          baseURL: `${server.url}/v1`,
          apiKey: options.apiKey ?? KEY,
          ...(options.providerHeaders ? { headers: options.providerHeaders } : {}),
        },
      },
      ...(options.headers ? { headers: options.headers } : {}),
      env: {},
      maxRetries: 0,
    });

  const cases: {
    name: string;
    client: () => LlmuxClient;
    call?: { headers: Record<string, string> };
    request?: Partial<ChatRequest>;
    names: RegExp;
  }[] = [
    {
      name: 'a client header value with CRLF',
      client: () => clientWith({ headers: { 'x-team': 'a\r\nx-injected: 1' } }),
      names: /header "x-team".*line break/,
    },
    {
      name: 'a provider header value with LF',
      client: () => clientWith({ providerHeaders: { 'x-org': 'org\n' + 'more' } }),
      names: /header "x-org".*line break/,
    },
    {
      name: 'a call header value beyond Latin-1',
      client: () => clientWith({}),
      call: { headers: { 'x-title': 'プロジェクト' } },
      names: /header "x-title".*character code 12503/,
    },
    {
      name: 'an extra_headers value with NUL',
      client: () => clientWith({}),
      request: { extra_headers: { 'x-nul': 'a\0b' } },
      names: /header "x-nul".*character code 0 /,
    },
    { name: 'a header name with a space', client: () => clientWith({ headers: { 'x bad': '1' } }), names: /header name "x bad"/ },
    { name: 'a header name beyond Latin-1', client: () => clientWith({ headers: { 'x-ключ': '1' } }), names: /header name "x-ключ"/ },
    { name: 'an API key with CRLF inside', client: () => clientWith({ apiKey: `${KEY}\r\nx-injected: 1` }), names: /API key.*line break/ },
    {
      name: 'an API key with a character beyond Latin-1',
      client: () => clientWith({ apiKey: `${KEY}…` }),
      names: /API key.*character code 8230/,
    },
  ];

  for (const c of cases) {
    it(`${c.name}: complete() and stream() throw a ConfigurationError naming it, and nothing is sent`, async () => {
      const client = c.client();
      const before = server.received.length;
      const request = { model: 'openai/m', messages, ...c.request };
      const check = (e: unknown): boolean => {
        assert.ok(e instanceof ConfigurationError, `expected ConfigurationError, got ${String(e)}`);
        assert.match(e.message, c.names);
        assert.ok(!e.message.includes(KEY), 'the key is not quoted');
        assert.ok(!e.message.includes('x-injected'), 'the value is not quoted');
        return true;
      };
      await assert.rejects(client.complete(request, c.call), check);
      assert.throws(() => client.stream(request, c.call), check);
      assert.equal(server.received.length, before);
      client.close();
    });
  }

  it('a header with a line break is refused; the same Latin-1 value (a name with an accent) without it is sent', async () => {
    assert.throws(() => clientWith({ headers: { 'x-user': 'Zoë\r\n' } }).stream({ model: 'openai/m', messages }), ConfigurationError);
    const client = clientWith({ headers: { 'x-user': 'Zoë' } });
    const response = await client.complete({ model: 'openai/m', messages });
    assert.equal(response.choices[0]?.message.content, 'ok');
    assert.ok(server.received.at(-1)!.headers['x-user'], 'the header was sent');
    client.close();
  });
});

describe('extra_body cannot replace model, stream or messages', () => {
  let server: ScriptedServer;
  let client: LlmuxClient;
  before(async () => {
    server = await startScriptedServer();
    client = createClient({
      providers: scriptedProviders(server, KEY),
      env: {},
      maxRetries: 2,
    });
  });
  after(async () => {
    client.close();
    await server.close();
  });

  const models = ['openai/m', 'openrouter/some/model', 'anthropic/claude-x'];
  const fields: [string, unknown, RegExp][] = [
    ['model', 'other-model', /extra_body\.model.*`model`/],
    ['stream', false, /extra_body\.stream.*stream\(\) or complete\(\)/],
    ['messages', [{ role: 'user', content: 'other' }], /extra_body\.messages.*`messages`/],
  ];

  for (const model of models) {
    for (const [field, value, says] of fields) {
      it(`${model}: extra_body.${field} is a ConfigurationError before any request, on complete() and stream()`, async () => {
        const before = server.received.length;
        const request = { model, messages, max_tokens: 10, extra_body: { [field]: value } };
        await assert.rejects(client.complete(request), (e: unknown) => e instanceof ConfigurationError && says.test(e.message));
        await assert.rejects(
          client.stream(request).finalResponse(),
          (e: unknown) => e instanceof ConfigurationError && says.test(e.message),
        );
        assert.equal(server.received.length, before, 'no request was sent, so nothing was paid for');
      });
    }
    it(`${model}: an extra_body that is not an object is a ConfigurationError`, async () => {
      const request = { model, messages, max_tokens: 10, extra_body: 'top_k=5' as unknown as Record<string, unknown> };
      await assert.rejects(
        client.complete(request),
        (e: unknown) => e instanceof ConfigurationError && /extra_body must be an object/.test(e.message),
      );
    });
  }

  it('extra_body.stream is refused, while other extra_body fields still reach the wire, on a stream too', async () => {
    await assert.rejects(
      client.stream({ model: 'openai/m', messages, extra_body: { stream: false, top_k: 9 } }).finalResponse(),
      ConfigurationError,
    );
    server.push({ body: OK_BODY });
    await client.complete({ model: 'openai/m', messages, extra_body: { top_k: 5 } });
    assert.equal(server.received.at(-1)!.json.top_k, 5);
    server.push({ body: ANTHROPIC_OK });
    await client.complete({ model: 'anthropic/claude-x', messages, max_tokens: 10, extra_body: { top_k: 7 } });
    assert.equal(server.received.at(-1)!.json.top_k, 7);
    server.push({
      headers: { 'content-type': 'text/event-stream' },
      body: sse([
        {
          id: 'c',
          object: 'chat.completion.chunk',
          created: 1,
          model: 'm',
          choices: [{ index: 0, delta: { content: 'ok' }, finish_reason: 'stop' }],
        },
      ]),
    });
    const streamed = await client.stream({ model: 'openai/m', messages, extra_body: { top_k: 9 } }).finalResponse();
    assert.equal(streamed.choices[0]?.message.content, 'ok');
    assert.equal(server.received.at(-1)!.json.top_k, 9);
    assert.equal(server.received.at(-1)!.json.stream, true);
  });
});
