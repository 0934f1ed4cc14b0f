/**
 * `llmux/openrouter`: the OpenRouter provider for explicit composition.
 *
 * @example
 * ```ts
 * import { createClient } from 'llmux/lite';
 * import { openrouter } from 'llmux/openrouter';
 * const client = createClient({ providers: { openrouter: openrouter({ appName: 'My app' }) } });
 * ```
 */
import { OPENROUTER_ENDPOINT } from '../provider-endpoints.js';
import { type ComposedProvider, type ProviderSettings, composeProvider } from '../provider-factory.js';
import { openrouterAdapter } from './openrouter-adapter.js';

export { openrouterAdapter };
export type { ComposedProvider, ProviderSettings };

/**
 * OpenRouter: key from `apiKey` or `OPENROUTER_API_KEY`, base URL from `baseURL`,
 * `OPENROUTER_BASE_URL` or `https://openrouter.ai/api/v1`. `appUrl` and `appName` are sent as
 * its attribution headers.
 */
export function openrouter(settings: ProviderSettings = {}): ComposedProvider {
  return composeProvider(openrouterAdapter, OPENROUTER_ENDPOINT, settings);
}
