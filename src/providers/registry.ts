/**
 * Known providers: id -> how to load its adapter, where it lives, which env var holds its key.
 * An OpenAI-compatible server is one line here. Nothing is imported until first use.
 */
import type { ProviderAdapter } from './adapter-types.js';
import type { ProviderEndpoint } from './provider-endpoints.js';

/** How to reach and authenticate with one provider, and how to load its adapter. */
export interface ProviderDefinition extends ProviderEndpoint {
  /** Loads the adapter module on first use. */
  load: () => Promise<ProviderAdapter>;
}

const openai = (): Promise<ProviderAdapter> => import('./openai/index.js').then((m) => m.openaiAdapter);
const anthropic = (): Promise<ProviderAdapter> => import('./anthropic/index.js').then((m) => m.anthropicAdapter);
const mock = (): Promise<ProviderAdapter> => import('./mock/mock-adapter.js').then((m) => m.mockAdapter);

/**
 * The built-in providers. Every entry is a literal (the three with a factory of their own repeat
 * `provider-endpoints.ts`, which a test holds them to): the shipped files are minified, which
 * drops `@__PURE__` annotations, and an app bundler keeps any object built by a call or a spread
 * even when the app never reads the registry.
 */
export const PROVIDERS = {
  openai: {
    load: openai,
    baseURL: 'https://api.openai.com/v1',
    apiKeyEnv: ['OPENAI_API_KEY'],
    baseURLEnv: ['OPENAI_BASE_URL'],
    keyRequired: true,
    compat: { maxTokensField: 'by-model', reasoningInput: 'none' },
  },
  anthropic: {
    load: anthropic,
    baseURL: 'https://api.anthropic.com',
    apiKeyEnv: ['ANTHROPIC_API_KEY'],
    baseURLEnv: ['ANTHROPIC_BASE_URL'],
    keyRequired: true,
  },
  openrouter: {
    load: () => import('./openrouter/index.js').then((m) => m.openrouterAdapter),
    baseURL: 'https://openrouter.ai/api/v1',
    apiKeyEnv: ['OPENROUTER_API_KEY'],
    baseURLEnv: ['OPENROUTER_BASE_URL'],
    keyRequired: true,
  },
  groq: { load: openai, baseURL: 'https://api.groq.com/openai/v1', apiKeyEnv: ['GROQ_API_KEY'], keyRequired: true },
  deepseek: { load: openai, baseURL: 'https://api.deepseek.com/v1', apiKeyEnv: ['DEEPSEEK_API_KEY'], keyRequired: true },
  xai: { load: openai, baseURL: 'https://api.x.ai/v1', apiKeyEnv: ['XAI_API_KEY'], keyRequired: true },
  mistral: {
    load: openai,
    baseURL: 'https://api.mistral.ai/v1',
    apiKeyEnv: ['MISTRAL_API_KEY'],
    keyRequired: true,
    compat: { streamUsage: 'always' },
  },
  together: {
    load: openai,
    baseURL: 'https://api.together.xyz/v1',
    apiKeyEnv: ['TOGETHER_API_KEY', 'TOGETHERAI_API_KEY'],
    keyRequired: true,
  },
  fireworks: {
    load: openai,
    baseURL: 'https://api.fireworks.ai/inference/v1',
    apiKeyEnv: ['FIREWORKS_API_KEY', 'FIREWORKS_AI_API_KEY'],
    keyRequired: true,
  },
  gemini: {
    load: openai,
    baseURL: 'https://generativelanguage.googleapis.com/v1beta/openai',
    apiKeyEnv: ['GEMINI_API_KEY', 'GOOGLE_API_KEY'],
    keyRequired: true,
  },
  ollama: { load: openai, baseURL: 'http://127.0.0.1:11434/v1', apiKeyEnv: ['OLLAMA_API_KEY'], keyRequired: false },
  lmstudio: { load: openai, baseURL: 'http://127.0.0.1:1234/v1', apiKeyEnv: ['LMSTUDIO_API_KEY'], keyRequired: false },
  vllm: { load: openai, baseURL: 'http://127.0.0.1:8000/v1', apiKeyEnv: ['VLLM_API_KEY'], keyRequired: false },
  /** Any OpenAI-compatible server: give `baseURL` (option or `OPENAI_COMPATIBLE_BASE_URL`). */
  'openai-compatible': { load: openai, apiKeyEnv: ['OPENAI_COMPATIBLE_API_KEY'], keyRequired: false },
  mock: { load: mock, baseURL: 'mock://local', apiKeyEnv: [], keyRequired: false },
} satisfies Record<string, ProviderDefinition>;

/** A built-in provider id; other strings are allowed for providers a client defines. */
export type KnownProvider = keyof typeof PROVIDERS;
export type Provider = KnownProvider | (string & {});

/** The adapter families a user-defined provider can reuse. */
export const ADAPTER_FAMILIES: Record<string, () => Promise<ProviderAdapter>> = {
  openai,
  anthropic,
  mock,
  'openai-responses': () => import('./openai-responses/index.js').then((m) => m.openaiResponsesAdapter),
};
