import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { type HrTime, SpanKind, SpanStatusCode } from '@opentelemetry/api';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import type { CallEventBase, LlmuxCallbacks } from '../../src/callbacks/callback-types.js';
import { APIUserAbortError, RateLimitError, ServiceUnavailableError } from '../../src/base/errors.js';
import { createClient } from '../../src/index.js';
import { type MockServer, startMockServer } from '../../src/mock-server/index.js';
import { createOtelCallbacks } from '../../src/otel/index.js';
import type { ChatRequest, ModelResponse, PartialModelResponse } from '../../src/base/types.js';

const KEY = 'sk-otel-SENTINEL-4242';
const T0 = 1_700_000_000_000;

/** Counts started and ended spans, so a test can say none was left open. */
function openSpanCounter(): SpanProcessor & { open: () => number } {
  let started = 0;
  let ended = 0;
  return {
    onStart: () => void started++,
    onEnd: () => void ended++,
    forceFlush: () => Promise.resolve(),
    shutdown: () => Promise.resolve(),
    open: () => started - ended,
  };
}

const exporter = new InMemorySpanExporter();
const counter = openSpanCounter();
const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter), counter] });
const tracer = provider.getTracer('llmux-test');

const ms = (time: HrTime): number => time[0] * 1000 + time[1] / 1e6;
const spans = (): ReadableSpan[] => exporter.getFinishedSpans();

function base(overrides: Partial<CallEventBase> = {}): CallEventBase {
  return { callId: 'call-1', attempt: 0, model: 'openai/gpt-4o-mini', provider: 'openai', stream: false, timestamp: T0, ...overrides };
}

const request: ChatRequest = {
  model: 'openai/gpt-4o-mini',
  messages: [{ role: 'user', content: 'What is the weather in Paris?' }],
  temperature: 0.2,
  max_tokens: 64,
  extra_headers: { authorization: `Bearer ${KEY}` },
};

function modelResponse(overrides: Partial<ModelResponse> = {}): ModelResponse {
  return {
    id: 'chatcmpl-42',
    object: 'chat.completion',
    created: 1,
    model: 'gpt-4o-mini-2024-07-18',
    choices: [{ index: 0, message: { role: 'assistant', content: 'Rainy.', refusal: null }, finish_reason: 'stop', logprobs: null }],
    usage: { prompt_tokens: 12, completion_tokens: 3, total_tokens: 15 },
    ...overrides,
  };
}

