/**
 * The call loop every client shares: adapter loading, retries with backoff, timeouts,
 * callbacks, pricing and the pre-flight context-window check (a call's preparation is in
 * `prepare-call.ts`). What differs between `createClient` (every built-in provider, loaded
 * lazily) and the explicit-composition client of `llmux/lite` (only the providers it is given)
 * comes in as `ClientParts`, so a bundle of the latter holds none of the former's registry,
 * transports or model table.
 */
import { ConfigurationError, type LlmuxError } from '../base/errors.js';
import type { CallReporter } from '../callbacks/call-reporter.js';
import { carriedReporter } from '../callbacks/reporter-key.js';
import type { Pricer } from './load-pricer.js';
import { retryWhileRetryable } from '../util/retry-policy.js';
import { STOP, runAttempts } from '../util/run-attempts.js';
import type { AdapterContext, ProviderAdapter } from '../providers/adapter-types.js';
import { LlmStream } from '../stream/llm-stream.js';
import type { SSEChunkSource, streamSSEChunks } from '../stream/stream-sse-chunks.js';
import type { LlmStreamSource } from '../stream/llm-stream-source.js';
import type { ChatCompletionChunk, ChatRequest, LlmuxWarning, ModelResponse } from '../base/types.js';
import type { FittedRequest } from './fit-reasoning-effort.js';
import type { BaseClientOptions, CallOptions, LlmuxClient } from './client-options.js';
import { type ClientParts, type ClientState, createClientState } from './client-state.js';
import { type PreparedCall, prepareCall } from './prepare-call.js';

export { DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT_MS } from './client-options.js';
export type { BaseClientOptions, CallOptions, LlmuxClient } from './client-options.js';
export { type ClientParts, type ClientState, createClientState } from './client-state.js';

/** Builds a client from its parts. Each client owns its connection pool and settings. */
export function createClientCore(options: BaseClientOptions, parts: ClientParts): LlmuxClient {
  const state = createClientState(options, parts);
  return {
    complete: (request, call) => completeCall(state, request, call),
    stream: (request, call) => streamCall(state, request, call),
    countProviderTokens: (request, call) => countProviderTokensCall(state, request, call),
    close: () => state.close(),
  };
}

/** Whether the context-window check runs for this call. */
function checksContextWindow(state: ClientState, call: CallOptions): boolean {
  const { parts } = state;
  return parts.preflight !== undefined && Boolean(call.checkContextWindow ?? parts.checkContextWindow);
}

/**
 * The call's reporter, when the client or the call has callbacks: a promise of it while its code
 * is still loading (see `ClientParts.loadReporter`).
 */
function reporterFor(
  state: ClientState,
  call: CallOptions,
  request: ChatRequest,
  provider: string,
  stream: boolean,
): CallReporter | Promise<CallReporter> | undefined {
  const { options, parts } = state;
  if (options.callbacks === undefined && call.callbacks === undefined) return undefined;
  const Reporter = parts.loadReporter?.() ?? carriedReporter(options.callbacks) ?? carriedReporter(call.callbacks);
  if (Reporter === undefined) {
    throw new ConfigurationError(
      'Callbacks for an llmux/lite client must be wrapped: callbacks: withCallbacks({ onResponse, ... }) with withCallbacks from "llmux/lite"',
      { provider, model: request.model },
    );
  }
  const make = (R: typeof CallReporter): CallReporter =>
    new R([options.callbacks, call.callbacks], request, { model: request.model, provider, stream });
  return Reporter instanceof Promise ? Reporter.then(make) : make(Reporter);
}

/**
 * The one place a client announces a retry: the call's `onRetry` callbacks, then the
 * deprecated `onRetry` client option. `attempt` is the number of the attempt to come.
 */
function announceRetry(
  options: BaseClientOptions,
  reporter: CallReporter | undefined,
  model: string,
  error: LlmuxError,
  attempt: number,
  delayMs: number,
): void {
  reporter?.retry(error, delayMs);
  try {
    options.onRetry?.({ error, attempt, delayMs, model });
  } catch {
    // A callback must never break the call.
  }
}

/** One chat completion, returned whole, with retries. */
export async function completeCall(state: ClientState, request: ChatRequest, call: CallOptions = {}): Promise<ModelResponse> {
  const { options, parts } = state;
  const prepared = prepareCall(state, request, call);
  const pricer = parts.loadPricer?.();
  const adapter = await prepared.adapter;
  const { context } = prepared;
  const fold = parts.foldStream;
  if (adapter.complete === undefined && fold === undefined) {
    throw new ConfigurationError(`The "${adapter.provider}" adapter can only stream: call stream() and await its finalResponse()`, {
      provider: context.provider,
      model: context.model,
    });
  }
  // Written out (not `checksContextWindow`, `fits`): an llmux/lite app that only completes bundles less.
  if (parts.preflight !== undefined && (call.checkContextWindow ?? parts.checkContextWindow)) await parts.preflight(request, context);
  // Awaited only while the reporter's code loads: an await per call costs every call a promise.
  const reporting = reporterFor(state, call, request, context.provider, false);
  const reporter = reporting instanceof Promise ? await reporting : reporting;
  const fitted: FittedRequest =
    parts.fitRequest !== undefined && request.reasoning_effort != null ? await fitRequest(parts, request, adapter, context) : { request };
  const { request: sent, warnings } = fitted;
  return runAttempts({
    signal: call.signal,
    context,
    // The answer is taken in a callback: a call waiting for it holds no suspended frame here.
    run: async (attempt) => {
      reporter?.request(attempt);
      return (adapter.complete !== undefined ? adapter.complete(sent, context) : fold!(adapter, sent, context)).then(async (response) => {
        if (warnings !== undefined) response.warnings = [...warnings, ...(response.warnings ?? [])];
        if (pricer !== undefined && response.usage !== undefined && response.cost === undefined)
          priceResponse(response, await pricer, context);
        reporter?.success(response);
        return response;
      });
    },
    onFailure: (error, attempt) => {
      const next = retryWhileRetryable(error, attempt, prepared.maxRetries);
      reporter?.failure(error, next !== STOP);
      return next;
    },
    onAbort: (error) => reporter?.failure(error, false),
    onRetry: (error, attempt, delayMs) => announceRetry(options, reporter, request.model, error, attempt, delayMs),
  });
}

