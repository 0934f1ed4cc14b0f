/**
 * The call loop every client shares: validation, adapter loading, retries with backoff,
 * timeouts, callbacks, pricing and the pre-flight context-window check. What differs between
 * `createClient` (every built-in provider, loaded lazily) and the explicit-composition client
 * of `llmux/lite` (only the providers it is given) comes in as `ClientParts`, so a bundle of
 * the latter holds none of the former's registry, transports or model table.
 */
import { ConfigurationError, type LlmuxError } from '../base/errors.js';
import type { LlmuxCallbacks } from '../callbacks/callback-types.js';
import type { CallReporter } from '../callbacks/call-reporter.js';
import { carriedReporter } from '../callbacks/reporter-key.js';
import type { Pricer } from './load-pricer.js';
import type { Env, ResolveCallOptions, ResolvedCall } from './resolve-call.js';
import { retryWhileRetryable } from '../util/retry-policy.js';
import { STOP, runAttempts } from '../util/run-attempts.js';
import { validateRequest } from './validate-request.js';
import { checkHeaders } from './check-headers.js';
import { type HeaderLayer, mergeCallerHeaders } from '../util/merge-headers.js';
import type { AdapterContext, PromptCacheOption, ProviderAdapter, WireApi } from '../providers/adapter-types.js';
import { LlmStream } from '../stream/llm-stream.js';
import type { SSEChunkSource, streamSSEChunks } from '../stream/stream-sse-chunks.js';
import type { Transport } from '../transport/transport-types.js';
import type { ChatCompletionChunk, ChatRequest, LlmuxWarning, ModelResponse } from '../base/types.js';
import type { FittedRequest } from './fit-reasoning-effort.js';

/** Default longest silence (ms) before a request or stream is abandoned: 10 minutes. */
export const DEFAULT_TIMEOUT_MS = 600_000;
export const DEFAULT_MAX_RETRIES = 2;

/** Settings every client takes. */
export interface BaseClientOptions {
  /** Retries after a retryable failure (429, 5xx, connection errors). Default 2. */
  maxRetries?: number;
  /**
   * Longest silence in ms: no response headers, or no next stream chunk, within this time
   * fails the attempt with `APITimeoutError`. Default 600000.
   */
  timeout?: number;
  /**
   * Most bytes of a response body read whole (success or error, counted after decompression),
   * and longest line or event of a stream; past it the call fails with `InvalidResponseError`.
   * Default 33554432 (32 MiB).
   */
  maxResponseBytes?: number;
  /**
   * Longest a whole call may take in ms, retries and the streamed body included; past it the
   * call fails with `APITimeoutError` (code `DEADLINE_EXCEEDED`, not retried). Default: none.
   */
  deadline?: number;
  /** Headers sent on every request of this client (names in any case; `null` unsets one). */
  headers?: HeaderLayer;
  /** Where keys and base URLs are read from (default `process.env`). */
  env?: Env;
  /**
   * Callbacks for every call of this client: request, response (usage, cost, latency, time to
   * first token), chunk, error, retry, stream end. They never break or delay a call.
   */
  callbacks?: LlmuxCallbacks;
  /**
   * Called before each retry, with the number of the attempt to come. Exceptions thrown here are
   * ignored.
   *
   * @deprecated Use `callbacks: { onRetry }` (its `RetryEvent` carries the error, `delayMs`, the
   * model and the failed attempt's number; an `llmux/lite` client takes it through
   * `withCallbacks`). Both are told by the same retry; this alias will be removed in the next
   * major release.
   */
  onRetry?: (info: { error: LlmuxError; attempt: number; delayMs: number; model: string }) => void;
  /**
   * Automatic prompt caching for every call (a call's own `cache` wins): on Anthropic, up to 4
   * `cache_control` breakpoints (last tool, system prompt, last turns), unless the request
   * places its own; on OpenAI, a `prompt_cache_key`. See the README, "Prompt caching".
   */
  cache?: PromptCacheOption;
}

/** Options for one call; they win over the client's. */
export interface CallOptions {
  signal?: AbortSignal;
  /** See `ClientOptions.checkContextWindow`. */
  checkContextWindow?: boolean;
  /** Callbacks for this call only, after the client's. */
  callbacks?: LlmuxCallbacks;
  timeout?: number;
  /** See `ClientOptions.deadline`. */
  deadline?: number;
  maxRetries?: number;
  apiKey?: string;
  baseURL?: string;
  /** Headers for this call, over the client's and the provider's (`null` unsets one). */
  headers?: HeaderLayer;
  /** For an OpenAI(-compatible) provider: the wire API of this call (see `ProviderOptions.api`). */
  api?: WireApi;
  /** See `ClientOptions.cache`. */
  cache?: PromptCacheOption;
}

