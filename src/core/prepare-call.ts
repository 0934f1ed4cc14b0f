/**
 * A call's preparation: the request checked, its model resolved to a provider, adapter, key and
 * base URL, the caller's headers merged and checked, and the settings its adapter gets. A
 * client with kept resolutions (see `reuse-resolutions.ts`) does not resolve a model string
 * again for calls that bring no key, base URL or headers of their own.
 */
import { ConfigurationError } from '../base/errors.js';
import type { Env, ResolvedCall } from './resolve-call.js';
import { validateRequest } from './validate-request.js';
import { checkHeaders } from './check-headers.js';
import { type CallerHeaders, mergeCallerHeaders } from '../util/merge-headers.js';
import type { AdapterContext, ProviderAdapter } from '../providers/adapter-types.js';
import type { ChatRequest } from '../base/types.js';
import { type CallOptions, DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT_MS } from './client-options.js';
import type { ClientParts, ClientState } from './client-state.js';

export interface PreparedCall {
  /** The adapter, or a promise of it while its module loads (a provider's first call). */
  adapter: ProviderAdapter | Promise<ProviderAdapter>;
  /** The adapter's context, with the client's transport and the call's signal. */
  context: AdapterContext;
  maxRetries: number;
}

/** What a call to a model string resolved to. */
export interface Resolution {
  resolved: ResolvedCall;
  caller: CallerHeaders;
  /** The adapter once loaded; until then the promise of it (see `loadAdapter`). */
  adapter: ProviderAdapter | Promise<ProviderAdapter>;
}

export function prepareCall(state: ClientState, request: ChatRequest, call: CallOptions): PreparedCall {
  const { options } = state;
  validateRequest(request);
  const env = options.env ?? (globalThis as { process?: { env?: Env } }).process?.env ?? {};
  // Kept resolutions (the full client's) serve calls that bring no key, base URL or headers of their own.
  const mocked = request.mock_response !== undefined;
  const resolution =
    state.resolutions?.(request, call, env, (recording) => resolve(state, request, call, recording, false)) ??
    resolve(state, request, call, env, mocked);
  const { resolved, caller } = resolution;
  return {
    adapter: resolution.adapter,
    maxRetries: call.maxRetries ?? options.maxRetries ?? DEFAULT_MAX_RETRIES,
    context: {
      provider: resolved.provider,
      model: resolved.model,
      apiKey: resolved.apiKey,
      baseURL: resolved.baseURL,
      // A copy per call: an adapter may add to its context's headers.
      headers: { ...caller.headers },
      unsetHeaders: caller.unsetHeaders,
      timeoutMs: call.timeout ?? options.timeout ?? DEFAULT_TIMEOUT_MS,
      maxResponseBytes: options.maxResponseBytes,
      deadlineAt: deadlineAt(call.deadline ?? options.deadline),
      secrets: resolved.apiKey === undefined ? [] : [resolved.apiKey],
      compat: resolved.compat,
      providerOptions: resolved.options,
      modelInfo: state.parts.modelInfo,
      modelInfoNow: state.parts.modelInfoNow,
      api: call.api ?? resolved.options.api,
      loadResponsesAdapter: state.parts.loadResponsesAdapter,
      cache: call.cache ?? options.cache,
      transport: state.transport,
      signal: call.signal,
      // Set by a stream when it opens (see streamCall): present from the start, so setting it
      // keeps the object's shape.
      streamSSE: undefined,
    },
  };
}

function resolve(state: ClientState, request: ChatRequest, call: CallOptions, env: Env, mocked: boolean): Resolution {
  const { options, parts } = state;
  const resolved = parts.resolve(request.model, env, mocked ? { ...call, keyOptional: true } : call);
  const caller = mergeCallerHeaders(options.headers, resolved.headers, call.headers, request.extra_headers);
  checkHeaders(caller.headers, resolved.apiKey, { provider: resolved.provider, model: resolved.model });
  const resolution: Resolution = {
    resolved,
    caller,
    adapter: loadAdapter(state, mocked ? mockAdapterFor(parts, resolved) : resolved.adapter),
  };
  // A kept resolution serves later calls with the adapter itself, so they need not wait on its promise.
  if (resolution.adapter instanceof Promise) resolution.adapter.then((adapter) => (resolution.adapter = adapter), noop);
  return resolution;
}

const noop = (): void => undefined;

/**
 * The adapter, as it is when given as an object or once its module has loaded (a call then
 * takes it without an asynchronous step); a promise of it while it loads.
 */
function loadAdapter(state: ClientState, adapter: ResolvedCall['adapter']): ProviderAdapter | Promise<ProviderAdapter> {
  if (typeof adapter !== 'function') return adapter;
  let loaded = state.adapters.get(adapter);
  if (loaded === undefined) {
    const loading = adapter();
    loaded = loading;
    state.adapters.set(adapter, loading);
    loading.then((ready) => state.adapters.set(adapter, ready), noop);
  }
  return loaded;
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