/** Runs the handler the way llmux does: as a method of its set. */
function emit<K extends keyof LlmuxCallbacks>(
  callbacks: LlmuxCallbacks,
  name: K,
  event: Parameters<NonNullable<LlmuxCallbacks[K]>>[0],
): void {
  (callbacks[name] as ((e: typeof event) => void) | undefined)?.call(callbacks, event);
}

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('createOtelCallbacks: synthetic events', () => {
  beforeEach(() => exporter.reset());

  it('a successful call: one CLIENT span named chat {model}, timed by the events', () => {
    const callbacks = createOtelCallbacks({ tracer });
    emit(callbacks, 'onRequest', { ...base(), request });
    assert.equal(spans().length, 0, 'the span is open until the response');
    const response = modelResponse();
    emit(callbacks, 'onResponse', {
      ...base({ timestamp: T0 + 850 }),
      response,
      usage: response.usage,
      cost: { total: 0.00042, currency: 'USD', source: 'table' },
      latencyMs: 850,
    });

    assert.equal(spans().length, 1);
    const span = spans()[0]!;
    assert.equal(span.name, 'chat gpt-4o-mini');
    assert.equal(span.kind, SpanKind.CLIENT);
    assert.equal(span.status.code, SpanStatusCode.UNSET);
    assert.equal(ms(span.startTime), T0);
    assert.equal(ms(span.endTime), T0 + 850);
    assert.deepEqual(span.attributes, {
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'openai',
      'gen_ai.request.model': 'gpt-4o-mini',
      'gen_ai.request.max_tokens': 64,
      'gen_ai.request.temperature': 0.2,
      'llmux.call_id': 'call-1',
      'llmux.attempt': 0,
      'llmux.stream': false,
      'gen_ai.response.model': 'gpt-4o-mini-2024-07-18',
      'gen_ai.response.id': 'chatcmpl-42',
      'gen_ai.response.finish_reasons': ['stop'],
      'gen_ai.usage.input_tokens': 12,
      'gen_ai.usage.output_tokens': 3,
      'llmux.cost.usd': 0.00042,
    });
    assert.equal(counter.open(), 0);
  });

  it('a stream: ends at onStreamEnd with time to first chunk', () => {
    const callbacks = createOtelCallbacks({ tracer });
    const stream = base({ stream: true, provider: 'xai', model: 'xai/grok-4' });
    emit(callbacks, 'onRequest', { ...stream, request: { ...request, model: 'xai/grok-4' } });
    const response = modelResponse({ model: 'grok-4' });
    emit(callbacks, 'onResponse', {
      ...stream,
      timestamp: T0 + 900,
      response,
      usage: response.usage,
      cost: undefined,
      latencyMs: 900,
      timeToFirstTokenMs: 120,
    });
    emit(callbacks, 'onStreamEnd', {
      ...stream,
      timestamp: T0 + 901,
      outcome: 'completed',
      response,
      usage: response.usage,
      cost: undefined,
      chunks: 5,
      latencyMs: 901,
      timeToFirstTokenMs: 120,
    });

    assert.equal(spans().length, 1);
    const span = spans()[0]!;
    assert.equal(span.name, 'chat grok-4');
    assert.equal(span.attributes['gen_ai.provider.name'], 'x_ai');
    assert.equal(span.attributes['gen_ai.request.stream'], true);
    assert.equal(span.attributes['llmux.stream'], true);
    assert.equal(span.attributes['gen_ai.response.time_to_first_chunk'], 0.12);
    assert.equal(span.attributes['gen_ai.usage.output_tokens'], 3);
    assert.equal(ms(span.endTime), T0 + 901);
    assert.equal(span.status.code, SpanStatusCode.UNSET);
    assert.equal(counter.open(), 0);
  });

  it('a stream whose end event never comes is still ended after its response', async () => {
    const callbacks = createOtelCallbacks({ tracer });
    const stream = base({ stream: true });
    emit(callbacks, 'onRequest', { ...stream, request });
    const response = modelResponse();
    emit(callbacks, 'onResponse', { ...stream, timestamp: T0 + 10, response, usage: response.usage, cost: undefined, latencyMs: 10 });
    await tick();
    assert.equal(spans().length, 1);
    assert.equal(ms(spans()[0]!.endTime), T0 + 10);
    assert.equal(counter.open(), 0);
  });

  it('a failure, a retry, then success: two spans, the first in error, the second carrying the retry', () => {
    const callbacks = createOtelCallbacks({ tracer });
    const error = new RateLimitError('Rate limit reached for requests', { status: 429, provider: 'openai' });
    emit(callbacks, 'onRequest', { ...base(), request });
    emit(callbacks, 'onError', { ...base({ timestamp: T0 + 100 }), error, latencyMs: 100, willRetry: true, willFallback: false });
    emit(callbacks, 'onRetry', { ...base({ timestamp: T0 + 101 }), error, delayMs: 400 });
    emit(callbacks, 'onRequest', { ...base({ attempt: 1, timestamp: T0 + 501 }), request });
    const response = modelResponse();
    emit(callbacks, 'onResponse', {
      ...base({ attempt: 1, timestamp: T0 + 900 }),
      response,
      usage: response.usage,
      cost: undefined,
      latencyMs: 399,
    });

    const [failed, succeeded] = spans();
    assert.ok(failed !== undefined && succeeded !== undefined);
    assert.equal(spans().length, 2);
    assert.equal(failed.attributes['llmux.attempt'], 0);
    assert.equal(failed.attributes['error.type'], 'RateLimitError');
    assert.equal(failed.attributes['llmux.will_retry'], true);
    assert.equal(failed.status.code, SpanStatusCode.ERROR);
    assert.equal(failed.status.message, 'Rate limit reached for requests');
    assert.equal(ms(failed.startTime), T0);
    assert.equal(ms(failed.endTime), T0 + 100);

    assert.equal(succeeded.attributes['llmux.attempt'], 1);
    assert.equal(succeeded.attributes['llmux.call_id'], 'call-1');
    assert.equal('error.type' in succeeded.attributes, false);
    assert.equal(succeeded.status.code, SpanStatusCode.UNSET);
    assert.equal(ms(succeeded.startTime), T0 + 501);
    assert.equal(ms(succeeded.endTime), T0 + 900);
    assert.deepEqual(
      succeeded.events.map((e) => [e.name, e.attributes]),
      [['llmux.retry', { 'llmux.retry.previous_attempt': 0, 'llmux.retry.delay_ms': 400, 'error.type': 'RateLimitError' }]],
    );
    assert.equal(succeeded.links.length, 1);
    assert.equal(succeeded.links[0]!.context.spanId, failed.spanContext().spanId);
    assert.equal(counter.open(), 0);
  });

  it('a fallback: the next group’s attempt carries a fallback event and links to the failed attempt', () => {
    const callbacks = createOtelCallbacks({ tracer });
    const error = new ServiceUnavailableError('Overloaded', { status: 503, provider: 'anthropic' });
    const first = base({ model: 'anthropic/claude-sonnet-4-5', provider: 'anthropic', group: 'smart', deployment: 'claude-a' });
    emit(callbacks, 'onRequest', { ...first, request });
    emit(callbacks, 'onError', { ...first, timestamp: T0 + 50, error, latencyMs: 50, willRetry: false, willFallback: true });
    emit(callbacks, 'onFallback', { ...first, timestamp: T0 + 51, error, fromGroup: 'smart', toGroup: 'cheap', reason: 'error' });
    const second = base({
      attempt: 1,
      model: 'groq/llama-3.3-70b',
      provider: 'groq',
      group: 'cheap',
      deployment: 'groq-a',
      timestamp: T0 + 60,
    });
    emit(callbacks, 'onRequest', { ...second, request });
    const response = modelResponse({ model: 'llama-3.3-70b' });
    emit(callbacks, 'onResponse', { ...second, timestamp: T0 + 200, response, usage: response.usage, cost: undefined, latencyMs: 140 });

    const [failed, fallback] = spans();
    assert.ok(failed !== undefined && fallback !== undefined);
    assert.equal(failed.name, 'chat claude-sonnet-4-5');
    assert.equal(failed.attributes['gen_ai.provider.name'], 'anthropic');
    assert.equal(failed.attributes['llmux.router.group'], 'smart');
    assert.equal(failed.attributes['llmux.router.deployment'], 'claude-a');
    assert.equal(failed.attributes['error.type'], 'ServiceUnavailableError');
    assert.equal(failed.attributes['llmux.will_fallback'], true);
    assert.equal(failed.status.code, SpanStatusCode.ERROR);

    assert.equal(fallback.name, 'chat llama-3.3-70b');
    assert.equal(fallback.attributes['gen_ai.provider.name'], 'groq');
    assert.equal(fallback.attributes['llmux.router.group'], 'cheap');
    assert.equal(fallback.status.code, SpanStatusCode.UNSET);
    assert.deepEqual(
      fallback.events.map((e) => [e.name, e.attributes]),
      [
        [
          'llmux.fallback',
          {
            'llmux.fallback.previous_attempt': 0,
            'llmux.fallback.from_group': 'smart',
            'llmux.fallback.to_group': 'cheap',
            'llmux.fallback.reason': 'error',
            'error.type': 'ServiceUnavailableError',
          },
        ],
      ],
    );
    assert.equal(fallback.links[0]?.context.spanId, failed.spanContext().spanId);
    assert.equal(counter.open(), 0);
  });

  it('a stream that fails mid-way: one error span with what had arrived', () => {
    const callbacks = createOtelCallbacks({ tracer });
    const stream = base({ stream: true });
    const error = new ServiceUnavailableError('Connection reset mid-stream', { provider: 'openai' });
    const { usage: _usage, ...rest } = modelResponse();
    const partial: PartialModelResponse = {
      ...rest,
      choices: [{ index: 0, message: { role: 'assistant', content: 'Rai', refusal: null }, finish_reason: null, logprobs: null }],
    };
    emit(callbacks, 'onRequest', { ...stream, request });
    emit(callbacks, 'onError', { ...stream, timestamp: T0 + 300, error, latencyMs: 300, willRetry: false, willFallback: false });
    emit(callbacks, 'onStreamEnd', {
      ...stream,
      timestamp: T0 + 301,
      outcome: 'error',
      response: partial,
      usage: undefined,
      cost: undefined,
      chunks: 2,
      latencyMs: 301,
      timeToFirstTokenMs: 80,
      error,
    });

    assert.equal(spans().length, 1);
    const span = spans()[0]!;
    assert.equal(span.status.code, SpanStatusCode.ERROR);
    assert.equal(span.attributes['error.type'], 'ServiceUnavailableError');
    assert.deepEqual(span.attributes['gen_ai.response.finish_reasons'], ['error']);
    assert.equal(span.attributes['gen_ai.response.time_to_first_chunk'], 0.08);
    assert.equal(ms(span.endTime), T0 + 301);
    assert.equal(counter.open(), 0);
  });

  it('a stream the caller abandons is an APIUserAbortError span', () => {
    const callbacks = createOtelCallbacks({ tracer });
    const stream = base({ stream: true });
    emit(callbacks, 'onRequest', { ...stream, request });
    const error = new APIUserAbortError('The stream was closed before it ended');
    emit(callbacks, 'onStreamEnd', {
      ...stream,
      timestamp: T0 + 5,
      outcome: 'aborted',
      response: undefined,
      usage: undefined,
      cost: undefined,
      chunks: 1,
      latencyMs: 5,
      error,
    });
    const span = spans()[0]!;
    assert.equal(span.attributes['error.type'], 'APIUserAbortError');
    assert.equal(span.status.code, SpanStatusCode.ERROR);
    assert.equal(counter.open(), 0);
  });

  it('never leaks: an attempt whose end never came is closed by the next; duplicates are ignored', () => {
    const callbacks = createOtelCallbacks({ tracer });
    emit(callbacks, 'onRequest', { ...base(), request });
    emit(callbacks, 'onRequest', { ...base(), request });
    emit(callbacks, 'onRequest', { ...base({ attempt: 1, timestamp: T0 + 7 }), request });
    assert.equal(spans().length, 1, 'attempt 0 was ended when attempt 1 started');
    assert.equal(ms(spans()[0]!.endTime), T0 + 7);
    const response = modelResponse();
    const done = { ...base({ attempt: 1, timestamp: T0 + 9 }), response, usage: response.usage, cost: undefined, latencyMs: 2 };
    emit(callbacks, 'onResponse', done);
    emit(callbacks, 'onResponse', done);
    assert.equal(spans().length, 2);
    assert.equal(counter.open(), 0);
    // Events for attempts never started are ignored.
    emit(callbacks, 'onResponse', { ...done, callId: 'unknown' });
    emit(callbacks, 'onError', {
      ...base({ callId: 'unknown' }),
      error: new RateLimitError('x'),
      latencyMs: 1,
      willRetry: false,
      willFallback: false,
    });
    assert.equal(spans().length, 2);
  });

  it('content is off by default and on when asked; no key ever reaches a span', () => {
    const response = modelResponse();
    for (const captureContent of [false, true]) {
      exporter.reset();
      const callbacks = createOtelCallbacks({ tracer, captureContent });
      emit(callbacks, 'onRequest', { ...base(), request });
      emit(callbacks, 'onResponse', { ...base({ timestamp: T0 + 1 }), response, usage: response.usage, cost: undefined, latencyMs: 1 });
      const span = spans()[0]!;
      assert.equal('gen_ai.input.messages' in span.attributes, captureContent);
      assert.equal('gen_ai.output.messages' in span.attributes, captureContent);
      const text = JSON.stringify({ attributes: span.attributes, events: span.events, status: span.status, links: span.links });
      assert.equal(text.includes('SENTINEL'), false);
      assert.doesNotMatch(text, /sk-[A-Za-z0-9-]{8,}|Bearer /);
    }
    const span = spans()[0]!;
    assert.deepEqual(JSON.parse(span.attributes['gen_ai.input.messages'] as string), [
      { role: 'user', parts: [{ type: 'text', content: 'What is the weather in Paris?' }] },
    ]);
    assert.deepEqual(JSON.parse(span.attributes['gen_ai.output.messages'] as string), [
      { role: 'assistant', parts: [{ type: 'text', content: 'Rainy.' }], finish_reason: 'stop' },
    ]);
  });

  it('takes a tracer provider, naming its tracer llmux', () => {
    const callbacks = createOtelCallbacks({ tracerProvider: provider });
    emit(callbacks, 'onRequest', { ...base(), request });
    const response = modelResponse();
    emit(callbacks, 'onResponse', { ...base(), response, usage: response.usage, cost: undefined, latencyMs: 0 });
    assert.equal(spans()[0]!.instrumentationScope.name, 'llmux');
  });

  it('does not listen for chunks, so the client never builds chunk events for it', () => {
    assert.equal(createOtelCallbacks({ tracer }).onChunk, undefined);
  });
});

