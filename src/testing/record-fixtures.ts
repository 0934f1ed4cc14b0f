/**
 * The fixture recorder: sends the probe requests (plain, streamed, tool call streamed and not, a
 * bad key) to a real endpoint through an adapter, and writes each exchange as a conformance
 * fixture. Keys never reach a file: credential headers are dropped, the key's every occurrence
 * becomes `{{API_KEY}}`, and a file that would still hold it is refused.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { redactText, isSecretHeader } from '../util/redact.js';
import type { ProviderOptions } from '../core/resolve-provider.js';
import type { AdapterContext, ProviderAdapter, ProviderCompat } from '../providers/adapter-types.js';
import { createSSEParser, type SSEEvent } from '../transport/sse.js';
import { createNodeTransport } from '../transport/node-transport.js';
import type { Transport } from '../transport/transport-types.js';
import type { ChatCompletionChunk, ChatRequest, ModelResponse } from '../base/types.js';
import { summarizeError } from './compare-response.js';
import {
  API_KEY_PLACEHOLDER,
  type ConformanceFixture,
  type ExpectedOutcome,
  type FixtureEvent,
  type FixtureResponse,
} from './fixture-types.js';
import { builtInCompat, loadAdapter } from './load-adapter.js';
import { INVALID_KEY, probeRequests } from './live-probes.js';
import { type RecordedExchange, recordingTransport } from './recording-transport.js';
import { formatEvent } from './render-response.js';
import { CLIENT_SERVICES, fold, settleWithin } from './run-case.js';

export interface RecordOptions {
  provider: string;
  /** The provider's model id (without `provider/`). */
  model: string;
  apiKey: string | undefined;
  baseURL: string;
  /** Where the fixture files go (created if missing). */
  outDir: string;
  /** Default: the built-in adapter of `provider`. */
  adapter?: ProviderAdapter | string;
  compat?: ProviderCompat;
  providerOptions?: ProviderOptions;
  /** Per call, default 60000. */
  timeoutMs?: number;
  transport?: Transport;
  /** The recording date written in `source` (default now). */
  now?: Date;
}

export interface RecordResult {
  /** The files written, in probe order. */
  files: string[];
  fixtures: ConformanceFixture[];
}

interface Probe {
  id: string;
  request: ChatRequest;
  stream: boolean;
  apiKey?: string;
}

/** Response headers worth keeping: they change what an adapter does. The rest (cookies, org ids, tracing) are dropped. */
const KEPT_HEADERS =
  /^(?:content-type|retry-after|retry-after-ms|x-should-retry|x-request-id|request-id|x-generation-id|x-ratelimit-.*|anthropic-ratelimit-.*)$/;
/** Request headers every client sends; not worth pinning. */
const GENERIC_REQUEST_HEADERS = new Set([
  'content-type',
  'accept',
  'content-length',
  'host',
  'connection',
  'user-agent',
  'accept-encoding',
]);

