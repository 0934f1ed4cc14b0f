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
import { type NextAttempt, type RunAttemptsOptions, STOP, runAttempts } from '../util/run-attempts.js';
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

/**
 * One chat completion, returned whole, with retries. Not an async function: once the adapter
 * has loaded, a call that needs no check or callbacks to load first goes straight to its
 * attempts, and a call waiting for its answer holds no async function's promise or frame (see
 * bench/README.md, "Tenth pass"). Bad input still rejects; nothing here throws.
 */
export function completeCall(state: ClientState, request: ChatRequest, call: CallOptions = {}): Promise<ModelResponse> {
  try {
    const prepared = prepareCall(state, request, call);
    const pricer = state.parts.loadPricer?.();
    const { adapter } = prepared;
    return adapter instanceof Promise
      ? adapter.then((loaded) => new CompletionAttempts(state, request, call, prepared, loaded, pricer).start())
      : new CompletionAttempts(state, request, call, prepared, adapter, pricer).start();
  } catch (error) {
    return Promise.reject(error as Error);
  }
}

type LoadedPricer = ReturnType<NonNullable<ClientParts['loadPricer']>>;

/**
 * One completion once its adapter is at hand, and what `runAttempts` is told for it: an object
 * whose methods every call shares, not four closures and their context per call, which a
 * thousand calls in flight held (see bench/README.md, "Tenth pass"). The answer is taken in a
 * callback: no suspended frame.
 */
class CompletionAttempts implements RunAttemptsOptions<ModelResponse> {
  readonly signal: AbortSignal | undefined;
  readonly context: AdapterContext;
  readonly #state: ClientState;
  readonly #request: ChatRequest;
  readonly #call: CallOptions;
  readonly #prepared: PreparedCall;
  readonly #adapter: ProviderAdapter;
  readonly #pricer: LoadedPricer | undefined;
  #reporter: CallReporter | undefined = undefined;
  /** The request as sent: the caller's, or fitted to the model (see `fitRequest`). */
  #fitted: FittedRequest;

  constructor(
    state: ClientState,
    request: ChatRequest,
    call: CallOptions,
    prepared: PreparedCall,
    adapter: ProviderAdapter,
    pricer: LoadedPricer | undefined,
  ) {
    this.signal = call.signal;
    this.context = prepared.context;
    this.#state = state;
    this.#request = request;
    this.#call = call;
    this.#prepared = prepared;
    this.#adapter = adapter;
    this.#pricer = pricer;
    this.#fitted = { request };
  }

  /** The attempts, at once unless something must be checked or loaded first. Throws for an adapter that cannot complete. */
  start(): Promise<ModelResponse> {
    const { parts } = this.#state;
    const request = this.#request;
    const call = this.#call;
    const { context } = this;
    const adapter = this.#adapter;
    if (adapter.complete === undefined && parts.foldStream === undefined) {
      throw new ConfigurationError(`The "${adapter.provider}" adapter can only stream: call stream() and await its finalResponse()`, {
        provider: context.provider,
        model: context.model,
      });
    }
    // Written out (not `checksContextWindow`, `fits`): an llmux/lite app that only completes bundles less.
    const checks =
      (parts.preflight !== undefined && (call.checkContextWindow ?? parts.checkContextWindow)) ||
      (parts.fitRequest !== undefined && request.reasoning_effort != null);
    const reporting = checks ? undefined : reporterFor(this.#state, call, request, context.provider, false);
    if (checks || reporting instanceof Promise) return this.#startAfterWaits(reporting as Promise<CallReporter> | undefined);
    this.#reporter = reporting;
    return runAttempts(this);
  }

  /** The attempts of a call that checks its context window, fits its reasoning effort or waits for its reporter's code first. */
  async #startAfterWaits(loading: Promise<CallReporter> | undefined): Promise<ModelResponse> {
    const { parts } = this.#state;
    const request = this.#request;
    const call = this.#call;
    const { context } = this;
    if (loading === undefined && parts.preflight !== undefined && (call.checkContextWindow ?? parts.checkContextWindow))
      await parts.preflight(request, context);
    this.#reporter = await (loading ?? reporterFor(this.#state, call, request, context.provider, false));
    if (parts.fitRequest !== undefined && request.reasoning_effort != null)
      this.#fitted = await fitRequest(parts, request, this.#adapter, context);
    return runAttempts(this);
  }

