/**
 * The key appears in no field of an error: code, request id, body names, a message cut where
 * the key is, a URL's userinfo or query, an OpenTelemetry span status. Hostile error bodies
 * (2 MiB messages, 100,000 levels of nesting) still give bounded, typed llmux errors.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { SpanStatusCode } from '@opentelemetry/api';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { AuthenticationError, BadRequestError, ConfigurationError, LlmuxError, createClient } from '../../src/index.js';
import type { LlmuxCallbacks } from '../../src/callbacks/callback-types.js';
import { createOtelCallbacks } from '../../src/otel/index.js';
import { createFetchTransport } from '../../src/transport/fetch-transport.js';
import { createNodeTransport } from '../../src/transport/node-transport.js';
import { type ScriptedReply, type ScriptedServer, startScriptedServer } from '../helpers/scripted-server.js';

// No well-known key shape: only exact redaction can find it, so a cut copy would slip through.
const KEY = 'gwkey0123456789ABCDEFGHIJKLMNOPQRSTUV';
const URL_KEY = 'urlsecret0123456789abcdefXYZ';
const MiB = 1024 * 1024;

/** Every text an error exposes: own fields, body (names included), stack and cause chain. */
function exposedText(error: unknown): string {
  const parts: string[] = [];
  let link: unknown = error;
  for (let depth = 0; depth < 5 && link !== null && typeof link === 'object'; depth++) {
    const e = link as Record<string, unknown>;
    for (const field of ['message', 'stack', 'providerMessage', 'code', 'requestId', 'name'])
      if (typeof e[field] === 'string') parts.push(e[field] as string);
    try {
      parts.push(JSON.stringify(e['body']) ?? '');
    } catch {
      parts.push('<unstringifiable body>');
    }
    link = e['cause'];
  }
  return parts.join('\n');
}

/** Fails when `secret`, or any 10-character piece of it (a cut copy), appears in what `error` exposes. */
function assertNoLeak(error: unknown, secret: string): void {
  const text = exposedText(error);
  for (let i = 0; i + 10 <= secret.length; i++) {
    const piece = secret.slice(i, i + 10);
    assert.ok(
      !text.includes(piece),
      `the error exposes ${JSON.stringify(piece)} of the key: …${text.slice(Math.max(0, text.indexOf(piece) - 40), text.indexOf(piece) + 40)}…`,
    );
  }
}

function deepArray(depth: number): string {
  return `${'['.repeat(depth)}${']'.repeat(depth)}`;
}

let server: ScriptedServer;
before(async () => {
  server = await startScriptedServer();
});
after(() => server.close());

async function failWith(reply: ScriptedReply, stream = false, callbacks?: LlmuxCallbacks): Promise<unknown> {
  server.push(reply);
  const client = createClient({
    providers: { openai: { baseURL: `${server.url}/v1`, apiKey: KEY } },
    env: {},
    maxRetries: 0,
    ...(callbacks === undefined ? {} : { callbacks }),
  });
  try {
    const request = { model: 'openai/gpt-4o', messages: [{ role: 'user' as const, content: 'hi' }] };
    if (stream) {
      for await (const _ of client.stream(request)) void _;
    } else {
      await client.complete(request);
    }
    return assert.fail('the call succeeded');
  } catch (error) {
    return error;
  } finally {
    await client.close();
  }
}

