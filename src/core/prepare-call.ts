/**
 * A call's preparation: the request checked, its model resolved to a provider, adapter, key and
 * base URL, the caller's headers merged and checked, and the settings its adapter gets. A
 * client keeps the resolution of each model string its calls use, so that the thousandth call
 * to a model does not resolve it again: it is reused while every environment variable the
 * resolution read still holds the same value, and only for calls that bring no key, base URL
 * or headers of their own (those are resolved as they come).
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
  adapter: Promise<ProviderAdapter>;
  /** The adapter's context, with the client's transport and the call's signal. */
  context: AdapterContext;
  maxRetries: number;
}

/** What a call to a model string resolved to, and the environment it read. */
interface Resolution {
  resolved: ResolvedCall;
  caller: CallerHeaders;
  adapter: Promise<ProviderAdapter>;
  /** The environment object read, and each variable read with the value it held. */
  env: Env;
  read: readonly (readonly [string, string | undefined])[];
}

/** A client's resolutions by model string. */
export type ResolutionCache = Map<string, Resolution>;

/** Model strings remembered per client; past it the oldest is forgotten. */
const MAX_RESOLUTIONS = 256;

export function prepareCall(state: ClientState, request: ChatRequest, call: CallOptions): PreparedCall {
  const { options } = state;
  validateRequest(request);
  const env = options.env ?? (globalThis as { process?: { env?: Env } }).process?.env ?? {};
  const mocked = request.mock_response !== undefined;
  const reusable = !mocked && call.apiKey === undefined && call.baseURL === undefined && call.headers === undefined && request.extra_headers === undefined;
  const resolution = (reusable ? reuse(state.resolved, request.model, env) : undefined) ?? resolve(state, request, call, env, mocked, reusable);
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
      api: call.api ?? resolved.options.api,
      loadResponsesAdapter: state.parts.loadResponsesAdapter,
      cache: call.cache ?? options.cache,
      transport: state.transport,
      signal: call.signal,
    },
  };
}

/** The kept resolution of `model`, while the environment it read is unchanged. */
function reuse(cache: ResolutionCache, model: string, env: Env): Resolution | undefined {
  const kept = cache.get(model);
  if (kept === undefined || kept.env !== env) return undefined;
  for (const [name, value] of kept.read) if (env[name] !== value) return undefined;
  return kept;
}

function resolve(state: ClientState, request: ChatRequest, call: CallOptions, env: Env, mocked: boolean, reusable: boolean): Resolution {
  const { options, parts } = state;
  const read: [string, string | undefined][] = [];
  // Only a resolution that may be kept records what it reads.
  const source: Env = reusable
    ? new Proxy(env, {
        get(target, name) {
          const value: unknown = Reflect.get(target, name);
          if (typeof name === 'string') read.push([name, typeof value === 'string' ? value : undefined]);
          return value;
        },
      })
    : env;
  const resolved = parts.resolve(request.model, source, mocked ? { ...call, keyOptional: true } : call);
  const caller = mergeCallerHeaders(options.headers, resolved.headers, call.headers, request.extra_headers);
  checkHeaders(caller.headers, resolved.apiKey, { provider: resolved.provider, model: resolved.model });
  const resolution: Resolution = { resolved, caller, adapter: loadAdapter(state, mocked ? mockAdapterFor(parts, resolved) : resolved.adapter), env, read };
  if (reusable) {
    const cache = state.resolved;
    if (cache.size >= MAX_RESOLUTIONS && !cache.has(request.model)) cache.delete(cache.keys().next().value!);
    cache.set(request.model, resolution);
  }
  return resolution;
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
