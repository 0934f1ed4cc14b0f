/**
 * The client: resolves `provider/model`, loads the adapter on first use, runs the call with
 * retries and timeouts. Each client owns its connection pool and settings; nothing is global.
 */
import { APIUserAbortError, ConfigurationError, LlmuxError } from './errors.js';
import type { LlmuxCallbacks } from './callbacks/callback-types.js';
import { CallReporter } from './callbacks/call-reporter.js';
import { type Pricer, loadPricer } from './core/load-pricer.js';
import { type Env, type ProviderOptions, resolveCall } from './core/resolve-provider.js';
import { shouldRetry } from './core/retry-policy.js';
import type { AdapterContext, ProviderAdapter } from './providers/adapter-types.js';
import { createChunkAccumulator } from './stream/accumulate-chunks.js';
import { LlmStream } from './stream/llm-stream.js';
import { isNodeRuntime } from './transport/detect-runtime.js';
import type { FetchFunction } from './transport/fetch-transport.js';
import type { Transport } from './transport/transport-types.js';
import type { ChatRequest, ModelResponse } from './types.js';

/** Default longest silence (ms) before a request or stream is abandoned: 10 minutes. */
export const DEFAULT_TIMEOUT_MS = 600_000;
export const DEFAULT_MAX_RETRIES = 2;

export interface ClientOptions {
  /** Keys, base URLs and headers per provider; also defines new OpenAI-compatible providers. */
  providers?: Record<string, ProviderOptions>;
  /** Retries after a retryable failure (429, 5xx, connection errors). Default 2. */
  maxRetries?: number;
  /**
   * Longest silence in ms: no response headers, or no next stream chunk, within this time
   * fails the attempt with `APITimeoutError`. Default 600000.
   */
  timeout?: number;
  /** Headers sent on every request of this client. */
  headers?: Record<string, string>;
  /** Use this `fetch` instead of the built-in transport. */
  fetch?: FetchFunction;
  /** Use this transport (advanced; tests, proxies). */
  transport?: Transport;
  /** Where keys and base URLs are read from (default `process.env`). */
  env?: Env;
  /**
   * Put `cost` on every response (and on the usage chunk of a stream) whose model the model
   * table prices or whose provider reports a cost. Default true; false never loads the table.
   */
  cost?: boolean;
  /**
   * Before sending, count the prompt's tokens and fail with `ContextWindowExceededError` when it
   * is longer than the model's context window (from the model table). Default false. Counting
   * is local: exact for OpenAI models with gpt-tokenizer installed, an estimate otherwise.
   */
  checkContextWindow?: boolean;
  /**
   * Callbacks for every call of this client: request, response (usage, cost, latency, time to
   * first token), chunk, error, retry, stream end. They never break or delay a call.
   */
  callbacks?: LlmuxCallbacks;
  /** Called before each retry. Exceptions thrown here are ignored. */
  onRetry?: (info: { error: LlmuxError; attempt: number; delayMs: number; model: string }) => void;
}

