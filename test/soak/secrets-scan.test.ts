// Secrets: with sentinel keys configured, a representative mix of calls (errors of every class,
// retries, fallbacks, stream cuts, aborts, error bodies that echo the key, the CLI) must leave
// no trace of them in any error (message, stack, JSON, inspect with causes), callback payload,
// ledger entry, response, OpenTelemetry span or CLI output.
import assert from 'node:assert/strict';
import { inspect } from 'node:util';
import { after, before, describe, test } from 'node:test';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { LlmuxCallbacks } from '../../src/callbacks/callback-types.js';
import { isLlmuxError } from '../../src/base/errors.js';
import { createClient, type LlmuxClient } from '../../src/index.js';
import { type FaultSpec, type MockServer, startMockServer } from '../../src/mock-server/index.js';
import { createOtelCallbacks } from '../../src/otel/index.js';
import { Router } from '../../src/router/index.js';
import type { ChatRequest } from '../../src/base/types.js';
import { cleanEnv, runCli } from '../cli/cli-harness.js';

/** Key-shaped: caught by exact redaction and by the key-shape pattern. */
const SHAPED = 'sk-SENTINEL-5d1e0c7a9b3f42e8c6';
/** No known key shape: only exact redaction of the configured key can hide it. */
const PLAIN = 'SENTINELplain7d2c91e0b4a63f';
const SENTINELS = [SHAPED, PLAIN];

interface Sample {
  where: string;
  text: string;
}

/** Every way a value might be shown: JSON, and inspect with causes, hidden fields and getters. */
function render(value: unknown): string {
  let json = '';
  try {
    json = JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? String(v) : v)) ?? '';
  } catch (error) {
    json = `unserializable: ${String(error)}`;
  }
  const parts = [json, inspect(value, { depth: 30, showHidden: true, getters: true })];
  if (value instanceof Error) parts.push(value.message, value.stack ?? '', String(value));
  return parts.join('\n');
}