/** One chat completion, streamed. Throws `ConfigurationError` at once for bad input. */
export function streamCall(state: ClientState, request: ChatRequest, call: CallOptions = {}): LlmStream {
  const { options, parts } = state;
  const prepared = prepareCall(state, request, call);
  const { context } = prepared;
  const reporting = reporterFor(state, call, request, context.provider, true);
  let reporter = reporting instanceof Promise ? undefined : reporting;
  let sent: ChatRequest | undefined;
  let warnings: LlmuxWarning[] | undefined;
  const source: LlmStreamSource = {
    warnings: () => warnings,
    observer: reporter?.streamObserver(),
    maxRetries: prepared.maxRetries,
    provider: context.provider,
    model: context.model,
    signal: call.signal,
    onRetry: (error, attempt, delayMs) => announceRetry(options, reporter, request.model, error, attempt, delayMs),
    pricer: parts.loadPricer?.(),
    open: async (signal, attempt) => {
      const adapter = await prepared.adapter;
      // A reporter still loading is told of the attempt before its request goes out.
      if (ready !== undefined) await ready();
      if (attempt === 0 && checksContextWindow(state, call)) await parts.preflight!(request, context);
      if (sent === undefined) {
        if (fits(parts, request)) {
          const fitted = await fitRequest(parts, request, adapter, context);
          warnings = fitted.warnings;
          sent = fitted.request;
        } else sent = request;
      }
      if (context.streamSSE === undefined) {
        const loop = await loadStreamSSE(parts, context);
        const sseOptions = { maxEventLength: context.maxResponseBytes, provider: context.provider, model: context.model };
        // The call's own context (prepareCall makes one per call), completed once for every
        // attempt: the signal is the stream's, the same each time. A copy per stream cost more.
        context.signal = signal;
        context.streamSSE = (source: SSEChunkSource): AsyncIterableIterator<ChatCompletionChunk> => loop(source, sseOptions);
      }
      return adapter.stream(sent, context);
    },
  };
  const ready =
    reporting instanceof Promise
      ? parts.deferObserver!(
          source,
          reporting.then((r) => (reporter = r)),
        )
      : undefined;
  return new LlmStream(source);
}

function loadStreamSSE(
  parts: ClientParts,
  context: Pick<AdapterContext, 'provider' | 'model'>,
): typeof streamSSEChunks | Promise<typeof streamSSEChunks> {
  if (parts.loadStreamSSE === undefined)
    throw new ConfigurationError('This client cannot stream: its parts have no SSE chunk loop', {
      provider: context.provider,
      model: context.model,
    });
  return parts.loadStreamSSE();
}

/** The prompt's token count from the provider's own counting endpoint (see `LlmuxClient`). */
export async function countProviderTokensCall(
  state: ClientState,
  request: ChatRequest,
  call: CallOptions = {},
): Promise<number | undefined> {
  let prepared: PreparedCall;
  try {
    prepared = prepareCall(state, request, call);
  } catch (error) {
    // No key for the provider: there is nobody to ask, which is an answer, not a failure.
    if (error instanceof ConfigurationError && error.message.startsWith('No API key')) return undefined;
    throw error;
  }
  const adapter = await prepared.adapter;
  if (adapter.countTokens === undefined) return undefined;
  const result = await adapter.countTokens(request, prepared.context);
  return result.input_tokens;
}

/** Whether the request goes through `ClientParts.fitRequest` (only one that sets `reasoning_effort`). */
function fits(parts: ClientParts, request: ChatRequest): boolean {
  return parts.fitRequest !== undefined && request.reasoning_effort != null;
}

/** Fits a request to the model (see `ClientParts.fitRequest`). */
async function fitRequest(
  parts: ClientParts,
  request: ChatRequest,
  adapter: ProviderAdapter,
  context: Pick<AdapterContext, 'provider' | 'model' | 'modelInfo'>,
): Promise<FittedRequest> {
  try {
    return await parts.fitRequest!(request, adapter.provider, context);
  } catch {
    // Fitting is a courtesy: a failure sends the request as asked.
    return { request };
  }
}

function priceResponse(response: ModelResponse, price: Pricer | undefined, context: Pick<AdapterContext, 'provider' | 'model'>): void {
  const cost = price?.(response, response.provider ?? context.provider, context.model);
  if (cost !== undefined) response.cost = cost;
}
