/**
 * URL and headers of an Anthropic API call.
 */
import type { AdapterContext } from '../adapter-types.js';

/** The Messages API version this adapter speaks; a caller's own `anthropic-version` header wins. */
export const ANTHROPIC_VERSION = '2023-06-01';

/** `path` starts with `/v1/`. A base URL given with its `/v1` (as many users copy it) is not doubled. */
export function buildAnthropicURL(context: AdapterContext, path: string): string {
  const base = context.baseURL.replace(/\/+$/, '');
  return base.endsWith('/v1') ? `${base}${path.slice(3)}` : `${base}${path}`;
}

/**
 * Caller headers (including `anthropic-beta`) are lower-cased before merging so that a
 * differently-cased copy of one of ours replaces it instead of being sent twice.
 */
export function buildAnthropicHeaders(context: AdapterContext, accept: string): Record<string, string> {
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    accept,
    'anthropic-version': ANTHROPIC_VERSION,
  };
  for (const name in context.headers) headers[name.toLowerCase()] = context.headers[name]!;
  if (context.apiKey !== undefined && context.apiKey !== '') headers['x-api-key'] = context.apiKey;
  return headers;
}