describe('createOtelCallbacks: through a real client and the mock server', () => {
  let server: MockServer;
  before(async () => {
    server = await startMockServer();
  });
  after(() => server.close());
  beforeEach(() => exporter.reset());

  const make = (captureContent = false) =>
    createClient({
      env: {},
      providers: { openai: { baseURL: server.openaiBaseURL, apiKey: KEY } },
      callbacks: createOtelCallbacks({ tracer, captureContent }),
    });

  it('complete(): one span with response, usage and timing', async () => {
    const client = make();
    const before = Date.now();
    const response = await client.complete({
      model: 'openai/gpt-4o-mini',
      messages: [{ role: 'user', content: 'Say hi' }],
      max_tokens: 20,
    });
    client.close();
    await tick();
    assert.equal(spans().length, 1);
    const span = spans()[0]!;
    assert.equal(span.name, 'chat gpt-4o-mini');
    assert.equal(span.kind, SpanKind.CLIENT);
    assert.equal(span.attributes['gen_ai.provider.name'], 'openai');
    assert.equal(span.attributes['gen_ai.request.max_tokens'], 20);
    assert.equal(span.attributes['gen_ai.response.id'], response.id);
    assert.equal(span.attributes['gen_ai.response.model'], response.model);
    assert.equal(span.attributes['gen_ai.usage.input_tokens'], response.usage?.prompt_tokens);
    assert.equal(span.attributes['gen_ai.usage.output_tokens'], response.usage?.completion_tokens);
    assert.equal(typeof span.attributes['llmux.call_id'], 'string');
    assert.equal(span.status.code, SpanStatusCode.UNSET);
    assert.ok(ms(span.startTime) >= before - 1 && ms(span.endTime) >= ms(span.startTime));
    assert.equal(counter.open(), 0);
  });

  it('stream(): one span with time to first chunk', async () => {
    const client = make(true);
    const stream = client.stream({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'Stream a few words please' }] });
    for await (const _chunk of stream) {
      // drain
    }
    client.close();
    await tick();
    assert.equal(spans().length, 1);
    const span = spans()[0]!;
    assert.equal(span.attributes['gen_ai.request.stream'], true);
    assert.equal(typeof span.attributes['gen_ai.response.time_to_first_chunk'], 'number');
    assert.deepEqual(span.attributes['gen_ai.response.finish_reasons'], ['stop']);
    assert.equal(typeof span.attributes['gen_ai.output.messages'], 'string');
    assert.equal(counter.open(), 0);
    assert.equal(JSON.stringify(span.attributes).includes('SENTINEL'), false);
  });

  it('a 429 then success: two spans, the first a RateLimitError', async () => {
    const client = make();
    server.injectFaults([{ status: 429, retryAfterMs: 5, api: 'openai' }]);
    await client.complete({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'Retry me' }] });
    client.close();
    await tick();
    const [failed, succeeded] = spans();
    assert.equal(spans().length, 2);
    assert.equal(failed?.attributes['error.type'], 'RateLimitError');
    assert.equal(failed?.status.code, SpanStatusCode.ERROR);
    assert.equal(succeeded?.status.code, SpanStatusCode.UNSET);
    assert.equal(succeeded?.attributes['llmux.attempt'], 1);
    assert.equal(succeeded?.events[0]?.name, 'llmux.retry');
    assert.equal(succeeded?.events[0]?.attributes?.['llmux.retry.delay_ms'], 5);
    assert.equal(failed?.attributes['llmux.call_id'], succeeded?.attributes['llmux.call_id']);
    assert.equal(counter.open(), 0);
    const text = JSON.stringify(spans().map((s) => ({ a: s.attributes, e: s.events, st: s.status })));
    assert.equal(text.includes('SENTINEL'), false);
  });
});
