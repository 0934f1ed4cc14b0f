import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import {
  APIConnectionError,
  APITimeoutError,
  APIUserAbortError,
  AuthenticationError,
  ConfigurationError,
  InternalServerError,
  InvalidResponseError,
  RateLimitError,
  createClient,
  isLlmuxError,
  type LlmuxClient,
} from '../../src/index.js';
import { createFetchTransport } from '../../src/transport/fetch-transport.js';
import { createNodeTransport } from '../../src/transport/node-transport.js';
import type { Transport } from '../../src/transport/transport-types.js';
import { type ScriptedServer, sse, startScriptedServer, waitForClose } from '../helpers/scripted-server.js';

const KEY = 'sk-test-SENTINEL-0123456789abcdefghij';
const fixture = (name: string): string => readFileSync(new URL(`../../../test/__fixtures__/openai/${name}`, import.meta.url), 'utf8');
const chunks = (name: string): unknown[] =>
  fixture(name)
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
const messages = [{ role: 'user' as const, content: 'Hi' }];

let server: ScriptedServer;
let client: LlmuxClient;
const retries: { attempt: number; delayMs: number; name: string }[] = [];

function useTransport(make: () => Transport): void {
  before(async () => {
    server = await startScriptedServer();
    client = createClient({
      providers: { openai: { baseURL: `${server.url}/v1`, apiKey: KEY } },
      env: {},
      transport: make(),
      onRetry: ({ attempt, delayMs, error }) => retries.push({ attempt, delayMs, name: error.name }),
    });
  });
  after(async () => {
    client.close();
    await server.close();
  });
}

function assertNoKey(e: unknown): void {
  const text = `${String(e)} ${(e as Error).stack} ${JSON.stringify(e)} ${JSON.stringify((e as { body?: unknown }).body)}`;
  assert.ok(!text.includes(KEY), 'the key must never appear in an error');
}

const transports: [string, () => Transport][] = [
  ['node:http', () => createNodeTransport()],
  ['fetch', () => createFetchTransport()],
];

