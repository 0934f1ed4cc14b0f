import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ServerResponse } from 'node:http';
import {
  APIConnectionError,
  AuthenticationError,
  ConfigurationError,
  ContextWindowExceededError,
  InternalServerError,
  InvalidResponseError,
  type LlmuxError,
  RateLimitError,
  ServiceUnavailableError,
} from '../../../src/base/errors.js';
import { anthropicAdapter, countTokens } from '../../../src/providers/anthropic/anthropic-adapter.js';
import { createNodeTransport } from '../../../src/transport/node-transport.js';
import type { Transport } from '../../../src/transport/transport-types.js';
import type { ChatCompletionChunk, ChatRequest, ModelResponse } from '../../../src/base/types.js';
import {
  API_KEY,
  MODEL,
  type RecordedRequest,
  type TestServer,
  collect,
  contextFor,
  fold,
  readEvents,
  readMessage,
  startServer,
  toSSE,
  withParsedArguments,
  writeJSON,
  writeSSE,
} from './anthropic-test-support.js';

const request: ChatRequest = {
  model: `anthropic/${MODEL}`,
  messages: [
    { role: 'system', content: 'You are terse.' },
    { role: 'user', content: 'Hello!' },
  ],
  max_tokens: 256,
};

/** Everything an error exposes, as a caller might log it. */
function everything(error: LlmuxError): string {
  return JSON.stringify({ ...error, message: error.message, stack: error.stack, name: error.name });
}