/** Options for one call; they win over the client's. */
export interface CallOptions {
  signal?: AbortSignal;
  /** See `ClientOptions.checkContextWindow`. */
  checkContextWindow?: boolean;
  /** Callbacks for this call only, after the client's. */
  callbacks?: LlmuxCallbacks;
  timeout?: number;
  maxRetries?: number;
  apiKey?: string;
  baseURL?: string;
  headers?: Record<string, string>;
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

interface PreparedCall {
  adapter: Promise<ProviderAdapter>;
  context: Omit<AdapterContext, 'transport' | 'signal'>;
  maxRetries: number;
}

/** Creates an isolated client. */
export function createClient(options: ClientOptions = {}): LlmuxClient {
  let transport: Promise<Transport> | undefined;
  // Adapters get a transport that is only created on their first request (the mock never makes one).
  const lazyTransport: Transport = { request: (request) => getTransport().then((t) => t.request(request)) };
  const adapters = new Map<() => Promise<ProviderAdapter>, Promise<ProviderAdapter>>();

  const getTransport = (): Promise<Transport> =>
    (transport ??= options.transport !== undefined
      ? Promise.resolve(options.transport)
      : options.fetch !== undefined
        ? import('./transport/fetch-transport.js').then((m) => m.createFetchTransport(options.fetch))
        : isNodeRuntime()
          ? import('./transport/node-transport.js').then((m) => m.createNodeTransport())
          : import('./transport/fetch-transport.js').then((m) => m.createFetchTransport()));

  const loadAdapter = (load: () => Promise<ProviderAdapter>): Promise<ProviderAdapter> => {
    let adapter = adapters.get(load);
    if (adapter === undefined) {
      adapter = load();
      adapters.set(load, adapter);
    }
    return adapter;
  };

  const prepare = (request: ChatRequest, call: CallOptions): PreparedCall => {
    validateRequest(request);
    const env = options.env ?? (globalThis as { process?: { env?: Env } }).process?.env ?? {};
    const resolved = resolveCall(request.model, options.providers, env, call);
    const headers = { ...options.headers, ...resolved.headers, ...call.headers, ...request.extra_headers };
    return {
      adapter: loadAdapter(resolved.load),
      maxRetries: call.maxRetries ?? options.maxRetries ?? DEFAULT_MAX_RETRIES,
      context: {
        provider: resolved.provider,
        model: resolved.model,
        apiKey: resolved.apiKey,
        baseURL: resolved.baseURL,
        headers,
        timeoutMs: call.timeout ?? options.timeout ?? DEFAULT_TIMEOUT_MS,
        secrets: resolved.apiKey === undefined ? [] : [resolved.apiKey],
        compat: resolved.compat,
        providerOptions: resolved.options,
      },
    };
  };

  const reportRetry = (error: LlmuxError, attempt: number, delayMs: number, model: string): void => {
    try {
      options.onRetry?.({ error, attempt, delayMs, model });
    } catch {
      // A callback must never break the call.
    }
  };

  return {
    async complete(request, call = {}) {
      const prepared = prepare(request, call);
      const pricer = options.cost === false ? undefined : loadPricer();
      const adapter = await prepared.adapter;
      const context: AdapterContext = { ...prepared.context, transport: lazyTransport, signal: call.signal };
      if (call.checkContextWindow ?? options.checkContextWindow) await preflight(request, context);
      const sets = [options.callbacks, call.callbacks];
      const reporter = CallReporter.wanted(sets) ? new CallReporter(sets, request, { model: request.model, provider: context.provider, stream: false }) : undefined;
      for (let attempt = 0; ; attempt++) {
        try {
          reporter?.request(attempt);
          const response = adapter.complete !== undefined ? await adapter.complete(request, context) : await foldStream(adapter, request, context);
          if (pricer !== undefined && response.usage !== undefined && response.cost === undefined) priceResponse(response, await pricer, context);
          reporter?.success(response);
          return response;
        } catch (error) {
          if (call.signal?.aborted) {
            const aborted = abortError(error, context);
            reporter?.failure(aborted, false);
            throw aborted;
          }
          const willRetry = shouldRetry(error, attempt, prepared.maxRetries);
          if (reporter !== undefined) reporter.failure(toLlmuxError(error, context), willRetry);
          if (!willRetry) throw error;
          const typed = error as LlmuxError;
          // Retry timing loads on the first retry: a call that never fails never pays for it.
          const { computeRetryDelay, sleep } = await import('./core/retry-timing.js');
          const delay = computeRetryDelay(attempt, typed.retryAfterMs);
          reporter?.retry(typed, delay);
          reportRetry(typed, attempt + 1, delay, request.model);
          await sleep(delay, call.signal).catch((reason) => {
            throw abortError(reason, context);
          });
        }
      }
    },

    stream(request, call = {}) {
      const prepared = prepare(request, call);
      const sets = [options.callbacks, call.callbacks];
      const reporter = CallReporter.wanted(sets) ? new CallReporter(sets, request, { model: request.model, provider: prepared.context.provider, stream: true }) : undefined;
      return new LlmStream({
        observer: reporter?.streamObserver(),
        maxRetries: prepared.maxRetries,
        provider: prepared.context.provider,
        model: prepared.context.model,
        signal: call.signal,
        onRetry: (error, attempt, delay) => reportRetry(error, attempt, delay, request.model),
        pricer: options.cost === false ? undefined : loadPricer(),
        open: async (signal, attempt) => {
          const adapter = await prepared.adapter;
          if (attempt === 0 && (call.checkContextWindow ?? options.checkContextWindow)) await preflight(request, prepared.context);
          return adapter.stream(request, { ...prepared.context, transport: lazyTransport, signal });
        },
      });
    },

    async countProviderTokens(request, call = {}) {
      let prepared: PreparedCall;
      try {
        prepared = prepare(request, call);
      } catch (error) {
        // No key for the provider: there is nobody to ask, which is an answer, not a failure.
        if (error instanceof ConfigurationError && /^No API key/.test(error.message)) return undefined;
        throw error;
      }
      const adapter = await prepared.adapter;
      if (adapter.countTokens === undefined) return undefined;
      const result = await adapter.countTokens(request, { ...prepared.context, transport: lazyTransport, signal: call.signal });
      return result.input_tokens;
    },

    close() {
      void transport?.then((t) => t.close?.());
      transport = undefined;
    },
  };
}

async function preflight(request: ChatRequest, context: Pick<AdapterContext, 'provider' | 'model'>): Promise<void> {
  const { checkContextWindow } = await import('./models/index.js');
  await checkContextWindow(request, context.provider, context.model);
}

function priceResponse(response: ModelResponse, price: Pricer | undefined, context: Pick<AdapterContext, 'provider' | 'model'>): void {
  const cost = price?.(response, response.provider ?? context.provider, context.model);
  if (cost !== undefined) response.cost = cost;
}

/** Builds `complete()` from a stream for adapters without a native non-streaming path. */
async function foldStream(adapter: ProviderAdapter, request: ChatRequest, context: AdapterContext): Promise<ModelResponse> {
  const accumulator = createChunkAccumulator(context.provider);
  try {
    for await (const chunk of adapter.stream(request, context)) accumulator.add(chunk);
  } catch (error) {
    if (error instanceof LlmuxError && error.partialResponse === undefined && accumulator.count > 0) {
      error.partialResponse = accumulator.snapshot();
    }
    throw error;
  }
  return accumulator.result();
}

function toLlmuxError(error: unknown, context: Pick<AdapterContext, 'provider' | 'model'>): LlmuxError {
  return error instanceof LlmuxError
    ? error
    : new LlmuxError(error instanceof Error ? error.message : String(error), { provider: context.provider, model: context.model, cause: error });
}

function abortError(cause: unknown, context: Pick<AdapterContext, 'provider' | 'model'>): LlmuxError {
  if (cause instanceof APIUserAbortError) return cause;
  return new APIUserAbortError('Request was aborted by the caller', { provider: context.provider, model: context.model, cause });
}

function validateRequest(request: ChatRequest): void {
  if (request === null || typeof request !== 'object') {
    throw new ConfigurationError('A request must be an object like { model: "openai/gpt-4o-mini", messages: [{ role: "user", content: "Hi" }] }');
  }
  if (!Array.isArray(request.messages) || request.messages.length === 0) {
    throw new ConfigurationError('"messages" must be a non-empty array like [{ role: "user", content: "Hi" }]', { model: request.model });
  }
  request.messages.forEach((message, i) => {
    const role = (message as { role?: unknown } | null)?.role;
    if (!['system', 'developer', 'user', 'assistant', 'tool', 'function'].includes(role as string)) {
      throw new ConfigurationError(
        `messages[${i}].role is ${JSON.stringify(role)}; expected one of system, developer, user, assistant, tool`,
        { model: request.model },
      );
    }
  });
}
