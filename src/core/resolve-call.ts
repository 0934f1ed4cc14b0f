/**
 * Everything a call needs to know about its provider: the adapter, base URL and key, from call
 * options, client options, the environment and a table of known providers, in that order.
 * Pure but for the environment object it is handed. The table is a parameter so that the
 * explicit-composition client (`llmux/lite`) resolves against the providers it was given and
 * never pulls in the registry of every built-in one.
 */
import { ConfigurationError } from '../base/errors.js';
import type { ProviderAdapter, ProviderCompat, WireApi } from '../providers/adapter-types.js';
import type { ProviderEndpoint } from '../providers/provider-endpoints.js';
import { redactUrlText } from '../util/redact.js';
import type { HeaderLayer } from '../util/merge-headers.js';
import { resolveModel } from './resolve-model.js';

/**
 * Per-provider settings in `createClient({ providers })`.
 *
 * Where the key and the base URL come from, one rule for both, so a key only ever goes to the
 * host its source names: the call's options, then these options, then the environment
 * variables of the provider's endpoint, then the endpoint's default URL. A provider from a
 * factory (`openai()`, `anthropic()`, `openrouter()`) reads its family's pair whatever name it
 * is registered under: `claude: anthropic()` reads `ANTHROPIC_API_KEY` and `ANTHROPIC_BASE_URL`
 * (and refuses a set `CLAUDE_BASE_URL`, which it would ignore). A built-in provider reads
 * `<ID>_API_KEY` and `<ID>_BASE_URL`; one the client defines (`work: { baseURL }`,
 * `openaiCompatible()`) reads `<NAME>_API_KEY` (or `apiKeyEnv`) and `<NAME>_BASE_URL`.
 */
export interface ProviderOptions {
  apiKey?: string;
  /** The endpoint's base URL; an empty string is a `ConfigurationError`, not "use the default". */
  baseURL?: string;
  /** Headers for this provider's calls, over the client's (`null` unsets one). */
  headers?: HeaderLayer;
  /**
   * The adapter this provider speaks: a built-in family name (`openai` by default, for a
   * provider the client defines) or an adapter object, such as the one the `openai()` factory
   * of `llmux/openai` puts here.
   */
  adapter?: 'openai' | 'anthropic' | 'mock' | 'openai-responses' | ProviderAdapter;
  /** For a provider the client defines: the env var holding its key. */
  apiKeyEnv?: string;
  /** For a provider the client defines: whether a missing key is an error (default false). */
  keyRequired?: boolean;
  compat?: ProviderCompat;
  /**
   * For an OpenAI(-compatible) provider: the wire API its calls use. `responses` sends every
   * call to `/responses` (OpenAI's Responses API, which vLLM, Ollama and LM Studio also serve);
   * `chat` sends every call to `/chat/completions`. Absent: Chat Completions, except for the
   * OpenAI models the model table marks as served by the Responses API only (`gpt-5-pro`,
   * `o3-pro`, the `*-codex` models, ...), which go there. `CallOptions.api` wins over it.
   */
  api?: WireApi;
  /**
   * OpenRouter attribution: sent as `HTTP-Referer` and `X-Title` so the app is credited on
   * openrouter.ai. Other providers ignore them.
   */
  appUrl?: string;
  appName?: string;
  /**
   * Where the provider lives by default: base URL, key env vars, whether a key is required.
   * Set by the provider factories (`openai()`, `anthropic()`, `openrouter()`); options and the
   * environment win over it.
   */
  endpoint?: ProviderEndpoint;
}

export interface ResolvedCall {
  provider: string;
  model: string;
  /** The adapter, given directly or loaded on first use. */
  adapter: ProviderAdapter | (() => Promise<ProviderAdapter>);
  apiKey: string | undefined;
  baseURL: string;
  headers: HeaderLayer;
  compat: ProviderCompat;
  /** The client's options for this provider, for adapters with provider-specific settings. */
  options: Readonly<ProviderOptions>;
}

export type Env = Readonly<Record<string, string | undefined>>;

/** Where a provider lives, and its adapter (or how to load it). */
export type ProviderDefinitionOf = ProviderEndpoint & { adapter: ResolvedCall['adapter'] };

/**
 * What a resolver knows beyond the providers given with adapter objects: the full client's
 * built-in providers and adapter families; nothing for `llmux/lite`.
 */
export interface ProviderTable {
  /** Provider ids known without options. */
  ids: readonly string[];
  /** The definition for `provider` from what the table knows and the client's options for it. */
  define(provider: string, options: ProviderOptions): ProviderDefinitionOf | undefined;
  /** How to add a provider, said after an unknown one (default: nothing). */
  defineHint?: string;
}

/** Provider ids a client with these options can serve. */
export function providerIds(table: ProviderTable, custom?: Record<string, ProviderOptions>): string[] {
  return [...new Set([...table.ids, ...Object.keys(custom ?? {})])];
}

/** A call's own key and base URL, and whether it may go without a key. */
export interface ResolveCallOptions {
  apiKey?: string | undefined;
  baseURL?: string | undefined;
  /** No request will be sent (a `mock_response`): a missing key is no error. */
  keyOptional?: boolean | undefined;
}