export async function recordFixtures(options: RecordOptions): Promise<RecordResult> {
  const loaded = await loadAdapter(options.adapter, options.provider);
  if (!loaded.ok) throw new Error(loaded.problem);
  const probes = probeRequests(options.provider, options.model);
  const list: Probe[] = [
    { id: 'text', request: probes.text, stream: false },
    { id: 'text-stream', request: probes.text, stream: true },
    { id: 'tool-calls', request: probes.tool, stream: false },
    { id: 'tool-calls-stream', request: probes.tool, stream: true },
    { id: 'error-401', request: probes.text, stream: false, apiKey: INVALID_KEY },
  ];
  const inner = options.transport ?? createNodeTransport();
  const secrets = [options.apiKey, INVALID_KEY].filter((k): k is string => k !== undefined && k !== '');
  const date = (options.now ?? new Date()).toISOString().slice(0, 10);
  const origin = new URL(options.baseURL).origin;
  const fixtures: ConformanceFixture[] = [];
  try {
    for (const probe of list) {
      const { transport, exchanges } = recordingTransport(inner);
      const apiKey = probe.apiKey ?? options.apiKey;
      const context: AdapterContext = {
        provider: options.provider,
        model: options.model,
        apiKey,
        baseURL: options.baseURL.replace(/\/+$/, ''),
        headers: {},
        transport,
        signal: undefined,
        timeoutMs: options.timeoutMs ?? 60_000,
        secrets,
        compat: options.compat ?? builtInCompat(options.provider),
        providerOptions: options.providerOptions ?? {},
        ...CLIENT_SERVICES,
      };
      const outcome = await callOnce(loaded.adapter, probe, context, options.timeoutMs ?? 60_000);
      const exchange = exchanges[0];
      if (exchange === undefined)
        throw new Error(
          `${probe.id}: the adapter sent no request${outcome.error === undefined ? '' : ` (${String(summarizeError(outcome.error)['message'])})`}`,
        );
      const fixture: ConformanceFixture = {
        id: `${options.provider}-${probe.id}`,
        source: `recorded: llmux adapter record ${options.provider} --model ${options.model}, ${date}, from ${origin}`,
        stream: probe.stream,
        request: probe.request,
        expectRequest: expectedRequest(exchange, options.baseURL, apiKey ?? ''),
        response: recordedResponse(exchange, secrets),
        expect: expectedOutcome(outcome, probe.stream),
      };
      const text = `${JSON.stringify(fixture, null, 2)}\n`;
      // The last word: whatever path a key took into the fixture, it does not reach the disk.
      if (secrets.some((secret) => text.includes(secret)))
        throw new Error(`${probe.id}: the recorded exchange still holds the API key after stripping; nothing was written for it`);
      fixtures.push(JSON.parse(redactText(text, secrets)) as ConformanceFixture);
    }
  } finally {
    if (options.transport === undefined) inner.close?.();
  }
  await mkdir(options.outDir, { recursive: true });
  const files: string[] = [];
  for (const fixture of fixtures) {
    const file = join(options.outDir, `${fixture.id}.json`);
    await writeFile(file, `${JSON.stringify(fixture, null, 2)}\n`);
    files.push(file);
  }
  return { files, fixtures };
}

interface Outcome {
  response?: ModelResponse | undefined;
  chunks: ChatCompletionChunk[];
  error?: unknown;
}

async function callOnce(adapter: ProviderAdapter, probe: Probe, context: AdapterContext, timeoutMs: number): Promise<Outcome> {
  const out: Outcome = { chunks: [] };
  const work = (async () => {
    if (!probe.stream && adapter.complete !== undefined) {
      out.response = await adapter.complete(structuredClone(probe.request), context);
      return;
    }
    for await (const chunk of adapter.stream(structuredClone(probe.request), context)) out.chunks.push(chunk);
    out.response = fold(out.chunks, context.provider);
  })();
  const settled = await settleWithin(work, timeoutMs);
  if (settled.timedOut) throw new Error(`${probe.id}: no answer within ${timeoutMs} ms`);
  if (settled.error !== undefined) out.error = settled.error;
  return out;
}

function expectedRequest(exchange: RecordedExchange, baseURL: string, apiKey: string): NonNullable<ConformanceFixture['expectRequest']> {
  const url = new URL(exchange.request.url);
  const basePath = new URL(baseURL).pathname.replace(/\/+$/, '');
  const path = basePath !== '' && url.pathname.startsWith(basePath) ? url.pathname.slice(basePath.length) : url.pathname;
  const headers: Record<string, string> = {};
  let authHeader: string | undefined;
  for (const [name, value] of Object.entries(exchange.request.headers)) {
    const lower = name.toLowerCase();
    if (apiKey !== '' && value.includes(apiKey)) authHeader ??= lower;
    else if (!isSecretHeader(lower) && !GENERIC_REQUEST_HEADERS.has(lower)) headers[lower] = value;
  }
  const body: Record<string, unknown> = {};
  try {
    const sent = JSON.parse(exchange.request.body ?? '') as Record<string, unknown>;
    for (const field of ['model', 'stream']) if (sent[field] !== undefined) body[field] = sent[field];
  } catch {
    // Not JSON: nothing to pin.
  }
  return {
    method: exchange.request.method,
    path,
    ...(authHeader === undefined ? {} : { authHeader }),
    ...(Object.keys(headers).length === 0 ? {} : { headers }),
    ...(Object.keys(body).length === 0 ? {} : { body }),
  };
}