export interface LlmuxClient {
  /** One chat completion, returned whole. */
  complete(request: ChatRequest, options?: CallOptions): Promise<ModelResponse>;
  /** One chat completion, streamed. Throws `ConfigurationError` at once for bad input. */
  stream(request: ChatRequest, options?: CallOptions): LlmStream;
  /**
   * The prompt's token count from the provider's own counting endpoint (Anthropic's
   * count_tokens), or undefined when the provider has none or no API key is configured for it.
   * Most users want `countTokens` from `llmux/models`, which falls back to a tokenizer or an
   * estimate.
   */
  countProviderTokens(request: ChatRequest, options?: CallOptions): Promise<number | undefined>;
  /** Closes pooled connections so the process can exit promptly. */
  close(): void;
}

/** What a kind of client plugs into the shared call loop. */
export interface ClientParts {
  /** Provider, model, adapter, key and base URL for one call. */
  resolve(model: string, env: Env, call: CallOptions & ResolveCallOptions): ResolvedCall;
  /**
   * The adapter that answers a request's `mock_response` without a request, whatever its model
   * (absent: such a request is refused, never sent).
   */
  mock?: () => Promise<ProviderAdapter>;
  /** Creates the client's transport; called once, on the first request. */
  createTransport(): Promise<Transport>;
  /** Loads the pricer on a call's start (absent: responses are not priced). */
  loadPricer?: () => Promise<Pricer | undefined>;
  /** The context-window check, when `checkContextWindow` asks for it (absent: never checked). */
  preflight?: (request: ChatRequest, context: Pick<AdapterContext, 'provider' | 'model'>) => Promise<void>;
  /** The client-wide `checkContextWindow` setting. */
  checkContextWindow?: boolean;
  /** See `AdapterContext.loadResponsesAdapter`. */
  loadResponsesAdapter?: AdapterContext['loadResponsesAdapter'];
  /** The model table's lookup, handed to adapters (see `AdapterContext.modelInfo`). */
  modelInfo?: AdapterContext['modelInfo'];
  /**
   * Fits a request to the model before the adapter sees it (`reasoning_effort` moved to a level
   * the model takes, with a warning); called only for a request that sets it. Absent
   * (`llmux/lite`): the request goes as asked.
   */
  fitRequest?: (request: ChatRequest, adapterProvider: string, context: Pick<AdapterContext, 'provider' | 'model' | 'modelInfo'>) => Promise<FittedRequest>;
  /**
   * Turns callbacks into events. Absent (`llmux/lite`), callbacks must arrive wrapped by
   * `withCallbacks`, which carries it, so an app without callbacks bundles none of it.
   */
  Reporter?: typeof CallReporter;
  /**
   * Builds `complete()` from the stream for an adapter without a native non-streaming path
   * (absent: such an adapter can only stream).
   */
  foldStream?: (adapter: ProviderAdapter, request: ChatRequest, context: AdapterContext) => Promise<ModelResponse>;
  /**
   * The SSE chunk loop a stream's adapter reads its events with, asked for when a stream opens:
   * the full client loads it with its first stream, `llmux/lite` sets it in its `stream()`, so
   * an app that never streams carries none of it (absent: no stream can be opened).
   */
  loadStreamSSE?: () => typeof streamSSEChunks | Promise<typeof streamSSEChunks>;
}

/**
 * One client's settings, parts and connection state. The call functions below take it, so a
 * client built of them (`llmux/lite`) bundles only the calls an app makes.
 */
export interface ClientState {
  readonly options: BaseClientOptions;
  readonly parts: ClientParts;
  /** Adapters get a transport that is only created on their first request (the mock never makes one). */
  readonly transport: Transport;
  /** Closes the transport, if one was made; the next request makes a new one. */
  close(): void;
  readonly adapters: Map<() => Promise<ProviderAdapter>, Promise<ProviderAdapter>>;
}

interface PreparedCall {
  adapter: Promise<ProviderAdapter>;
  context: Omit<AdapterContext, 'transport' | 'signal'>;
  maxRetries: number;
}

/** A client's state: nothing is created until its first request. */
export function createClientState(options: BaseClientOptions, parts: ClientParts): ClientState {
  let transport: Promise<Transport> | undefined;
  return {
    options,
    parts,
    transport: { request: (request) => (transport ??= parts.createTransport()).then((t) => t.request(request)) },
    close() {
      void transport?.then((t) => t.close?.());
      transport = undefined;
    },
    adapters: new Map(),
  };
}

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