describe('anthropicAdapter over real HTTP', () => {
  let server: TestServer;
  let transport: Transport;
  let respond: (req: RecordedRequest, res: ServerResponse) => void;
  /** Serves `<name>.chunks.txt` when streaming and `<name>.message.json` otherwise. */
  const serveFixture = (name: string) => (req: RecordedRequest, res: ServerResponse) =>
    req.body['stream'] === true ? writeSSE(res, toSSE(readEvents(name))) : writeJSON(res, 200, readMessage(name));

  before(async () => {
    server = await startServer((req, res) => respond(req, res));
    transport = createNodeTransport();
  });
  after(async () => {
    transport.close?.();
    await server.close();
  });
  beforeEach(() => {
    server.requests.length = 0;
  });

  const context = (headers: Record<string, string> = {}) => contextFor(server.baseURL, transport, headers);
  const streamed = (req: ChatRequest = request, headers: Record<string, string> = {}) =>
    collect(anthropicAdapter.stream(req, context(headers)));
  const completed = (req: ChatRequest = request) => anthropicAdapter.complete!(req, context());
  const sameResponse = (a: ModelResponse, b: ModelResponse) =>
    assert.deepEqual(withParsedArguments({ ...a, created: 0 }), withParsedArguments({ ...b, created: 0 }));

  it('sends the converted request with Anthropic headers', async () => {
    respond = serveFixture('text');
    await streamed(request, { 'anthropic-beta': 'prompt-caching-2024-07-31', 'X-Trace': 't-1' });
    const sent = server.requests[0]!;
    assert.equal(sent.method, 'POST');
    assert.equal(sent.url, '/v1/messages');
    assert.equal(sent.headers['x-api-key'], API_KEY);
    assert.equal(sent.headers['anthropic-version'], '2023-06-01');
    assert.equal(sent.headers['anthropic-beta'], 'prompt-caching-2024-07-31');
    assert.equal(sent.headers['x-trace'], 't-1');
    assert.equal(sent.headers['content-type'], 'application/json');
    assert.equal(sent.headers['accept'], 'text/event-stream');
    assert.equal(sent.headers['authorization'], undefined);
    assert.deepEqual(sent.body, {
      model: MODEL,
      system: 'You are terse.',
      messages: [{ role: 'user', content: 'Hello!' }],
      max_tokens: 256,
      stream: true,
    });

    await completed();
    assert.equal(server.requests[1]!.headers['accept'], 'application/json');
    assert.equal('stream' in server.requests[1]!.body, false);
  });

  for (const name of ['text', 'tool-use', 'thinking'] as const) {
    it(`${name}: streamed chunks fold to what complete() returns for the same message`, async () => {
      respond = serveFixture(name);
      const chunks = await streamed();
      const whole = await completed();
      sameResponse(fold(chunks), whole);
      assert.equal(whole.provider, 'anthropic');
      assert.equal(whole.id, readMessage(name).id);
    });
  }

  it('reassembles tool-call arguments from their fragments', async () => {
    respond = serveFixture('tool-use');
    const message = fold(await streamed()).choices[0]!.message;
    assert.deepEqual(
      message.tool_calls!.map((t) => [t.id, t.function.name, JSON.parse(t.function.arguments)]),
      [
        ['toolu_01T1x1fJ34qAmk2tNTrN7Up6', 'get_weather', { location: 'San Francisco, CA', unit: 'fahrenheit' }],
        ['toolu_01HbC8qWJ5WqAn3Mu4eT9ZpE', 'get_time', {}],
      ],
    );
  });

  it('preserves the thinking signature so the turn can be sent back', async () => {
    respond = serveFixture('thinking');
    const message = fold(await streamed()).choices[0]!.message;
    const original = readMessage('thinking').content;
    // Each signed block is tagged with the provider and model that signed it (never sent back).
    assert.deepEqual(message.reasoning_details, [
      {
        type: 'thinking',
        thinking: original[0]!.thinking,
        signature: original[0]!.signature,
        origin: { provider: 'anthropic', model: 'claude-sonnet-4-5-20250929' },
      },
      { type: 'redacted_thinking', data: original[1]!.data, origin: { provider: 'anthropic', model: 'claude-sonnet-4-5-20250929' } },
    ]);
    assert.equal(message.reasoning_content, original[0]!.thinking);

    // The folded message goes back as the assistant turn of the next request, signature intact.
    respond = serveFixture('text');
    await streamed({ ...request, messages: [...request.messages, { ...message, role: 'assistant' }, { role: 'user', content: 'Why?' }] });
    const sentBack = (server.requests.at(-1)!.body['messages'] as { content: unknown }[])[1]!.content;
    assert.deepEqual((sentBack as unknown[]).slice(0, 2), [
      { type: 'thinking', thinking: original[0]!.thinking, signature: original[0]!.signature },
      { type: 'redacted_thinking', data: original[1]!.data },
    ]);
  });

  it('reports usage with cache reads and writes in the last chunk', async () => {
    respond = serveFixture('text');
    const chunks = await streamed();
    assert.deepEqual(chunks.at(-1)!.usage, {
      prompt_tokens: 3097,
      completion_tokens: 15,
      total_tokens: 3112,
      prompt_tokens_details: { cached_tokens: 2048, cache_creation_tokens: 1024 },
    });
  });

  it('an error event mid-stream throws a typed, retryable error after the chunks before it', async () => {
    respond = (_req, res) => writeSSE(res, toSSE(readEvents('error')));
    const received: ChatCompletionChunk[] = [];
    await assert.rejects(
      async () => {
        for await (const chunk of anthropicAdapter.stream(request, context())) received.push(chunk);
      },
      (error: unknown) => {
        assert.ok(error instanceof ServiceUnavailableError);
        assert.equal(error.retryable, true);
        assert.equal(error.code, 'overloaded_error');
        assert.equal(error.providerMessage, 'Overloaded');
        assert.equal(error.requestId, 'req_018EeWyXxfu5pfWkrYcMdjWG');
        assert.ok(!everything(error).includes(API_KEY));
        return true;
      },
    );
    assert.equal(fold(received).choices[0]!.message.content, 'Here is the beginning of a long answer');
  });

  it('a stream that ends without message_stop is STREAM_TRUNCATED', async () => {
    const events = readEvents('text');
    for (const body of [toSSE(events.slice(0, -1)), toSSE(events).slice(0, -10)]) {
      respond = (_req, res) => writeSSE(res, body);
      await assert.rejects(streamed(), (error: unknown) => {
        assert.ok(error instanceof APIConnectionError);
        assert.equal(error.code, 'STREAM_TRUNCATED');
        assert.equal(error.retryable, true);
        return true;
      });
    }
  });

  it('malformed JSON in an event is an InvalidResponseError that does not quote the key', async () => {
    respond = (_req, res) =>
      writeSSE(
        res,
        `${toSSE(readEvents('text').slice(0, 2))}event: content_block_delta\ndata: {"type":"content_block_delta", "x": "${API_KEY}"\n\n`,
      );
    await assert.rejects(streamed(), (error: unknown) => {
      assert.ok(error instanceof InvalidResponseError);
      assert.ok(!everything(error).includes(API_KEY));
      return true;
    });
  });

  it('a stream failing mid-way releases its connection, though the server keeps it open', async () => {
    const head = toSSE(readEvents('text').slice(0, 3));
    const errorEvent = toSSE([{ type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } }]);
    const badJson = 'event: content_block_delta\ndata: {"type":"content_block_delta",\n\n';
    const cases: { tail: string; check: (e: unknown) => boolean }[] = [
      { tail: errorEvent, check: (e) => e instanceof ServiceUnavailableError },
      { tail: badJson, check: (e) => e instanceof InvalidResponseError },
    ];
    for (const { tail, check } of cases) {
      let closed = false;
      respond = (_req, res) => {
        res.on('close', () => (closed = true));
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        res.flushHeaders();
        // The good events and the bad one arrive as separate reads; then the response stalls, open.
        res.write(head);
        setTimeout(() => res.write(tail), 20);
      };
      const received: ChatCompletionChunk[] = [];
      await assert.rejects(async () => {
        for await (const chunk of anthropicAdapter.stream(request, context())) received.push(chunk);
      }, check);
      assert.ok(received.length > 0, 'the chunks before the failure are delivered');
      for (let i = 0; i < 200 && !closed; i++) await new Promise((r) => setTimeout(r, 10));
      assert.ok(closed, 'a failed stream must release its connection');
    }
  });

  it('chunks read together with a failure are delivered before it', async () => {
    const text = readEvents('text');
    // One write: the first text chunks and the malformed event come in the same read.
    respond = (_req, res) => writeSSE(res, `${toSSE(text.slice(0, 4))}event: ping\ndata: {nope\n\n`);
    const received: ChatCompletionChunk[] = [];
    await assert.rejects(async () => {
      for await (const chunk of anthropicAdapter.stream(request, context())) received.push(chunk);
    }, InvalidResponseError);
    assert.ok(received.length > 0);
    assert.equal(received[0]!.choices[0]!.delta.role, 'assistant');
  });

  it('maps HTTP error responses, for complete() and stream() alike', async () => {
    const cases: { status: number; body: string; headers?: Record<string, string>; check: (e: unknown) => boolean }[] = [
      {
        status: 529,
        body: JSON.stringify({ type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } }),
        check: (e) => e instanceof ServiceUnavailableError && e.retryable,
      },
      {
        status: 401,
        body: JSON.stringify({ type: 'error', error: { type: 'authentication_error', message: `invalid x-api-key ${API_KEY}` } }),
        check: (e) => e instanceof AuthenticationError && !e.retryable && !everything(e).includes(API_KEY),
      },
      {
        status: 429,
        body: JSON.stringify({ type: 'error', error: { type: 'rate_limit_error', message: 'rate limited' } }),
        headers: { 'retry-after': '3' },
        check: (e) => e instanceof RateLimitError && e.retryAfterMs === 3000,
      },
      {
        status: 400,
        body: JSON.stringify({
          type: 'error',
          error: { type: 'invalid_request_error', message: 'prompt is too long: 208310 tokens > 200000 maximum' },
        }),
        check: (e) => e instanceof ContextWindowExceededError,
      },
      {
        status: 413,
        body: JSON.stringify({
          type: 'error',
          error: { type: 'request_too_large', message: 'Request exceeds the maximum allowed number of bytes.' },
        }),
        check: (e) => e instanceof ContextWindowExceededError,
      },
      {
        status: 502,
        body: '<html><head><title>502 Bad Gateway</title></head></html>',
        check: (e) => e instanceof InternalServerError && /502 Bad Gateway/.test((e as Error).message),
      },
    ];
    for (const c of cases) {
      respond = (_req, res) => writeJSON(res, c.status, c.body, c.headers);
      await assert.rejects(completed(), (e: unknown) => c.check(e), `complete ${c.status}`);
      await assert.rejects(streamed(), (e: unknown) => c.check(e), `stream ${c.status}`);
      assert.equal(((await completed().catch((e: LlmuxError) => e)) as LlmuxError).requestId, 'req_018EeWyXxfu5pfWkrYcMdjWG');
    }
  });

  it('refuses bad input before any request is made', async () => {
    respond = serveFixture('text');
    const bad: ChatRequest = {
      ...request,
      messages: [
        { role: 'user', content: 'Hi' },
        { role: 'assistant', tool_calls: [{ id: 'toolu_1', type: 'function', function: { name: 'f', arguments: '{oops' } }] },
      ],
    };
    await assert.rejects(streamed(bad), ConfigurationError);
    await assert.rejects(completed(bad), ConfigurationError);
    assert.equal(server.requests.length, 0);
  });

  it("max_tokens defaults to the model's longest output from the model table, else 4096", async () => {
    respond = serveFixture('text');
    const { max_tokens: _omitted, ...withoutMax } = request;
    await anthropicAdapter.complete!(withoutMax, context());
    await collect(anthropicAdapter.stream(withoutMax, context()));
    // claude-sonnet-4-5-20250929: max_output_tokens 64000 in litellm's price map.
    assert.deepEqual(
      server.requests.map((r) => r.body['max_tokens']),
      [64000, 64000],
    );
    await anthropicAdapter.complete!(withoutMax, { ...context(), model: 'claude-next-unknown' });
    assert.equal(server.requests[2]!.body['max_tokens'], 4096);
  });

  it('refuses thinking on a model the table says cannot think, before any request', async () => {
    respond = serveFixture('text');
    const thinking: ChatRequest = { ...request, reasoning_effort: 'low' };
    const haiku = { ...context(), model: 'claude-3-haiku-20240307' };
    for (const attempt of [() => anthropicAdapter.complete!(thinking, haiku), () => collect(anthropicAdapter.stream(thinking, haiku))]) {
      await assert.rejects(
        attempt(),
        (error: unknown) => error instanceof ConfigurationError && /claude-3-haiku-20240307 cannot think/.test(error.message),
      );
    }
    assert.equal(server.requests.length, 0);
    // A model the table does not know is given the benefit of the doubt.
    await anthropicAdapter.complete!(thinking, { ...context(), model: 'claude-next-unknown' });
    assert.deepEqual(server.requests[0]!.body['thinking'], { type: 'enabled', budget_tokens: 1024 });
  });

  it('countTokens posts to count_tokens without max_tokens or stream', async () => {
    respond = (_req, res) => writeJSON(res, 200, { input_tokens: 14 });
    assert.deepEqual(await countTokens(request, context()), { input_tokens: 14 });
    assert.deepEqual(await anthropicAdapter.countTokens(request, context()), { input_tokens: 14 });
    const sent = server.requests[0]!;
    assert.equal(sent.url, '/v1/messages/count_tokens');
    assert.equal(sent.headers['x-api-key'], API_KEY);
    assert.deepEqual(sent.body, { model: MODEL, system: 'You are terse.', messages: [{ role: 'user', content: 'Hello!' }] });
  });

  it('does not double /v1 when the base URL already ends with it', async () => {
    respond = serveFixture('text');
    await anthropicAdapter.complete!(request, contextFor(`${server.baseURL}/v1/`, transport));
    assert.equal(server.requests[0]!.url, '/v1/messages');
  });
});