function recordedResponse(exchange: RecordedExchange, secrets: readonly string[]): FixtureResponse {
  const scrub = (text: string): string => secrets.reduce((out, secret) => out.split(secret).join(API_KEY_PLACEHOLDER), text);
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(exchange.headers)) {
    if (KEPT_HEADERS.test(name) && !isSecretHeader(name)) headers[name] = scrub(value);
  }
  const text = scrub(Buffer.concat(exchange.body).toString('utf8'));
  const response: FixtureResponse = { status: exchange.status, headers };
  if ((headers['content-type'] ?? '').includes('text/event-stream')) {
    const events = parseEvents(text);
    // Events only when they give back the very same bytes; otherwise the raw text, byte for byte.
    if (events.map(formatEvent).join('') === text) response.events = events;
    else response.body = text;
    return response;
  }
  try {
    response.json = JSON.parse(text);
  } catch {
    response.body = text;
  }
  return response;
}

function parseEvents(text: string): FixtureEvent[] {
  const raw: SSEEvent[] = [];
  const parser = createSSEParser({ onEvent: (event) => raw.push(event) });
  parser.feed(text);
  parser.end();
  return raw.map((event) => {
    const data = readable(event.data);
    return event.event === undefined ? { data } : { event: event.event, data };
  });
}

/** A JSON payload as an object when that re-serialises to the same text, else the text itself. */
function readable(data: string): unknown {
  try {
    const value = JSON.parse(data) as unknown;
    return value !== null && typeof value === 'object' && JSON.stringify(value) === data ? value : data;
  } catch {
    return data;
  }
}

function expectedOutcome(outcome: Outcome, stream: boolean): ExpectedOutcome {
  if (outcome.error !== undefined) {
    const e = summarizeError(outcome.error);
    return {
      error: {
        name: String(e['name']),
        ...(typeof e['status'] === 'number' ? { status: e['status'] } : {}),
        ...(typeof e['retryAfterMs'] === 'number' ? { retryAfterMs: e['retryAfterMs'] } : {}),
        ...(typeof e['retryable'] === 'boolean' ? { retryable: e['retryable'] } : {}),
      },
    };
  }
  const response = outcome.response!;
  const choice = response.choices[0];
  const message = choice?.message;
  const expected: ExpectedOutcome = {
    response: {
      id: response.id,
      model: response.model,
      content: message?.content ?? null,
      ...(typeof message?.reasoning_content === 'string' ? { reasoning_content: message.reasoning_content } : {}),
      ...(choice === undefined ? {} : { finish_reason: choice.finish_reason }),
      ...(message?.tool_calls === undefined
        ? {}
        : { tool_calls: message.tool_calls.map((t) => ({ id: t.id, name: t.function.name, arguments: parseOr(t.function.arguments) })) }),
      ...(response.usage === undefined
        ? {}
        : {
            usage: {
              prompt_tokens: response.usage.prompt_tokens,
              completion_tokens: response.usage.completion_tokens,
              total_tokens: response.usage.total_tokens,
            },
          }),
    },
  };
  if (stream) {
    const content = outcome.chunks.filter((c) =>
      c.choices?.some((x) => typeof x.delta?.content === 'string' && x.delta.content !== ''),
    ).length;
    const args = outcome.chunks.filter((c) => c.choices?.some((x) => x.delta?.tool_calls?.some((t) => t.function?.arguments))).length;
    const chunks: NonNullable<ExpectedOutcome['chunks']> = {};
    if (content >= 2) chunks.minContentChunks = 2;
    if (args >= 2) chunks.minToolArgumentChunks = 2;
    if (Object.keys(chunks).length > 0) expected.chunks = chunks;
  }
  return expected;
}

function parseOr(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