function loadAdapter(state: ClientState, adapter: ResolvedCall['adapter']): Promise<ProviderAdapter> {
  if (typeof adapter !== 'function') return Promise.resolve(adapter);
  let loaded = state.adapters.get(adapter);
  if (loaded === undefined) {
    loaded = adapter();
    state.adapters.set(adapter, loaded);
  }
  return loaded;
}

function prepare(state: ClientState, request: ChatRequest, call: CallOptions): PreparedCall {
  const { options } = state;
  validateRequest(request);
  const env = options.env ?? (globalThis as { process?: { env?: Env } }).process?.env ?? {};
  const mocked = request.mock_response !== undefined;
  const resolved = state.parts.resolve(request.model, env, mocked ? { ...call, keyOptional: true } : call);
  const { headers, unsetHeaders } = mergeCallerHeaders(options.headers, resolved.headers, call.headers, request.extra_headers);
  checkHeaders(headers, resolved.apiKey, { provider: resolved.provider, model: resolved.model });
  return {
    adapter: loadAdapter(state, mocked ? mockAdapterFor(state.parts, resolved) : resolved.adapter),
    maxRetries: call.maxRetries ?? options.maxRetries ?? DEFAULT_MAX_RETRIES,
    context: {
      provider: resolved.provider,
      model: resolved.model,
      apiKey: resolved.apiKey,
      baseURL: resolved.baseURL,
      headers,
      unsetHeaders,
      timeoutMs: call.timeout ?? options.timeout ?? DEFAULT_TIMEOUT_MS,
      maxResponseBytes: options.maxResponseBytes,
      deadlineAt: deadlineAt(call.deadline ?? options.deadline),
      secrets: resolved.apiKey === undefined ? [] : [resolved.apiKey],
      compat: resolved.compat,
      providerOptions: resolved.options,
      modelInfo: state.parts.modelInfo,
      api: call.api ?? resolved.options.api,
      loadResponsesAdapter: state.parts.loadResponsesAdapter,
      cache: call.cache ?? options.cache,
    },
  };
}

function deadlineAt(deadline: number | undefined): number | undefined {
  return deadline === undefined || !(deadline > 0) ? undefined : Date.now() + deadline;
}

/**
 * What answers a `mock_response` (litellm's way of testing without a provider): the mock
 * adapter, on any model, so no request is sent, no key is needed and nothing is paid for. A
 * client without it refuses the request rather than send it with the mock stripped off.
 */
function mockAdapterFor(parts: ClientParts, resolved: ResolvedCall): ResolvedCall['adapter'] {
  const { adapter, provider, model } = resolved;
  if (typeof adapter === 'object' && adapter.provider === 'mock') return adapter;
  if (parts.mock !== undefined) return parts.mock;
  throw new ConfigurationError(
    `mock_response needs createClient from "llmux": this client has no mock, and never sends it to "${provider}"`,
    { provider, model },
  );
}

async function preflight(state: ClientState, request: ChatRequest, call: CallOptions, context: Pick<AdapterContext, 'provider' | 'model'>): Promise<void> {
  const { parts } = state;
  if (parts.preflight !== undefined && (call.checkContextWindow ?? parts.checkContextWindow)) await parts.preflight(request, context);
}

/** The call's reporter, when the client or the call has callbacks. */
function reporterFor(state: ClientState, call: CallOptions, request: ChatRequest, provider: string, stream: boolean): CallReporter | undefined {
  const { options } = state;
  const sets = [options.callbacks, call.callbacks];
  if (sets.every((set) => set === undefined)) return undefined;
  const Reporter = state.parts.Reporter ?? carriedReporter(options.callbacks) ?? carriedReporter(call.callbacks);
  if (Reporter === undefined) {
    throw new ConfigurationError('Callbacks for an llmux/lite client must be wrapped: callbacks: withCallbacks({ onResponse, ... }) with withCallbacks from "llmux/lite"', { provider, model: request.model });
  }
  return new Reporter(sets, request, { model: request.model, provider, stream });
}

/**
 * The one place a client announces a retry: the call's `onRetry` callbacks, then the
 * deprecated `onRetry` client option. `attempt` is the number of the attempt to come.
 */
