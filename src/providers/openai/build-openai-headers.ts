/**
 * The headers of a request to OpenAI or a compatible server (Chat Completions or Responses):
 * JSON in, JSON or an event stream out, a dialect's own `defaults` (OpenRouter's attribution),
 * the key as a bearer token, then the caller's headers, which win (see `buildRequestHeaders`).
 */
import type { AdapterContext } from '../adapter-types.js';
import { type HeaderLayer, buildRequestHeaders, mergeHeaderLayers } from '../../util/merge-headers.js';

export function buildOpenAIHeaders(context: AdapterContext, stream: boolean, defaults?: HeaderLayer): Record<string, string> {
  const base = { 'content-type': 'application/json', accept: stream ? 'text/event-stream' : 'application/json' };
  const auth = context.apiKey !== undefined && context.apiKey !== '' ? { authorization: `Bearer ${context.apiKey}` } : undefined;
  return buildRequestHeaders(context, defaults === undefined ? base : mergeHeaderLayers(base, defaults), auth);
}
