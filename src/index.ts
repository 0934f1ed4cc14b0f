/**
 * llmux: one call shape over OpenAI, Anthropic, OpenRouter and OpenAI-compatible servers.
 *
 * This module loads the types, the errors and the client; providers, the HTTP stack and
 * everything else load on first use.
 *
 * @example
 * ```ts
 * import { complete } from 'llmux';
 * const res = await complete({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'Hi' }] });
 * console.log(res.choices[0]?.message.content);
 * ```
 */
import { type CallOptions, type LlmuxClient, createClient } from './client.js';
import type { LlmStream } from './stream/llm-stream.js';
import type { ChatRequest, ModelResponse } from './base/types.js';

export type * from './base/types.js';
export * from './base/errors.js';
export { createClient, DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT_MS } from './client.js';
export type { BaseClientOptions, CallOptions, ClientOptions, LlmuxClient } from './client.js';
export type { ProviderOptions } from './core/resolve-provider.js';
export type { ProviderEndpoint } from './providers/provider-endpoints.js';
export { knownProviders } from './core/resolve-provider.js';
export type { KnownProvider, Provider } from './providers/registry.js';
export type { AdapterContext, PromptCacheOption, ProviderAdapter, ProviderCompat, WireApi } from './providers/adapter-types.js';
export type { Transport, TransportRequest, TransportResponse } from './transport/transport-types.js';
export type { FetchFunction } from './transport/fetch-transport.js';
export { LlmStream } from './stream/llm-stream.js';
export type { ReadableStreamFormat, StreamErrorEvent } from './stream/encode-readable-stream.js';
export type {
  CallEventBase,
  ChunkEvent,
  ErrorEvent,
  FallbackEvent,
  LlmuxCallbacks,
  RequestEvent,
  ResponseEvent,
  RetryEvent,
  StreamEndEvent,
  WarningEvent,
} from './callbacks/callback-types.js';

let defaultClient: LlmuxClient | undefined;

/** The client behind module-level `complete()`/`stream()`: configured from the environment. */
export function getDefaultClient(): LlmuxClient {
  return (defaultClient ??= createClient());
}

/** One chat completion with the default client (keys and base URLs from the environment). */
export function complete(request: ChatRequest, options?: CallOptions): Promise<ModelResponse> {
  return getDefaultClient().complete(request, options);
}

/** One streamed chat completion with the default client. */
export function stream(request: ChatRequest, options?: CallOptions): LlmStream {
  return getDefaultClient().stream(request, options);
}
