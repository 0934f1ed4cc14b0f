/**
 * The adapter seam. An adapter turns one OpenAI-shaped request into a stream of OpenAI-shaped
 * chunks for its provider; `complete()` is derived generically unless the adapter offers a
 * faster native path. Adapters are stateless: everything per call arrives in the context.
 */
import type { ProviderOptions } from '../core/resolve-call.js';
import type { ModelInfo } from '../models/model-info.js';
import type { Transport } from '../transport/transport-types.js';
import type { SSEChunkSource } from '../stream/stream-sse-chunks.js';
import type { ChatCompletionChunk, ChatRequest, ModelResponse } from '../base/types.js';

/** Per-call facts an adapter needs. */
export interface AdapterContext {
  /** The llmux provider id (`openai`, `groq`, ...). */
  provider: string;
  /** The provider's own model id (the part after `provider/`). */
  model: string;
  apiKey: string | undefined;
  /** Base URL without a trailing slash. */
  baseURL: string;
  /**
   * The caller's headers (client, provider, call, `extra_headers`), merged by `mergeCallerHeaders`:
   * lower-cased names, not yet including auth. An adapter sends them over its own defaults and
   * auth (`buildRequestHeaders`): a caller's `authorization` replaces the key's.
   */
  headers: Record<string, string>;
  /** Lower-cased names the caller unset with `null`: the adapter sends no default or auth under them. */
  unsetHeaders?: readonly string[] | undefined;
  transport: Transport;
  signal: AbortSignal | undefined;
  /** Longest silence allowed, in ms (see `ClientOptions.timeout`). */
  timeoutMs: number | undefined;
  /** Cap of a body read whole and of one stream event (see `ClientOptions.maxResponseBytes`); undefined: the transport's default. */
  maxResponseBytes?: number | undefined;
  /** When the whole call must be over, as a `Date.now()` time (see `ClientOptions.deadline`). */
  deadlineAt?: number | undefined;
  /** Values to scrub from anything the adapter reports. */
  secrets: readonly string[];
  /** The provider definition's compatibility switches. */
  compat: ProviderCompat;
  /** The client's settings for this provider (e.g. OpenRouter's `appUrl`/`appName`). */
  providerOptions: Readonly<ProviderOptions>;
  /**
   * Looks a model up in the model table (`"anthropic/claude-sonnet-4-5"`), for defaults that
   * depend on the model such as Anthropic's `max_tokens`. Absent when the client has no table.
   */
  modelInfo?: ((id: string) => Promise<ModelInfo | undefined>) | undefined;
  /**
   * The same lookup without waiting, once the table is at hand (undefined before it has
   * loaded): a question the table can answer at once (which OpenAI API serves a model) then
   * costs the call no asynchronous step.
   */
  modelInfoNow?: (() => ((id: string) => ModelInfo | undefined) | undefined) | undefined;
  /**
   * The SSE streaming loop (`streamSSEChunks`), handed over with the transport by the client's
   * stream call, so a program that never streams never carries the SSE parser. The built-in
   * adapters stream through it and refuse to stream without it.
   */
  streamSSE?: ((source: SSEChunkSource) => AsyncIterableIterator<ChatCompletionChunk>) | undefined;
  /**
   * The wire API the call asked for (`CallOptions.api`, else the provider's `api` option).
   * Only the OpenAI adapter reads it; absent, it picks by the model (see `ProviderOptions.api`).
   */
  api?: WireApi | undefined;
  /**
   * Loads the Responses API adapter, for the OpenAI adapter to hand a call to. The full client
   * has it; `llmux/lite` has not (its apps name `openaiResponses()` from
   * `llmux/openai-responses` instead, so that no other app bundles it).
   */
  loadResponsesAdapter?: (() => Promise<ProviderAdapter>) | undefined;
  /** Automatic prompt caching for this call (`CallOptions.cache`, else `ClientOptions.cache`). */
  cache?: PromptCacheOption | undefined;
}

/**
 * Automatic prompt caching. `'auto'` caches with the provider's default lifetime; an object
 * picks the lifetime (`ttl`, Anthropic: `'5m'` or `'1h'`) and, on OpenAI, the
 * `prompt_cache_key` (`key`, else a hash of the tools and system prompt). See the README,
 * "Prompt caching".
 */
export type PromptCacheOption = 'auto' | { ttl?: '5m' | '1h'; key?: string };

/** The OpenAI wire APIs: Chat Completions (`/chat/completions`) or Responses (`/responses`). */
export type WireApi = 'chat' | 'responses';

/** Wire differences between OpenAI-compatible servers. */
export interface ProviderCompat {
  /**
   * How the server reports usage when streaming: `stream_options` (ask with
   * `stream_options.include_usage`, the default) or `always` (it sends usage unasked and
   * rejects the option).
   */
  streamUsage?: 'stream_options' | 'always';
  /**
   * Where a request's `max_tokens` goes: `max_tokens` (the default) as given;
   * `max_completion_tokens` renamed, for a server whose models take only that field;
   * `by-model` renamed for the models that take only `max_completion_tokens` (OpenAI's
   * reasoning families: o1, o3, o4-mini, gpt-5...) and as given for the rest, as OpenAI wants.
   * A request that sets `max_completion_tokens` itself is sent as it is.
   */
  maxTokensField?: 'max_tokens' | 'max_completion_tokens' | 'by-model';
  /**
   * What the server takes of the reasoning an earlier assistant turn carries
   * (`reasoning_content`, `reasoning_details`, from another provider): `as-is` (the default)
   * sends it back unchanged (DeepSeek's thinking mode wants `reasoning_content`); `none` leaves
   * it out, for a server that takes no reasoning input and rejects unknown message fields (OpenAI).
   */
  reasoningInput?: 'as-is' | 'none';
}

/** The contract every provider adapter implements. */
export interface ProviderAdapter {
  readonly specificationVersion: 'v1';
  /** The adapter family, e.g. `openai` (also serves every OpenAI-compatible preset). */
  readonly provider: string;
  stream(request: ChatRequest, context: AdapterContext): AsyncIterable<ChatCompletionChunk>;
  complete?(request: ChatRequest, context: AdapterContext): Promise<ModelResponse>;
  /** The provider's own prompt token count, when it has an endpoint for it (Anthropic does). */
  countTokens?(request: ChatRequest, context: AdapterContext): Promise<{ input_tokens: number }>;
}