for (const [transportName, makeTransport] of transports)
  describe(`openai adapter over real HTTP (${transportName} transport)`, () => {
    useTransport(makeTransport);

    it('completes: sends the OpenAI body and auth, returns a chat.completion', async () => {
      server.push({ body: fixture('text.response.json'), headers: { 'x-request-id': 'req_1' } });
      const res = await client.complete({
        model: 'openai/gpt-4o-mini',
        messages,
        temperature: 0.2,
        extra_body: { top_k: 3 },
        extra_headers: { 'x-trace': 't1' },
      });
      assert.equal(res.choices[0]?.message.content, 'Hello! How can I help you today?');
      assert.equal(res.usage?.total_tokens, 28);
      assert.equal(res.provider, 'openai');
      const req = server.received.at(-1)!;
      assert.equal(req.url, '/v1/chat/completions');
      assert.equal(req.headers.authorization, `Bearer ${KEY}`);
      assert.equal(req.headers['x-trace'], 't1');
      assert.deepEqual(req.json, { model: 'gpt-4o-mini', messages, temperature: 0.2, top_k: 3 });
    });

    it('streams text, asks for usage, and assembles the final response', async () => {
      server.push({ body: sse(chunks('text.chunks.txt')), headers: { 'content-type': 'text/event-stream' } });
      const s = client.stream({ model: 'openai/gpt-4o-mini', messages });
      const texts: string[] = [];
      for await (const t of s.textStream) texts.push(t);
      const final = await s.finalResponse();
      assert.equal(texts.join(''), 'Hello! How can I help you today — café ☕ 🚀?');
      assert.equal(final.choices[0]?.message.content, texts.join(''));
      assert.equal(final.usage?.completion_tokens, 13);
      const req = server.received.at(-1)!;
      assert.equal(req.json.stream, true);
      assert.deepEqual(req.json.stream_options, { include_usage: true });
      assert.equal(req.headers.accept, 'text/event-stream');
    });

    it('streams tool calls sent in fragments', async () => {
      server.push({
        body: sse(chunks('tool-calls.chunks.txt'))
          .join('')
          .match(/[\s\S]{1,7}/g)!,
        headers: { 'content-type': 'text/event-stream' },
      });
      const final = await client
        .stream({
          model: 'gpt-4o-mini',
          messages,
          tools: [{ type: 'function', function: { name: 'get_weather', parameters: { type: 'object' } } }],
        })
        .finalResponse();
      const calls = final.choices[0]?.message.tool_calls ?? [];
      assert.equal(calls.length, 2);
      assert.deepEqual(JSON.parse(calls[0]!.function.arguments), { city: 'Paris Île', unit: 'c' });
      assert.equal(calls[1]?.id, 'call_Zp91kA7x');
      assert.equal(final.choices[0]?.finish_reason, 'tool_calls');
    });

    it('stream SSE split at every byte boundary gives the same response', async () => {
      const body = sse(chunks('text.chunks.txt')).join('');
      const bytes = Buffer.from(body);
      const expected = 'Hello! How can I help you today — café ☕ 🚀?';
      // Every boundary over real HTTP is slow; do a spread of boundaries here (the parser tests cover all).
      for (let i = 1; i < bytes.length; i += 97) {
        server.push({ body: [bytes.subarray(0, i), bytes.subarray(i)], headers: { 'content-type': 'text/event-stream' } });
        const final = await client.stream({ model: 'openai/gpt-4o-mini', messages }).finalResponse();
        assert.equal(final.choices[0]?.message.content, expected, `split at ${i}`);
      }
    });

    it('429 with Retry-After is retried after exactly the server hint', async () => {
      retries.length = 0;
      server.push(
        {
          status: 429,
          headers: { 'retry-after-ms': '120' },
          body: JSON.stringify({ error: { message: 'Rate limit reached', type: 'requests', code: 'rate_limit_exceeded' } }),
        },
        { body: fixture('text.response.json') },
      );
      const before = server.received.length;
      const res = await client.complete({ model: 'openai/gpt-4o-mini', messages });
      assert.equal(res.choices[0]?.message.content, 'Hello! How can I help you today?');
      assert.equal(server.received.length - before, 2);
      assert.deepEqual(retries, [{ attempt: 1, delayMs: 120, name: 'RateLimitError' }]);
    });

    it('a stream is retried before its first chunk (500, then success)', async () => {
      retries.length = 0;
      server.push(
        { status: 500, body: '{"error":{"message":"boom","type":"server_error"}}', headers: { 'retry-after': '0' } },
        { body: sse(chunks('text.chunks.txt')) },
      );
      const final = await client.stream({ model: 'openai/gpt-4o-mini', messages }).finalResponse();
      assert.match(final.choices[0]?.message.content ?? '', /^Hello!/);
      assert.equal(retries.length, 1);
      assert.equal(retries[0]?.name, 'InternalServerError');
    });

    it('gives up after maxRetries with the last typed error', async () => {
      const err = '{"error":{"message":"busy","type":"server_error"}}';
      server.push(
        { status: 503, body: err, headers: { 'retry-after': '0' } },
        { status: 503, body: err, headers: { 'retry-after': '0' } },
        { status: 503, body: err, headers: { 'retry-after': '0' } },
      );
      const before = server.received.length;
      await assert.rejects(
        client.complete({ model: 'openai/gpt-4o-mini', messages }),
        (e: unknown) => e instanceof InternalServerError && e.status === 503,
      );
      assert.equal(server.received.length - before, 3, 'one call plus two retries');
    });

    it('401 is not retried and never shows the key', async () => {
      server.push({
        status: 401,
        body: JSON.stringify({
          error: { message: `Incorrect API key provided: ${KEY}.`, type: 'invalid_request_error', code: 'invalid_api_key' },
        }),
      });
      const before = server.received.length;
      await assert.rejects(client.complete({ model: 'openai/gpt-4o-mini', messages }), (e: unknown) => {
        assert.ok(e instanceof AuthenticationError);
        assertNoKey(e);
        return true;
      });
      assert.equal(server.received.length - before, 1);
    });

    it('a reset mid-stream throws a typed error carrying the partial text', async () => {
      const events = sse(chunks('text.chunks.txt'));
      server.push({ body: events, resetAfter: 4 });
      const s = client.stream({ model: 'openai/gpt-4o-mini', messages }, { maxRetries: 2 });
      const seen: string[] = [];
      await assert.rejects(
        (async () => {
          for await (const t of s.textStream) seen.push(t);
        })(),
        (e: unknown) => {
          assert.ok(e instanceof APIConnectionError, String(e));
          assert.equal(e.partialText, 'Hello! How');
          assert.equal(e.partialResponse?.choices[0]?.finish_reason, null);
          assertNoKey(e);
          return true;
        },
      );
      assert.deepEqual(seen, ['Hello', '!', ' How']);
      await assert.rejects(s.finalResponse(), APIConnectionError);
    });

    it('a stream that ends without [DONE] or a finish reason is an error, not a silent truncation', async () => {
      server.push({ body: sse(chunks('text.chunks.txt').slice(0, 3), false) });
      await assert.rejects(client.stream({ model: 'openai/gpt-4o-mini', messages }, { maxRetries: 0 }).finalResponse(), (e: unknown) => {
        assert.ok(e instanceof APIConnectionError);
        assert.equal(e.code, 'STREAM_TRUNCATED');
        assert.equal(e.partialText, 'Hello!');
        return true;
      });
    });

    it('malformed JSON mid-stream -> InvalidResponseError with the partial response', async () => {
      const events = sse(chunks('text.chunks.txt'));
      events.splice(3, 0, 'data: {"id":"x","choices":[{"delta":{"content":\n\n');
      // The server keeps the response open after the bad event: only the client can close it.
      server.push({ body: events, stallAfter: events.length });
      await assert.rejects(client.stream({ model: 'openai/gpt-4o-mini', messages }, { maxRetries: 0 }).finalResponse(), (e: unknown) => {
        assert.ok(e instanceof InvalidResponseError);
        assert.equal(e.partialText, 'Hello!');
        return true;
      });
      // The rest of that body is abandoned, and its connection with it (nothing keeps the process alive).
      assert.ok(await waitForClose(server.received.at(-1)!), 'a failed stream must release its connection');
    });

    it('chunks read together with a failure are delivered before it', async () => {
      const events = sse(chunks('text.chunks.txt')).slice(0, 4);
      events.push('data: {not json\n\n');
      server.push({ body: events.join(''), stallAfter: 1 });
      const s = client.stream({ model: 'openai/gpt-4o-mini', messages }, { maxRetries: 0 });
      const seen: string[] = [];
      await assert.rejects(
        (async () => {
          for await (const t of s.textStream) seen.push(t);
        })(),
        (e: unknown) => e instanceof InvalidResponseError && e.partialText === 'Hello! How',
      );
      assert.deepEqual(seen, ['Hello', '!', ' How']);
      assert.ok(await waitForClose(server.received.at(-1)!), 'a failed stream must release its connection');
    });

    it('an error event after the 200 is mapped to its class', async () => {
      const events = sse(chunks('text.chunks.txt').slice(0, 2), false);
      events.push(
        `data: ${JSON.stringify({ error: { message: 'Rate limit reached mid-stream', type: 'rate_limit_exceeded', code: null } })}\n\n`,
      );
      server.push({ body: events, stallAfter: events.length });
      await assert.rejects(client.stream({ model: 'openai/gpt-4o-mini', messages }, { maxRetries: 0 }).finalResponse(), (e: unknown) => {
        assert.ok(e instanceof RateLimitError);
        assert.equal(e.partialText, 'Hello');
        return true;
      });
      assert.ok(await waitForClose(server.received.at(-1)!), 'a failed stream must release its connection');
    });

    it('malformed JSON in a whole response -> InvalidResponseError', async () => {
      server.push({ body: '{"id": "chatcmpl-1", "choices": [' });
      await assert.rejects(client.complete({ model: 'openai/gpt-4o-mini', messages }, { maxRetries: 0 }), InvalidResponseError);
    });

    it('abort mid-stream rejects with APIUserAbortError, keeps the partial, frees the socket', async () => {
      server.push({ body: sse(chunks('text.chunks.txt')), stallAfter: 5 });
      const s = client.stream({ model: 'openai/gpt-4o-mini', messages });
      const seen: string[] = [];
      await assert.rejects(
        (async () => {
          for await (const t of s.textStream) {
            seen.push(t);
            if (seen.length === 3) s.abort();
          }
        })(),
        (e: unknown) => {
          assert.ok(e instanceof APIUserAbortError);
          assert.equal(e.partialText, 'Hello! How');
          return true;
        },
      );
      // The stalled response's connection closes only because the client let go of it.
      assert.ok(await waitForClose(server.received.at(-1)!), 'the aborted request still holds its connection');
    });

    it('breaking out of the loop ends the request and finalResponse reports the abort', async () => {
      server.push({ body: sse(chunks('text.chunks.txt')), stallAfter: 5 });
      const s = client.stream({ model: 'openai/gpt-4o-mini', messages });
      for await (const _ of s) break;
      await assert.rejects(s.finalResponse(), APIUserAbortError);
      assert.ok(s.signal.aborted);
      assert.ok(await waitForClose(server.received.at(-1)!), 'breaking out must free the connection');
    });

    it('an AbortSignal from the caller aborts complete()', async () => {
      server.push({ body: fixture('text.response.json'), stallAfter: 0 });
      const controller = new AbortController();
      const pending = client.complete({ model: 'openai/gpt-4o-mini', messages }, { signal: controller.signal });
      setTimeout(() => controller.abort(), 30);
      await assert.rejects(pending, APIUserAbortError);
    });

    it('a stalled stream times out with APITimeoutError (the timeout is an idle timeout)', async () => {
      server.push({ body: sse(chunks('text.chunks.txt')), stallAfter: 3 });
      await assert.rejects(
        client.stream({ model: 'openai/gpt-4o-mini', messages }, { timeout: 150, maxRetries: 0 }).finalResponse(),
        (e: unknown) => {
          assert.ok(e instanceof APITimeoutError);
          assert.equal(e.partialText, 'Hello!');
          return true;
        },
      );
    });

    it('a connection refused is a retryable APIConnectionError naming the origin only', async () => {
      const dead = createClient({
        providers: { openai: { baseURL: 'http://127.0.0.1:9/v1?key=secret-in-url', apiKey: KEY } },
        env: {},
        maxRetries: 0,
      });
      await assert.rejects(dead.complete({ model: 'openai/gpt-4o-mini', messages }), (e: unknown) => {
        assert.ok(e instanceof APIConnectionError);
        assert.equal(e.retryable, true);
        assert.match(e.message, /http:\/\/127\.0\.0\.1:9/);
        assert.ok(!e.message.includes('secret-in-url'));
        return true;
      });
      dead.close();
    });

    it('a reset before headers is retried and then succeeds', async () => {
      retries.length = 0;
      server.push({ resetAfter: 0 }, { body: fixture('text.response.json') });
      const res = await client.complete({ model: 'openai/gpt-4o-mini', messages });
      assert.equal(res.choices[0]?.finish_reason, 'stop');
      assert.equal(retries[0]?.name, 'APIConnectionError');
    });
  });

describe('configuration errors come before any request', () => {
  useTransport(() => createNodeTransport());

  it('unknown provider lists the known ones; stream() throws at once', () => {
    assert.throws(
      () => client.stream({ model: 'nope/x', messages }),
      (e: unknown) => {
        assert.ok(e instanceof ConfigurationError && isLlmuxError(e));
        assert.match(e.message, /Known providers: .*groq.*ollama.*openai/);
        return true;
      },
    );
  });
  it('missing key names the env var', async () => {
    const c = createClient({ env: {} });
    await assert.rejects(c.complete({ model: 'openai/gpt-4o', messages }), /set OPENAI_API_KEY/);
  });
  it('bad messages are named', async () => {
    await assert.rejects(client.complete({ model: 'openai/gpt-4o', messages: [] }), /"messages" must be a non-empty array/);
    await assert.rejects(
      client.complete({ model: 'openai/gpt-4o', messages: [{ role: 'robot', content: 'x' } as never] }),
      /messages\[0\]\.role is "robot"/,
    );
  });
});
