/**
 * Runs one fixture through an adapter against the replay server: builds the context the client
 * would build, calls complete() or stream(), collects chunks, result or error, and gives up
 * after the time limit so a hanging adapter fails instead of hanging the kit.
 */
import type { ProviderOptions } from '../core/resolve-provider.js';
import type { AdapterContext, ProviderAdapter, ProviderCompat } from '../providers/adapter-types.js';
import { createChunkAccumulator } from '../stream/accumulate-chunks.js';
import type { Transport } from '../transport/transport-types.js';
import type { ChatCompletionChunk, ModelResponse } from '../base/types.js';
import { type ConformanceFixture, FIXTURE_HEADER } from './fixture-types.js';
import type { ReplayExchange, ReplayOptions, ReplayServer } from './replay-server.js';
import { lookupModelInfo } from '../models/lookup-model-info.js';
import { streamSSEChunks } from '../stream/stream-sse-chunks.js';

/**
 * What a client hands every adapter call beyond its per-call facts (the model table's lookup and
 * the SSE loop); the kit's contexts carry the same, so adapters run as they do under a client.
 */
export const CLIENT_SERVICES: Pick<AdapterContext, 'modelInfo' | 'streamSSE'> = { modelInfo: lookupModelInfo, streamSSE: streamSSEChunks };

/**
 * The key every replayed call carries. Not shaped like any provider's key, so only an adapter
 * that scrubs `context.secrets` keeps it out of its errors.
 */
export const KIT_API_KEY = 'llmux-conformance-key-7c1e9a52d4';

export interface Kit {
  adapter: ProviderAdapter;
  provider: string;
  compat: ProviderCompat;
  providerOptions: ProviderOptions;
  server: ReplayServer;
  transport: Transport;
  timeoutMs: number;
  splitEvery: number | undefined;
}

export type Mode = 'complete' | 'stream';

export interface CaseOutcome {
  mode: Mode;
  /** The result of complete(), or the stream's chunks folded; undefined after an error. */
  response?: ModelResponse | undefined;
  chunks: ChatCompletionChunk[];
  /** What the call threw, if it did. */
  error?: unknown;
  timedOut: boolean;
  /** Why the case could not run with this adapter (e.g. no complete() for a JSON answer). */
  skipped?: string;
  exchange: ReplayExchange;
  durationMs: number;
}

export function modesOf(fixture: ConformanceFixture): Mode[] {
  return fixture.stream === 'both' ? ['complete', 'stream'] : [fixture.stream ? 'stream' : 'complete'];
}

export async function runCase(
  kit: Kit,
  fixture: ConformanceFixture,
  mode: Mode,
  replay: Omit<ReplayOptions, 'apiKey'> = {},
): Promise<CaseOutcome> {
  const started = performance.now();
  const splitEvery = replay.splitEvery ?? fixture.replay?.splitEvery ?? kit.splitEvery;
  const exchange = kit.server.arm(fixture, { ...replay, splitEvery, apiKey: KIT_API_KEY });
  const outcome: CaseOutcome = { mode, chunks: [], timedOut: false, exchange, durationMs: 0 };
  const viaStream = mode === 'stream' || kit.adapter.complete === undefined;
  if (mode === 'complete' && kit.adapter.complete === undefined && fixture.expect.error === undefined) {
    outcome.skipped = 'the adapter has no complete(): llmux folds stream() for complete() calls, so a non-streamed answer does not apply';
    exchange.disarm();
    return outcome;
  }
  const controller = new AbortController();
  const context = contextFor(kit, fixture, controller.signal, splitEvery);
  const request = structuredClone(fixture.request);
  const work = (async () => {
    if (!viaStream) {
      outcome.response = await kit.adapter.complete!(request, context);
      return;
    }
    const iterator = kit.adapter.stream(request, context)[Symbol.asyncIterator]();
    for (;;) {
      const next = await iterator.next();
      if (next.done === true) break;
      outcome.chunks.push(next.value);
    }
    outcome.response = fold(outcome.chunks, kit.provider);
  })();
  const finished = await settleWithin(work, kit.timeoutMs);
  if (finished.timedOut) {
    outcome.timedOut = true;
    controller.abort(new Error('conformance time limit'));
  } else if (finished.error !== undefined) {
    outcome.error = finished.error;
  }
  exchange.disarm();
  outcome.durationMs = performance.now() - started;
  return outcome;
}

/** The context the client builds for a call, aimed at the replay server. */
export function contextFor(
  kit: Kit,
  fixture: ConformanceFixture,
  signal: AbortSignal | undefined,
  splitEvery: number | undefined,
): AdapterContext {
  return {
    provider: kit.provider,
    model: modelFor(fixture.request.model, kit.provider),
    apiKey: KIT_API_KEY,
    baseURL: kit.server.url,
    headers: { [FIXTURE_HEADER]: fixture.id },
    transport: splitEvery === undefined ? kit.transport : rechunked(kit.transport, splitEvery),
    signal,
    timeoutMs: kit.timeoutMs,
    secrets: [KIT_API_KEY],
    compat: kit.compat,
    providerOptions: kit.providerOptions,
    ...CLIENT_SERVICES,
  };
}

/** The provider's model id: the model string minus a leading `<provider>/`. */
function modelFor(model: string, provider: string): string {
  return model.startsWith(`${provider}/`) ? model.slice(provider.length + 1) : model;
}

/**
 * A transport whose response bodies arrive in pieces of at most `size` bytes: the network may
 * split a body anywhere, and this makes the adapter's decoder see every such boundary.
 */
export function rechunked(transport: Transport, size: number): Transport {
  return {
    async request(request) {
      const response = await transport.request(request);
      const source = response.body;
      const body: AsyncIterable<Uint8Array> = {
        async *[Symbol.asyncIterator]() {
          for await (const piece of source) {
            for (let i = 0; i < piece.length; i += size) yield piece.subarray(i, i + size);
          }
        },
      };
      return { ...response, body };
    },
  };
}

/** The chunks folded into the `chat.completion` they add up to; undefined when they cannot be folded. */
export function fold(chunks: readonly ChatCompletionChunk[], provider: string): ModelResponse | undefined {
  try {
    const accumulator = createChunkAccumulator(provider);
    for (const chunk of chunks) accumulator.add(chunk);
    return accumulator.result();
  } catch {
    return undefined;
  }
}

/** The text the first choice's deltas carry, tolerant of malformed chunks. */
export function streamedText(chunks: readonly ChatCompletionChunk[]): string {
  let text = '';
  for (const chunk of chunks) {
    for (const choice of Array.isArray(chunk?.choices) ? chunk.choices : []) {
      const content = choice?.index === 0 ? choice.delta?.content : undefined;
      if (typeof content === 'string') text += content;
    }
  }
  return text;
}

export type Settled<T> = { timedOut: true } | { timedOut: false; value?: T; error?: unknown };

/** Waits for `promise` at most `ms`; never rejects. A late rejection is swallowed. */
export function settleWithin<T>(promise: Promise<T>, ms: number): Promise<Settled<T>> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve({ timedOut: true }), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve({ timedOut: false, value });
      },
      (error: unknown) => {
        clearTimeout(timer);
        resolve({ timedOut: false, error: error ?? new Error('rejected with no reason') });
      },
    );
  });
}
