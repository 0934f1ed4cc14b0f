/**
 * Where the three first-class providers live and which env var holds their key. Plain data,
 * shared by the registry (which loads adapters lazily) and the provider factories of the
 * explicit-composition entries (`llmux/openai`, ...), so neither repeats the other.
 */
import type { ProviderCompat } from './adapter-types.js';

/** How to reach and authenticate with one provider, without its adapter. */
export interface ProviderEndpoint {
  /** Default base URL; undefined means the user must give one. */
  baseURL?: string;
  /** Env vars that may hold the key, first wins. */
  apiKeyEnv: readonly string[];
  /**
   * Env vars that may hold the base URL, first wins; the partners of `apiKeyEnv`, so a key and
   * the URL it is sent to are always read from the same family of variables. Absent:
   * `<NAME>_BASE_URL`, NAME being the provider's id (which then also names its key variable).
   */
  baseURLEnv?: readonly string[];
  /** Whether a call without a key is a configuration error (local servers need none). */
  keyRequired: boolean;
  compat?: ProviderCompat;
}

/**
 * OpenAI's wire rules hang on its endpoint, never on the name a client gives it: `oai: openai()`
 * sends what `openai: openai()` sends.
 */
export const OPENAI_ENDPOINT: ProviderEndpoint = {
  baseURL: 'https://api.openai.com/v1',
  apiKeyEnv: ['OPENAI_API_KEY'],
  baseURLEnv: ['OPENAI_BASE_URL'],
  keyRequired: true,
  compat: { maxTokensField: 'by-model', reasoningInput: 'none' },
};
export const ANTHROPIC_ENDPOINT: ProviderEndpoint = {
  baseURL: 'https://api.anthropic.com',
  apiKeyEnv: ['ANTHROPIC_API_KEY'],
  baseURLEnv: ['ANTHROPIC_BASE_URL'],
  keyRequired: true,
};
export const OPENROUTER_ENDPOINT: ProviderEndpoint = {
  baseURL: 'https://openrouter.ai/api/v1',
  apiKeyEnv: ['OPENROUTER_API_KEY'],
  baseURLEnv: ['OPENROUTER_BASE_URL'],
  keyRequired: true,
};
