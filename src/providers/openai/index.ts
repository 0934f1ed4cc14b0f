/**
 * `llmux/openai`: the OpenAI Chat Completions provider for explicit composition. Also serves any
 * OpenAI-compatible server (Ollama, vLLM, Groq, DeepSeek, ...) through `openaiCompatible()`. (OpenAI's Responses API has
 * its own factories in `llmux/openai-responses`.)
 *
 * @example
 * ```ts
 * import { createClient } from 'llmux/lite';
 * import { openai, openaiCompatible } from 'llmux/openai';
 * const client = createClient({
 *   providers: { openai: openai(), ollama: openaiCompatible({ baseURL: 'http://127.0.0.1:11434/v1' }) },
 * });
 * ```
 */
import { OPENAI_ENDPOINT } from '../provider-endpoints.js';
import { type ComposedProvider, type ProviderSettings, composeProvider } from '../provider-factory.js';
import { openaiAdapter } from './openai-adapter.js';

export { openaiAdapter };
export type { ComposedProvider, ProviderSettings };

/**
 * OpenAI itself: key from `apiKey` or `OPENAI_API_KEY`, base URL from `baseURL`,
 * `OPENAI_BASE_URL` or `https://api.openai.com/v1`.
 */
export function openai(settings: ProviderSettings = {}): ComposedProvider {
  return composeProvider(openaiAdapter, OPENAI_ENDPOINT, settings);
}

/**
 * Any server speaking Chat Completions (in the full client, `api: 'responses'` sends its calls to
 * `/responses`; `llmux/lite` apps use `openaiResponsesCompatible()`). `baseURL` is required (here or as
 * `<NAME>_BASE_URL`, NAME being the key it is given in `providers`); a key is optional unless
 * `keyRequired` is set, and is read from `apiKey` or `<NAME>_API_KEY` (or `apiKeyEnv`).
 */
export function openaiCompatible(settings: ProviderSettings = {}): ComposedProvider {
  return composeProvider(openaiAdapter, undefined, settings);
}