  // Not async: `runAttempts` takes a throw here as the attempt's failure.
  run(attempt: number): Promise<ModelResponse> {
    this.#reporter?.request(attempt);
    const adapter = this.#adapter;
    const { request, warnings } = this.#fitted;
    const context = this.context;
    return (
      adapter.complete !== undefined ? adapter.complete(request, context) : this.#state.parts.foldStream!(adapter, request, context)
    ).then((response) => {
      if (warnings !== undefined) response.warnings = [...warnings, ...(response.warnings ?? [])];
      const pricer = this.#pricer;
      if (pricer === undefined || response.usage === undefined || response.cost !== undefined) return this.#finish(response, undefined);
      // Waited for only while the model table loads (the first calls of a process).
      return pricer instanceof Promise ? pricer.then((price) => this.#finish(response, price)) : this.#finish(response, pricer);
    });
  }

  onFailure(error: LlmuxError, attempt: number): NextAttempt {
    const next = retryWhileRetryable(error, attempt, this.#prepared.maxRetries);
    this.#reporter?.failure(error, next !== STOP);
    return next;
  }

  onAbort(error: LlmuxError): void {
    this.#reporter?.failure(error, false);
  }

  onRetry(error: LlmuxError, attempt: number, delayMs: number): void {
    announceRetry(this.#state.options, this.#reporter, this.#request.model, error, attempt, delayMs);
  }

  #finish(response: ModelResponse, price: Pricer | undefined): ModelResponse {
    priceResponse(response, price, this.context);
    this.#reporter?.success(response);
    return response;
  }
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
    // Without an asynchronous step once the adapter and the SSE loop have loaded and nothing is
    // checked or fitted first: the stream's first read then holds no async function's promise
    // while it waits for the answer (see bench/README.md, "Tenth pass").
    open: (signal, attempt) => {
      const { adapter } = prepared;
      if (
        !(adapter instanceof Promise) &&
        ready === undefined &&
        !(attempt === 0 && checksContextWindow(state, call)) &&
        (sent !== undefined || !fits(parts, request))
      )
        return openStream(adapter, (sent ??= request), context, parts, signal);
      return (async () => {
        const loaded = await adapter;
        // A reporter still loading is told of the attempt before its request goes out.
        if (ready !== undefined) await ready();
        if (attempt === 0 && checksContextWindow(state, call)) await parts.preflight!(request, context);
        if (sent === undefined) {
          if (fits(parts, request)) {
            const fitted = await fitRequest(parts, request, loaded, context);
            warnings = fitted.warnings;
            sent = fitted.request;
          } else sent = request;
        }
        return openStream(loaded, sent, context, parts, signal);
      })();
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

/** The adapter's stream of the request as sent, with the SSE loop in the call's context. */
function openStream(
  adapter: ProviderAdapter,
  sent: ChatRequest,
  context: AdapterContext,
  parts: ClientParts,
  signal: AbortSignal,
): AsyncIterable<ChatCompletionChunk> | Promise<AsyncIterable<ChatCompletionChunk>> {
  if (context.streamSSE !== undefined) return adapter.stream(sent, context);
  const loop = loadStreamSSE(parts, context);
  if (loop instanceof Promise) {
    return loop.then((loaded) => {
      useLoop(context, loaded, signal);
      return adapter.stream(sent, context);
    });
  }
  useLoop(context, loop, signal);
  return adapter.stream(sent, context);
}

/**
 * Completes the call's own context (prepareCall makes one per call) once for every attempt: the
 * signal is the stream's, the same each time. A copy per stream cost more.
 */
function useLoop(context: AdapterContext, loop: typeof streamSSEChunks, signal: AbortSignal): void {
  const sseOptions = { maxEventLength: context.maxResponseBytes, provider: context.provider, model: context.model };
  context.signal = signal;
  context.streamSSE = (source: SSEChunkSource): AsyncIterableIterator<ChatCompletionChunk> => loop(source, sseOptions);
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
