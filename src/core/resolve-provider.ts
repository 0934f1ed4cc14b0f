/**
 * Call resolution against every built-in provider (the registry): what `createClient` uses.
 * The registry's adapters load on first use, so importing this loads none of them.
 */
import { ADAPTER_FAMILIES, PROVIDERS, type ProviderDefinition } from '../providers/registry.js';
import {
  type Env,
  type ProviderOptions,
  type ProviderTable,
  type ResolveCallOptions,
  type ResolvedCall,
  definitionWith,
  providerIds,
  resolveCallIn,
} from './resolve-call.js';
import { DEFINE_PROVIDER_HINT } from './resolve-model.js';

export type { Env, ProviderOptions, ResolvedCall } from './resolve-call.js';

const builtIn: Readonly<Record<string, ProviderDefinition>> = PROVIDERS;

/** Every built-in provider, and a defined one speaking an adapter family (`openai` by default). */
const BUILT_IN: ProviderTable = {
  // A getter, not a call at load: a bundle that never resolves a model drops the registry.
  get ids() {
    return Object.keys(PROVIDERS);
  },
  define(provider, options) {
    const entry = builtIn[provider];
    if (entry !== undefined) return { ...entry, adapter: entry.load };
    if (options.baseURL === undefined && options.adapter === undefined) return undefined;
    const load = ADAPTER_FAMILIES[(options.adapter as string | undefined) ?? 'openai'];
    return load === undefined ? undefined : definitionWith(load, provider, options);
  },
  defineHint: DEFINE_PROVIDER_HINT,
};

/** Provider ids a client with these options can serve (the built-in ones when no options are given). */
export function knownProviders(custom?: Record<string, ProviderOptions>): string[] {
  return providerIds(BUILT_IN, custom);
}

/** Resolves `modelString` against the built-in providers and the client's own. */
export function resolveCall(
  modelString: string,
  custom: Record<string, ProviderOptions> | undefined,
  env: Env,
  call: ResolveCallOptions = {},
): ResolvedCall {
  return resolveCallIn(BUILT_IN, modelString, custom, env, call);
}
