/**
 * Everything a call needs to know about its provider: the adapter loader, base URL and key,
 * from call options, client options, the environment and the registry, in that order. Pure
 * but for the environment object it is handed.
 */
import { ConfigurationError } from '../errors.js';
import type { ProviderAdapter, ProviderCompat } from '../providers/adapter-types.js';
import { ADAPTER_FAMILIES, PROVIDERS, type ProviderDefinition, baseURLEnvName } from '../providers/registry.js';
import { resolveModel } from './resolve-model.js';

/** Per-provider settings in `createClient({ providers })`. */
export interface ProviderOptions {
  apiKey?: string;
  baseURL?: string;
  headers?: Record<string, string>;
  /** For a provider the client defines: the adapter family it speaks (default `openai`). */
  adapter?: 'openai' | 'anthropic' | 'mock';
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
}

export interface ResolvedCall {
  provider: string;
  model: string;
  load: () => Promise<ProviderAdapter>;
  apiKey: string | undefined;
  baseURL: string;
  headers: Record<string, string>;
  compat: ProviderCompat;
  /** The client's options for this provider, for adapters with provider-specific settings. */
  options: Readonly<ProviderOptions>;
}

export type Env = Readonly<Record<string, string | undefined>>;

const builtIn: Record<string, ProviderDefinition> = PROVIDERS;

/** Provider ids a client with these options can serve (the built-in ones when no options are given). */
export function knownProviders(custom?: Record<string, ProviderOptions>): string[] {
  return [...new Set([...Object.keys(builtIn), ...Object.keys(custom ?? {})])];
}

export function resolveCall(
  modelString: string,
  custom: Record<string, ProviderOptions> | undefined,
  env: Env,
  call: { apiKey?: string | undefined; baseURL?: string | undefined } = {},
): ResolvedCall {
  const { provider, model } = resolveModel(modelString, knownProviders(custom));
  const options = custom?.[provider] ?? {};
  const definition = builtIn[provider] ?? definitionFor(provider, options);
  if (definition === undefined) {
    throw new ConfigurationError(
      `Provider "${provider}" (from model "${modelString}") is not available in this version of llmux. ` +
        `Known providers: ${knownProviders(custom).sort().join(', ')}.`,
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
    load: definition.load,
    apiKey,
    baseURL: baseURL.replace(/\/+$/, ''),
    headers: options.headers ?? {},
    compat: { ...definition.compat, ...options.compat },
    options,
  };
}

function definitionFor(provider: string, options: ProviderOptions): ProviderDefinition | undefined {
  if (options.baseURL === undefined && options.adapter === undefined) return undefined;
  const load = ADAPTER_FAMILIES[options.adapter ?? 'openai'];
  if (load === undefined) return undefined;
  return {
    load,
    apiKeyEnv: [options.apiKeyEnv ?? `${provider.toUpperCase().replace(/[^A-Z0-9]/g, '_')}_API_KEY`],
    keyRequired: options.keyRequired ?? false,
    ...(options.adapter === 'mock' ? { baseURL: 'mock://local' } : {}),
  };
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