describe('secrets scan: sentinel keys appear nowhere', () => {
  const samples: Sample[] = [];
  const keep = (where: string, value: unknown): void => void samples.push({ where, text: render(value) });
  const capture = (prefix: string): LlmuxCallbacks => ({
    onRequest: (e) => keep(`${prefix} onRequest`, e),
    onResponse: (e) => keep(`${prefix} onResponse`, e),
    onChunk: (e) => keep(`${prefix} onChunk`, e),
    onError: (e) => keep(`${prefix} onError`, e),
    onRetry: (e) => keep(`${prefix} onRetry`, e),
    onFallback: (e) => keep(`${prefix} onFallback`, e),
    onStreamEnd: (e) => keep(`${prefix} onStreamEnd`, e),
  });
  const exporter = new InMemorySpanExporter();
  const tracer = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }).getTracer('llmux-secrets');
  const otel = createOtelCallbacks({ tracer, captureContent: true });
  const both = (prefix: string): LlmuxCallbacks => {
    const mine = capture(prefix);
    const out: LlmuxCallbacks = {};
    for (const name of Object.keys(mine) as (keyof LlmuxCallbacks)[]) {
      out[name] = ((event: never) => {
        (mine[name] as (e: never) => void)(event);
        void (otel[name] as ((e: never) => unknown) | undefined)?.(event);
      }) as never;
    }
    return out;
  };

  let open: MockServer;
  let locked: MockServer;
  let client: LlmuxClient;
  before(async () => {
    open = await startMockServer({ chunkDelayMs: 1 });
    locked = await startMockServer({ apiKey: 'the-right-key-is-not-the-sentinel' });
    client = createClient({
      providers: {
        openai: { baseURL: open.openaiBaseURL, apiKey: SHAPED },
        anthropic: { baseURL: open.anthropicBaseURL, apiKey: SHAPED },
        gateway: { baseURL: open.openaiBaseURL, apiKey: PLAIN },
        lockedgw: { baseURL: locked.openaiBaseURL, apiKey: PLAIN },
      },
      env: {},
      maxRetries: 0,
      callbacks: both('client'),
    });
  });
  after(async () => {
    client.close();
    await open.close();
    await locked.close();
  });

  /** Runs one call, keeping the error or response it ends in. */
  async function run(where: string, call: () => Promise<unknown>): Promise<unknown> {
    try {
      const value = await call();
      keep(`${where} result`, value);
      return value;
    } catch (error) {
      keep(`${where} error`, error);
      if (isLlmuxError(error))
        keep(`${where} error fields`, { ...error, partialResponse: error.partialResponse, body: error.body, cause: error.cause });
      return error;
    }
  }

  const echo = (status: number, key: string): FaultSpec => ({
    status,
    contentType: 'application/json',
    body: JSON.stringify({
      error: {
        message: `Incorrect API key provided: ${key}. You can find your API key at https://example.invalid.`,
        type: 'invalid_request_error',
        code: 'invalid_api_key',
        param: key,
      },
    }),
  });
  const anthropicEcho = (status: number, key: string): FaultSpec => ({
    status,
    contentType: 'application/json',
    body: JSON.stringify({ type: 'error', error: { type: 'authentication_error', message: `invalid x-api-key: ${key}` } }),
  });

  test('client calls: every error class, streamed and not, with error bodies that echo the key', async () => {
    const statusFaults: FaultSpec[] = [400, 401, 403, 404, 413, 422, 429, 500, 502, 503, 529].map((status) => ({
      status,
      retryAfterMs: 1,
    }));
    const faults: FaultSpec[] = [...statusFaults, { resetBeforeHeaders: true }, { body: 'not json {', contentType: 'application/json' }];
    // A proxy's HTML page echoing the key of the call it refused.
    const html = (key: string): FaultSpec => ({ status: 502, body: `<html>upstream rejected key ${key}</html>`, contentType: 'text/html' });
    const streamFaults: FaultSpec[] = [
      { resetAfterChunks: 2 },
      { malformedAfterChunks: 1 },
      { endAfterChunks: 2 },
      { stallAfterChunks: 1 },
    ];
    const errors: unknown[] = [];
    for (const [model, key, echoFault] of [
      ['openai/gpt-4o-mini', SHAPED, echo],
      ['gateway/some-model', PLAIN, echo],
      ['anthropic/claude-haiku-4-5', SHAPED, anthropicEcho],
    ] as const) {
      const api = model.startsWith('anthropic') ? 'anthropic' : 'openai';
      const request: ChatRequest = { model, messages: [{ role: 'user', content: 'secrets scan' }], max_tokens: 64 };
      for (const fault of [...faults, html(key), echoFault(401, key), echoFault(400, key), echoFault(500, key)]) {
        // Labels name the fault without the key it may carry.
        const label = JSON.stringify(fault).split(key).join('<key>').slice(0, 60);
        open.injectFaults([{ ...fault, api }]);
        errors.push(await run(`${model} complete ${label}`, () => client.complete(request)));
        open.injectFaults([{ ...fault, api }]);
        errors.push(await run(`${model} stream ${label}`, () => client.stream(request, { timeout: 300 }).finalResponse()));
      }
      for (const fault of streamFaults) {
        open.injectFaults([{ ...fault, api }]);
        errors.push(await run(`${model} stream ${JSON.stringify(fault)}`, () => client.stream(request, { timeout: 300 }).finalResponse()));
      }
      // Aborted mid-stream by the caller.
      const controller = new AbortController();
      errors.push(
        await run(`${model} abort`, async () => {
          for await (const _ of client.stream(request, { signal: controller.signal })) controller.abort();
        }),
      );
      await run(`${model} success`, () => client.complete(request));
    }
    // A server that refuses the key on its own, and a connection that is refused outright.
    errors.push(await run('locked 401', () => client.complete({ model: 'lockedgw/m', messages: [{ role: 'user', content: 'hi' }] })));
    errors.push(
      await run('refused', () =>
        client.complete({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] }, { baseURL: 'http://127.0.0.1:9' }),
      ),
    );
    const names = new Set(errors.filter(isLlmuxError).map((e) => e.name));
    for (const name of [
      'BadRequestError',
      'AuthenticationError',
      'PermissionDeniedError',
      'NotFoundError',
      'RateLimitError',
      'InternalServerError',
      'ServiceUnavailableError',
      'APIConnectionError',
      'APITimeoutError',
      'APIUserAbortError',
      'InvalidResponseError',
    ]) {
      assert.ok(names.has(name), `the mix produced a ${name} (got ${[...names].join(', ')})`);
    }
  });

  test('router calls: retries, fallbacks, stream cuts; callbacks and the ledger', async () => {
    const primary = await startMockServer({
      faults: [{ status: 500, times: 3 }, { status: 429, retryAfterMs: 1 }, echo(401, SHAPED), { resetBeforeHeaders: true }],
    });
    const backup = await startMockServer({ chunkDelayMs: 1 });
    const router = new Router({
      deployments: [
        { group: 'main', model: 'openai/gpt-4o-mini', apiKey: SHAPED, baseURL: primary.openaiBaseURL },
        { group: 'main', model: 'gateway/m', apiKey: PLAIN, baseURL: primary.openaiBaseURL },
        { group: 'spare', model: 'anthropic/claude-haiku-4-5', apiKey: SHAPED, baseURL: backup.anthropicBaseURL },
      ],
      client: { env: {}, providers: { gateway: { baseURL: primary.openaiBaseURL } } },
      fallbacks: { main: ['spare'] },
      numRetries: 1,
      cooldownMs: 10,
      callbacks: both('router'),
    });
    try {
      const request = { model: 'main', messages: [{ role: 'user' as const, content: 'route me' }], max_tokens: 64 };
      for (let i = 0; i < 6; i++) await run(`router complete ${i}`, () => router.complete(request));
      primary.injectFaults([{ status: 503, times: 4 }]);
      backup.injectFaults([{ resetAfterChunks: 2 }, anthropicEcho(401, SHAPED)]);
      for (let i = 0; i < 4; i++) await run(`router stream ${i}`, () => router.stream(request).finalResponse());
      keep('router ledger', router.ledger.entries());
      assert.ok(router.ledger.entries().some((e) => e.outcome === 'error'));
      assert.ok(
        router.ledger.entries().some((e) => e.group === 'spare'),
        'a fallback happened',
      );
    } finally {
      await router.close();
      await primary.close();
      await backup.close();
    }
  });

  test('the CLI chat, key in its environment, against a server that answers 401, 500 and an echoing 401', async () => {
    const refusing = await startMockServer({ apiKey: 'a-different-key' });
    const failing = await startMockServer({ faults: [{ status: 500, times: 20 }] });
    const echoing = await startMockServer({ faults: [{ ...echo(401, SHAPED), times: 20 }] });
    try {
      for (const [name, server] of [
        ['401', refusing],
        ['500', failing],
        ['echo 401', echoing],
      ] as const) {
        for (const extra of [[], ['--json'], ['--no-stream']]) {
          const env = cleanEnv({ OPENAI_API_KEY: SHAPED, OPENAI_BASE_URL: server.openaiBaseURL, LLMUX_TEST_PLAIN_SECRET: PLAIN });
          const result = await runCli(['chat', '--model', 'openai/gpt-4o-mini', ...extra, 'hello'], { env });
          keep(`cli chat ${name} ${extra.join(' ')} stdout`, result.stdout);
          keep(`cli chat ${name} ${extra.join(' ')} stderr`, result.stderr);
          assert.notEqual(result.code, 0, `cli chat against ${name} failed as it should: ${result.stderr}`);
        }
      }
    } finally {
      await refusing.close();
      await failing.close();
      await echoing.close();
    }
  });

  test('a key sent in extra_headers (authorization) stays out of callback payloads', async () => {
    const payloads: string[] = [];
    const own = createClient({
      providers: { gateway: { baseURL: open.openaiBaseURL } },
      env: {},
      callbacks: { onRequest: (e) => void payloads.push(render(e)), onResponse: (e) => void payloads.push(render(e)) },
    });
    try {
      await own.complete({
        model: 'gateway/m',
        messages: [{ role: 'user', content: 'hi' }],
        extra_headers: { authorization: `Bearer ${PLAIN}` },
      });
    } finally {
      own.close();
    }
    assert.equal(payloads.filter((p) => p.includes(PLAIN)).length, 0, 'the key was in a callback payload');
  });

  test('zero occurrences anywhere: errors, callback payloads, ledger, responses, spans, CLI output', async () => {
    await new Promise((resolve) => setTimeout(resolve, 50));
    for (const span of exporter.getFinishedSpans()) {
      keep(`span ${span.name}`, {
        name: span.name,
        attributes: span.attributes,
        events: span.events,
        status: span.status,
        links: span.links,
        resource: span.resource.attributes,
      });
    }
    assert.ok(samples.length > 200, `scanned ${samples.length} samples`);
    assert.ok(
      samples.some((s) => s.where.startsWith('span')),
      'spans were scanned',
    );
    const leaks = samples
      .filter((s) => SENTINELS.some((k) => s.text.includes(k) || s.text.includes(k.slice(0, 20))))
      .map((s) => {
        const key = SENTINELS.find((k) => s.text.includes(k.slice(0, 20)))!;
        const at = s.text.indexOf(key.slice(0, 20));
        return `${s.where}: …${s.text.slice(Math.max(0, at - 120), at + 40)}…`;
      });
    assert.deepEqual(leaks, []);
  });
});