export function resolveCallIn(
  table: ProviderTable,
  modelString: string,
  custom: Record<string, ProviderOptions> | undefined,
  env: Env,
  call: ResolveCallOptions = {},
): ResolvedCall {
  const known = providerIds(table, custom);
  const { provider, model } = resolveModel(modelString, known, table.defineHint);
  const options = custom?.[provider] ?? {};
  const given = typeof options.adapter === 'object' ? options.adapter : undefined;
  const definition = given !== undefined ? definitionWith(given, provider, options) : table.define(provider, options);
  if (definition === undefined) {
    throw new ConfigurationError(
      `Provider "${provider}" (from model "${modelString}") is not available in this version of llmux. ` +
        `Known providers: ${known.sort().join(', ')}.`,
    );
  }
  const keyEnv = options.apiKeyEnv !== undefined ? [options.apiKeyEnv] : definition.apiKeyEnv;
  const apiKey = nonEmpty(call.apiKey) ?? nonEmpty(options.apiKey) ?? firstEnv(env, keyEnv);
  if (apiKey === undefined && call.keyOptional !== true && (options.keyRequired ?? definition.keyRequired)) {
    const vars = keyEnv.join(' or ');
    throw new ConfigurationError(
      `No API key for provider "${provider}": set ${vars} in the environment, or pass apiKey in createClient({ providers: { ${JSON.stringify(provider)}: { apiKey } } }).`,
      { provider, model },
    );
  }
  const baseEnv = definition.baseURLEnv ?? [baseURLEnvName(provider)];
  const explicit =
    explicitBaseURL(call.baseURL, 'the call option baseURL', provider, model) ??
    explicitBaseURL(options.baseURL, 'baseURL', provider, model);
  if (explicit === undefined) refuseStrayBaseURLEnv(env, provider, model, keyEnv, baseEnv);
  const baseURL = explicit ?? firstEnv(env, baseEnv) ?? definition.baseURL;
  if (baseURL === undefined) {
    throw new ConfigurationError(
      `No base URL for provider "${provider}": set ${baseEnv.join(' or ')} or pass baseURL in createClient({ providers: { ${JSON.stringify(provider)}: { baseURL } } }).`,
      { provider, model },
    );
  }
  if (!/^(?:https?|mock):\/\//i.test(baseURL) || !URL.canParse(baseURL)) {
    // The base URL may hold a key (`user:key@`, `?key=`): the message quotes it redacted.
    throw new ConfigurationError(
      `Base URL ${JSON.stringify(redactUrlText(baseURL, [apiKey]))} for provider "${provider}" is not a URL; expected e.g. "http://127.0.0.1:11434/v1"`,
      { provider, model },
    );
  }
  return {
    provider,
    model,
    adapter: definition.adapter,
    apiKey,
    baseURL: baseURL.replace(/\/+$/, ''),
    headers: options.headers ?? {},
    compat: { ...definition.compat, ...options.compat },
    options,
  };
}

/**
 * A base URL given in options: absent is undefined, but an empty one is a mistake (a variable
 * that was meant to hold a mock's URL), never a reason to fall back to the real provider.
 */
function explicitBaseURL(value: unknown, what: string, provider: string, model: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.trim() === '') {
    throw new ConfigurationError(
      `${what} for provider "${provider}" is ${JSON.stringify(value)}; give a URL like "http://127.0.0.1:8787/v1", or leave it out to use the provider's default`,
      { provider, model },
    );
  }
  return value.trim();
}

/**
 * A provider registered under another name than its family's (`claude: anthropic()`) reads its
 * base URL from the family's variable, as it does its key. `<NAME>_BASE_URL` set for it is a
 * setup that expects otherwise (a mock's URL there, the real key in the family's variable):
 * obeying either half would send a key where it was not meant to go, so it is refused.
 */
function refuseStrayBaseURLEnv(env: Env, provider: string, model: string, keyEnv: readonly string[], baseEnv: readonly string[]): void {
  const own = baseURLEnvName(provider);
  if (baseEnv.includes(own) || nonEmpty(env[own]) === undefined) return;
  throw new ConfigurationError(
    `${own} is set, but provider "${provider}" reads its key from ${keyEnv.join(' or ') || 'no variable'} and so its base URL from ${baseEnv.join(' or ')}, ` +
      `never from ${own}: set ${baseEnv[0]} instead, or pass baseURL (and apiKey) in createClient({ providers: { ${JSON.stringify(provider)}: { baseURL } } }).`,
    { provider, model },
  );
}

/** `<PROVIDER>_BASE_URL`, e.g. `OPENAI_BASE_URL`, `OPENAI_COMPATIBLE_BASE_URL`. */
export function baseURLEnvName(provider: string): string {
  return `${envPrefix(provider)}_BASE_URL`;
}

/** The definition of a provider the client's options define, speaking `adapter`. */
export function definitionWith(adapter: ResolvedCall['adapter'], provider: string, options: ProviderOptions): ProviderDefinitionOf {
  if (options.endpoint !== undefined) return { ...options.endpoint, adapter };
  return {
    adapter,
    apiKeyEnv: [options.apiKeyEnv ?? `${envPrefix(provider)}_API_KEY`],
    keyRequired: options.keyRequired ?? false,
    ...(options.adapter === 'mock' ? { baseURL: 'mock://local' } : {}),
  };
}

function envPrefix(provider: string): string {
  return provider.toUpperCase().replace(/[^A-Z0-9]/g, '_');
}

function firstEnv(env: Env, names: readonly string[]): string | undefined {
  for (const name of names) {
    const value = nonEmpty(env[name]);
    if (value !== undefined) return value;
  }
  return undefined;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}