describe('error fields', () => {
  it('keep the key out of code, request id, body property names and nested values', async () => {
    const body = {
      error: { message: 'Incorrect API key', code: KEY, type: 'invalid_request_error' },
      [KEY]: 1,
      nested: { [`sk-abcdefghijklmnop${KEY}`]: { value: KEY } },
    };
    const error = await failWith({ status: 401, headers: { 'x-request-id': `req-${KEY}` }, body: JSON.stringify(body) });
    assert.ok(error instanceof AuthenticationError, String(error));
    assertNoLeak(error, KEY);
    assert.equal(typeof error.requestId, 'string');
  });

  it('keep a 2 MiB provider message bounded, and redact the key where the bound cuts it', async () => {
    const message = `${'a'.repeat(4090)}${KEY}${'b'.repeat(2 * MiB)}`;
    const error = await failWith({ status: 400, body: JSON.stringify({ error: { message, type: 'invalid_request_error' } }) });
    assert.ok(error instanceof BadRequestError, String(error));
    assertNoLeak(error, KEY);
    assert.ok(error.providerMessage!.length <= 4096, `providerMessage is ${error.providerMessage!.length} chars`);
    assert.ok(error.message.length <= 8192, `message is ${error.message.length} chars`);
    assert.ok(JSON.stringify(error.body).length <= 80 * 1024, `body keeps ${JSON.stringify(error.body).length} chars`);
  });

  it('redact a non-JSON body before cutting it to a snippet', async () => {
    const error = await failWith({
      status: 502,
      headers: { 'content-type': 'text/plain' },
      body: `${'x'.repeat(180)} ${KEY} ${'y'.repeat(2 * MiB)}`,
    });
    assert.ok(error instanceof LlmuxError, String(error));
    assertNoLeak(error, KEY);
  });

  it('turn an error body nested 100,000 levels deep into a typed error', async () => {
    const deep = deepArray(100_000);
    for (const text of [`{"error":{"message":"deep","x":${deep}}}`, `{"detail":[${deep}]}`]) {
      const error = await failWith({ status: 400, body: text });
      assert.ok(error instanceof BadRequestError, String(error));
    }
  });

  it('turn a streamed error payload nested 100,000 levels deep into a typed error', async () => {
    const event = `data: {"error":{"message":"deep","type":${deepArray(100_000)}}}\n\n`;
    const error = await failWith({ status: 200, headers: { 'content-type': 'text/event-stream' }, body: event }, true);
    // Mapped as the provider's error (its message kept), not a stack overflow wrapped as a failure.
    assert.ok(error instanceof LlmuxError && error.constructor !== LlmuxError, String(error));
    assert.equal(error.providerMessage, 'deep');
    assert.ok(!(error.cause instanceof RangeError));
  });
});

describe('URL credentials', () => {
  it('a bad base URL is quoted without its userinfo or ?key=', async () => {
    for (const baseURL of [
      `htp://user:${URL_KEY}@example.test/v1`,
      `user:${URL_KEY}@example.test/v1`,
      `ftp://example.test/v1?key=${URL_KEY}`,
      `example.test/v1?api_key=${URL_KEY}`,
    ]) {
      const client = createClient({ providers: { openai: { baseURL, apiKey: KEY } }, env: {} });
      const error = await client.complete({ model: 'openai/gpt-4o', messages: [{ role: 'user', content: 'hi' }] }).then(
        () => assert.fail('a bad base URL was accepted'),
        (e: unknown) => e,
      );
      await client.close();
      assert.ok(error instanceof ConfigurationError, String(error));
      assertNoLeak(error, URL_KEY);
    }
  });

  it('a connection error (node:http and fetch) exposes neither the userinfo nor a ?key= of the base URL', async () => {
    const closed = await startScriptedServer();
    const port = new URL(closed.url).port;
    await closed.close();
    for (const make of [createNodeTransport, createFetchTransport]) {
      for (const baseURL of [`http://user:${URL_KEY}@127.0.0.1:${port}/v1`, `http://127.0.0.1:${port}/v1?key=${URL_KEY}`]) {
        const client = createClient({ providers: { openai: { baseURL, apiKey: KEY } }, env: {}, maxRetries: 0, transport: make() });
        const error = await client.complete({ model: 'openai/gpt-4o', messages: [{ role: 'user', content: 'hi' }] }).then(
          () => assert.fail('connected to a closed port'),
          (e: unknown) => e,
        );
        await client.close();
        assert.ok(error instanceof LlmuxError, String(error));
        assertNoLeak(error, URL_KEY);
        assertNoLeak(error, KEY);
      }
    }
  });
});

describe('OpenTelemetry span status', () => {
  it('is redacted and bounded', async () => {
    const exporter = new InMemorySpanExporter();
    const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
    const callbacks = createOtelCallbacks({ tracer: provider.getTracer('secrets-test') });
    await failWith(
      {
        status: 401,
        headers: { 'x-request-id': KEY },
        body: JSON.stringify({ error: { message: `bad key ${KEY} ${'z'.repeat(MiB)}`, code: KEY } }),
      },
      false,
      callbacks,
    );
    const spans = exporter.getFinishedSpans();
    assert.equal(spans.length, 1);
    const span = spans[0]!;
    assert.equal(span.status.code, SpanStatusCode.ERROR);
    const exposed = JSON.stringify({ status: span.status, attributes: span.attributes, events: span.events });
    assert.ok(!exposed.includes(KEY.slice(0, 10)), exposed.slice(0, 300));
    assert.ok((span.status.message ?? '').length <= 1024, `status message is ${(span.status.message ?? '').length} chars`);
    await provider.shutdown();
  });
});
