/**
 * `llmux/anthropic`: the Anthropic Messages provider for explicit composition.
 *
 * @example
 * ```ts
 * import { createClient } from 'llmux/lite';
 * import { anthropic } from 'llmux/anthropic';
 * const client = createClient({ providers: { anthropic: anthropic() } });
 * ```
 */
import { ANTHROPIC_ENDPOINT } from '../provider-endpoints.js';
import { type ComposedProvider, type ProviderSettings, composeProvider } from '../provider-factory.js';
import { anthropicAdapter } from './anthropic-adapter.js';

export { anthropicAdapter };
export type { ComposedProvider, ProviderSettings };

/**
 * Anthropic: key from `apiKey` or `ANTHROPIC_API_KEY`, base URL from `baseURL`,
 * `ANTHROPIC_BASE_URL` or `https://api.anthropic.com`.
 */
export function anthropic(settings: ProviderSettings = {}): ComposedProvider {
  return composeProvider(anthropicAdapter, ANTHROPIC_ENDPOINT, settings);
}
