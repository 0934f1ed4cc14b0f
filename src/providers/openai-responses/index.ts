/**
 * `llmux/openai-responses`: OpenAI's Responses API behind the chat call shape, for explicit
 * composition (`llmux/lite`). The full client needs none of this: it sends a call there when
 * the model speaks nothing else or `api: 'responses'` is set.
 *
 * @example
 * ```ts
 * import { createClient, complete } from 'llmux/lite';
 * import { openaiResponses, openaiResponsesCompatible } from 'llmux/openai-responses';
 * const client = createClient({
 *   providers: { openai: openaiResponses(), vllm: openaiResponsesCompatible({ baseURL: 'http://127.0.0.1:8000/v1' }) },
 * });
 * ```
 */
import { OPENAI_ENDPOINT } from '../provider-endpoints.js';
import { type ComposedProvider, type ProviderSettings, composeProvider } from '../provider-factory.js';
import { openaiResponsesAdapter } from './responses-adapter.js';

export { openaiResponsesAdapter };
export type { ComposedProvider, ProviderSettings };

/**
 * OpenAI through its Responses API (`/v1/responses`), every call: key from `apiKey` or
 * `OPENAI_API_KEY`, base URL from `baseURL`, `OPENAI_BASE_URL` or `https://api.openai.com/v1`.
 */
export function openaiResponses(settings: ProviderSettings = {}): ComposedProvider {
  return composeProvider(openaiResponsesAdapter, OPENAI_ENDPOINT, { ...settings, api: 'responses' });
}

/**
 * Any server that serves `/responses` (vLLM, Ollama, LM Studio): `baseURL` is required (here
 * or as `<NAME>_BASE_URL`), a key optional, as for `openaiCompatible()` of `llmux/openai`.
 */
export function openaiResponsesCompatible(settings: ProviderSettings = {}): ComposedProvider {
  return composeProvider(openaiResponsesAdapter, undefined, { ...settings, api: 'responses' });
}