function announceRetry(options: BaseClientOptions, reporter: CallReporter | undefined, model: string, error: LlmuxError, attempt: number, delayMs: number): void {
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
  const prepared = prepare(state, request, call);
  const pricer = parts.loadPricer?.();
  const adapter = await prepared.adapter;
  const context: AdapterContext = { ...prepared.context, transport: state.transport, signal: call.signal };
  const fold = parts.foldStream;
  if (adapter.complete === undefined && fold === undefined) {
    throw new ConfigurationError(`The "${adapter.provider}" adapter can only stream: call stream() and await its finalResponse()`, { provider: context.provider, model: context.model });
  }
  await preflight(state, request, call, context);
  const reporter = reporterFor(state, call, request, context.provider, false);
  const fitted = await fitRequest(parts, request, adapter, context);
  const sent = fitted.request;
  return runAttempts({
    signal: call.signal,
    context,
    run: async (attempt) => {
      reporter?.request(attempt);
      const response = adapter.complete !== undefined ? await adapter.complete(sent, context) : await fold!(adapter, sent, context);
      if (fitted.warnings !== undefined) response.warnings = [...fitted.warnings, ...(response.warnings ?? [])];
      if (pricer !== undefined && response.usage !== undefined && response.cost === undefined) priceResponse(response, await pricer, context);
      reporter?.success(response);
      return response;
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
  const prepared = prepare(state, request, call);
  const reporter = reporterFor(state, call, request, prepared.context.provider, true);
  let fitting: Promise<FittedRequest> | undefined;
  let warnings: LlmuxWarning[] | undefined;
  return new LlmStream({
    warnings: () => warnings,
    observer: reporter?.streamObserver(),
    maxRetries: prepared.maxRetries,
    provider: prepared.context.provider,
    model: prepared.context.model,
    signal: call.signal,
    onRetry: (error, attempt, delayMs) => announceRetry(options, reporter, request.model, error, attempt, delayMs),
    pricer: parts.loadPricer?.(),
    open: async (signal, attempt) => {
      const adapter = await prepared.adapter;
      if (attempt === 0) await preflight(state, request, call, prepared.context);
      const { provider, model, maxResponseBytes } = prepared.context;
      const loop = await loadStreamSSE(parts, prepared.context);
      const streamSSE = (source: SSEChunkSource): AsyncIterableIterator<ChatCompletionChunk> => loop(source, { maxEventLength: maxResponseBytes, provider, model });
      if (fitting === undefined) {
        fitting = fitRequest(parts, request, adapter, prepared.context);
        warnings = (await fitting).warnings;
      }
      const { request: sent } = await fitting;
      return adapter.stream(sent, { ...prepared.context, transport: state.transport, signal, streamSSE });
    },
  });
}

function loadStreamSSE(parts: ClientParts, context: Pick<AdapterContext, 'provider' | 'model'>): typeof streamSSEChunks | Promise<typeof streamSSEChunks> {
  if (parts.loadStreamSSE === undefined) throw new ConfigurationError('This client cannot stream: its parts have no SSE chunk loop', { provider: context.provider, model: context.model });
  return parts.loadStreamSSE();
}

/** The prompt's token count from the provider's own counting endpoint (see `LlmuxClient`). */
export async function countProviderTokensCall(state: ClientState, request: ChatRequest, call: CallOptions = {}): Promise<number | undefined> {
  let prepared: PreparedCall;
  try {
    prepared = prepare(state, request, call);
  } catch (error) {
    // No key for the provider: there is nobody to ask, which is an answer, not a failure.
    if (error instanceof ConfigurationError && error.message.startsWith('No API key')) return undefined;
    throw error;
  }
  const adapter = await prepared.adapter;
  if (adapter.countTokens === undefined) return undefined;
  const result = await adapter.countTokens(request, { ...prepared.context, transport: state.transport, signal: call.signal });
  return result.input_tokens;
}

/** Fits a request to the model (see `ClientParts.fitRequest`); as it is without the hook. */
async function fitRequest(parts: ClientParts, request: ChatRequest, adapter: ProviderAdapter, context: Pick<AdapterContext, 'provider' | 'model' | 'modelInfo'>): Promise<FittedRequest> {
  if (parts.fitRequest === undefined || request.reasoning_effort == null) return { request };
  try {
    return await parts.fitRequest(request, adapter.provider, context);
  } catch {
    // Fitting is a courtesy: a failure sends the request as asked.
    return { request };
  }
}

function priceResponse(response: ModelResponse, price: Pricer | undefined, context: Pick<AdapterContext, 'provider' | 'model'>): void {
  const cost = price?.(response, response.provider ?? context.provider, context.model);
  if (cost !== undefined) response.cost = cost;
}
