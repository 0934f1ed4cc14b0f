/**
 * What a client and its calls take: the settings every client shares, the options of one call,
 * and the client's interface.
 */
import type { LlmuxError } from '../base/errors.js';
import type { LlmuxCallbacks } from '../callbacks/callback-types.js';
import type { Env } from './resolve-call.js';
import type { HeaderLayer } from '../util/merge-headers.js';
import type { PromptCacheOption, WireApi } from '../providers/adapter-types.js';
import type { LlmStream } from '../stream/llm-stream.js';
import type { ChatRequest, ModelResponse } from '../base/types.js';

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
