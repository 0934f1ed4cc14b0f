/**
 * Everything a call needs to know about its provider: the adapter, base URL and key, from call
 * options, client options, the environment and a table of known providers, in that order.
 * Pure but for the environment object it is handed. The table is a parameter so that the
 * explicit-composition client (`llmux/lite`) resolves against the providers it was given and
 * never pulls in the registry of every built-in one.
 */
import { ConfigurationError } from '../errors.js';
import type { ProviderAdapter, ProviderCompat } from '../providers/adapter-types.js';
import type { ProviderEndpoint } from '../providers/provider-endpoints.js';
import { resolveModel } from './resolve-model.js';

/** Per-provider settings in `createClient({ providers })`. */
export interface ProviderOptions {
  apiKey?: string;
  baseURL?: string;
  headers?: Record<string, string>;
  /**
   * The adapter this provider speaks: a built-in family name (`openai` by default, for a
   * provider the client defines) or an adapter object, such as the one the `openai()` factory
   * of `llmux/openai` puts here.
   */
  adapter?: 'openai' | 'anthropic' | 'mock' | ProviderAdapter;
  /** For a provider the client defines: the env var holding its key. */
  apiKeyEnv?: string;
  /** For a provider the client defines: whether a missing key is an error (default false). */
  keyRequired?: boolean;
  compat?: ProviderCompat;
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
  headers: Record<string, string>;
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

export function resolveCallIn(
  table: ProviderTable,
  modelString: string,
  custom: Record<string, ProviderOptions> | undefined,
  env: Env,
  call: { apiKey?: string | undefined; baseURL?: string | undefined } = {},
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
  if (apiKey === undefined && (options.keyRequired ?? definition.keyRequired)) {
    const vars = keyEnv.join(' or ');
    throw new ConfigurationError(
      `No API key for provider "${provider}": set ${vars} in the environment, or pass apiKey in createClient({ providers: { ${JSON.stringify(provider)}: { apiKey } } }).`,
      { provider, model },
    );
  }
  const baseEnv = baseURLEnvName(provider);
  const baseURL = nonEmpty(call.baseURL) ?? nonEmpty(options.baseURL) ?? nonEmpty(env[baseEnv]) ?? definition.baseURL;
  if (baseURL === undefined) {
    throw new ConfigurationError(
      `No base URL for provider "${provider}": set ${baseEnv} or pass baseURL in createClient({ providers: { ${JSON.stringify(provider)}: { baseURL } } }).`,
      { provider, model },
    );
  }
  if (!/^(?:https?|mock):\/\//i.test(baseURL) || !URL.canParse(baseURL)) {
    throw new ConfigurationError(`Base URL ${JSON.stringify(baseURL)} for provider "${provider}" is not a URL; expected e.g. "http://127.0.0.1:11434/v1"`, { provider, model });
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
