/**
 * URL and headers of an Anthropic API call.
 */
import type { AdapterContext } from '../adapter-types.js';
import { buildRequestHeaders } from '../../util/merge-headers.js';

/** The Messages API version this adapter speaks; a caller's own `anthropic-version` header wins. */
const ANTHROPIC_VERSION = '2023-06-01';

/** `path` starts with `/v1/`. A base URL given with its `/v1` (as many users copy it) is not doubled. */
export function buildAnthropicURL(context: AdapterContext, path: string): string {
  const base = context.baseURL.replace(/\/+$/, '');
  return base.endsWith('/v1') ? `${base}${path.slice(3)}` : `${base}${path}`;
}

/**
 * Our defaults and the key's `x-api-key` under the caller's headers (including
 * `anthropic-beta`), merged by `buildRequestHeaders`: a caller's header of one of our names, in
 * any case, replaces ours instead of being sent beside it.
 */
export function buildAnthropicHeaders(context: AdapterContext, accept: string): Record<string, string> {
  const defaults = { 'content-type': 'application/json', accept, 'anthropic-version': ANTHROPIC_VERSION };
  const auth = context.apiKey !== undefined && context.apiKey !== '' ? { 'x-api-key': context.apiKey } : undefined;
  return buildRequestHeaders(context, defaults, auth);
}
