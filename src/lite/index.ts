/**
 * `llmux/lite`: calls composed explicitly from the providers an app names, for serverless and
 * edge bundles. Unlike `createClient` from `llmux`, nothing here holds a registry of built-in
 * providers or loads anything lazily, and each call is its own function: a bundler keeps
 * exactly the adapters passed in, the `fetch` transport, and the calls the app makes
 * (`complete`, `stream`, `countProviderTokens`), with retries, timeouts, typed errors and
 * callbacks as in the full client. It does not price responses or check context windows (both
 * need the model table): call `completionCost` from `llmux/models` where cost is wanted, and
 * pass `modelInfo: getModelInfo` from there for table-based defaults such as Anthropic's
 * `max_tokens`. No `node:` module is reachable from here, so it bundles for any runtime.
 *
 * @example
 * ```ts
 * import { complete, createClient } from 'llmux/lite';
 * import { openai } from 'llmux/openai';
 * const client = createClient({ providers: { openai: openai() } });
 * const res = await complete(client, { model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'Hi' }] });
 * ```
 */
import { CallReporter } from '../callbacks/call-reporter.js';
import type { LlmuxCallbacks } from '../callbacks/callback-types.js';
import { type CarryingReporter, REPORTER } from '../callbacks/reporter-key.js';
import { ConfigurationError } from '../base/errors.js';
import {
  type BaseClientOptions,
  type CallOptions,
  type ClientState,
  completeCall,
  countProviderTokensCall,
  createClientState,
  streamCall,
} from '../core/client-core.js';
import { type ProviderTable, resolveCallIn } from '../core/resolve-call.js';
import type { ModelInfo } from '../models/model-info.js';
import type { ComposedProvider } from '../providers/provider-factory.js';
import type { LlmStream } from '../stream/llm-stream.js';
import { streamSSEChunks } from '../stream/stream-sse-chunks.js';
import { type FetchFunction, createFetchTransport } from '../transport/fetch-transport.js';
import type { Transport } from '../transport/transport-types.js';
import type { ChatRequest, ModelResponse } from '../base/types.js';

export * from '../base/errors.js';
export type * from '../base/types.js';
export type { CallOptions } from '../core/client-core.js';
export type * from '../callbacks/callback-types.js';
export type { ComposedProvider, ProviderSettings } from '../providers/provider-factory.js';
export type { LlmStream } from '../stream/llm-stream.js';
export type { ReadableStreamFormat, StreamErrorEvent } from '../stream/encode-readable-stream.js';

export interface LiteClientOptions extends BaseClientOptions {
  /**
   * The providers this client serves, by the name used in model strings (`"openai/gpt-4o"`):
   * results of `openai()`, `openaiCompatible()`, `anthropic()`, `openrouter()`, or any
   * `ProviderOptions` with an adapter object.
   */
  providers: Record<string, ComposedProvider>;
  /** The `fetch` to send requests with (default `globalThis.fetch`). */
  fetch?: FetchFunction;
  /** Use this transport instead of `fetch` (advanced; tests, proxies). */
  transport?: Transport;
  /**
   * A model table lookup for model-dependent defaults (Anthropic's `max_tokens` from the
   * model's longest output); pass `getModelInfo` from `llmux/models`. Without it Anthropic
   * requests default to 4096 output tokens.
   */
  modelInfo?: (id: string) => ModelInfo | undefined;
}

/** A client made by `createClient`: pass it to `complete`, `stream`, `countProviderTokens`. */
export interface LiteClient {
  /** Closes the transport, if it holds connections; the next call opens new ones. */
  close(): void;
}

const NO_BUILT_INS: ProviderTable = {
  ids: [],
  // Every provider of a lite client comes with its adapter object (checked by createClient).
  define: () => undefined,
  defineHint: 'Add it to createClient({ providers }) with its factory, e.g. openaiCompatible({ baseURL }) from "llmux/openai".',
};
const states = new WeakMap<LiteClient, ClientState>();

/** Creates an isolated client over exactly the given providers. */
export function createClient(options: LiteClientOptions): LiteClient {
  const providers = options?.providers;
  const names = providers === null || typeof providers !== 'object' ? [] : Object.keys(providers);
  if (names.length === 0) {
    throw new ConfigurationError(
      'llmux/lite needs its providers, e.g. createClient({ providers: { openai: openai() } }) with openai from "llmux/openai" ' +
        '(also anthropic from "llmux/anthropic", openrouter from "llmux/openrouter").',
    );
  }
  for (const name of names) {
    const adapter = (providers[name] as { adapter?: unknown } | undefined)?.adapter;
    if (adapter === null || typeof adapter !== 'object') {
      throw new ConfigurationError(
        `Provider "${name}" has no adapter object; llmux/lite cannot load one by name. ` +
          `Use a factory: ${JSON.stringify(name)}: openai({...}) from "llmux/openai", anthropic() from "llmux/anthropic" or openrouter() from "llmux/openrouter".`,
      );
    }
  }
  const lookup = options.modelInfo;
  const state = createClientState(options, {
    resolve: (model, env, call) => resolveCallIn(NO_BUILT_INS, model, providers, env, call),
    createTransport: () => Promise.resolve(options.transport ?? createFetchTransport(options.fetch)),
    ...(lookup === undefined ? {} : { modelInfo: async (id: string) => lookup(id) }),
  });
  const client: LiteClient = { close: () => state.close() };
  states.set(client, state);
  return client;
}

function stateOf(client: LiteClient): ClientState {
  const state = states.get(client);
  if (state === undefined) throw new ConfigurationError('Expected a client made by createClient() from "llmux/lite" as the first argument');
  return state;
}

/**
 * Callbacks for a lite client or call: `createClient({ providers, callbacks: withCallbacks({ onResponse }) })`.
 * The wrapper brings the code that reports to them, so an app without callbacks bundles none.
 */
export function withCallbacks(callbacks: LlmuxCallbacks): LlmuxCallbacks {
  const carrying: CarryingReporter = { ...callbacks, [REPORTER]: CallReporter };
  return carrying;
}

/** One chat completion, returned whole. */
export async function complete(client: LiteClient, request: ChatRequest, options?: CallOptions): Promise<ModelResponse> {
  return completeCall(stateOf(client), request, options);
}

/** One chat completion, streamed. Throws `ConfigurationError` at once for bad input. */
export function stream(client: LiteClient, request: ChatRequest, options?: CallOptions): LlmStream {
  const state = stateOf(client);
  // The SSE loop comes with this function, so an app that never streams bundles none of it.
  state.parts.loadStreamSSE ??= sseLoop;
  return streamCall(state, request, options);
}

const sseLoop = (): typeof streamSSEChunks => streamSSEChunks;

/** The prompt's token count from the provider's own counting endpoint (Anthropic's), else undefined. */
export async function countProviderTokens(client: LiteClient, request: ChatRequest, options?: CallOptions): Promise<number | undefined> {
  return countProviderTokensCall(stateOf(client), request, options);
}
