/**
 * Headers of an OpenRouter call: OpenAI's (auth, accept, caller headers) plus the attribution
 * headers that credit the calling app on openrouter.ai. Pure.
 */
import type { ProviderOptions } from '../../core/resolve-provider.js';
import { ConfigurationError } from '../../base/errors.js';
import type { AdapterContext } from '../adapter-types.js';
import { buildOpenAIHeaders } from '../openai/build-openai-headers.js';

/**
 * `HTTP-Referer` from `appUrl`, `X-Title` from `appName`, each only when set. A value that
 * cannot be an HTTP header (a line break, a character beyond Latin-1) is refused here: the
 * transport would otherwise fail with a message naming neither the option nor the provider.
 */
export function buildAttributionHeaders(options: Readonly<Pick<ProviderOptions, 'appUrl' | 'appName'>>): Record<string, string> {
  const headers: Record<string, string> = {};
  const url = checkedValue(options.appUrl, 'appUrl');
  const name = checkedValue(options.appName, 'appName');
  if (url !== undefined) headers['HTTP-Referer'] = url;
  if (name !== undefined) headers['X-Title'] = name;
  return headers;
}

/** OpenAI's headers with attribution among the defaults: a caller's own header of the same name (any case) wins. */
export function buildOpenRouterHeaders(context: AdapterContext, stream: boolean): Record<string, string> {
  return buildOpenAIHeaders(context, stream, buildAttributionHeaders(context.providerOptions));
}

function checkedValue(value: string | undefined, option: 'appUrl' | 'appName'): string | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  if (trimmed === '') return undefined;
  // Tab and printable Latin-1 only: what both transports (node:http and fetch) send unchanged.
  if (/[^\t\x20-\x7e\xa0-\xff]/.test(trimmed)) {
    throw new ConfigurationError(
      `providers.openrouter.${option} ${JSON.stringify(value)} cannot be sent as an HTTP header: use printable ASCII (percent-encode other characters)`,
      { provider: 'openrouter' },
    );
  }
  return trimmed;
}
