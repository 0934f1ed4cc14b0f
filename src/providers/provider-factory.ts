/**
 * The shape of the provider factories (`openai()`, `anthropic()`, `openrouter()`): settings in,
 * `ProviderOptions` carrying the adapter itself out. Handing the adapter over directly is what
 * lets a bundler keep only the providers an app names.
 */
import type { ProviderOptions } from '../core/resolve-call.js';
import type { ProviderAdapter } from './adapter-types.js';
import type { ProviderEndpoint } from './provider-endpoints.js';

/** Settings for a provider factory: everything in `ProviderOptions` but the adapter. */
export type ProviderSettings = Omit<ProviderOptions, 'adapter' | 'endpoint'>;

/** `ProviderOptions` with the adapter object filled in, as the factories return them. */
export type ComposedProvider = ProviderOptions & { adapter: ProviderAdapter };

/** Builds a factory result: the caller's settings over the provider's endpoint. */
export function composeProvider(
  adapter: ProviderAdapter,
  endpoint: ProviderEndpoint | undefined,
  settings: ProviderSettings,
): ComposedProvider {
  return endpoint === undefined ? { ...settings, adapter } : { ...settings, adapter, endpoint };
}
