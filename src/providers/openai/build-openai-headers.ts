/**
 * The headers of a request to OpenAI or a compatible server: JSON in, JSON or an event stream
 * out, the bearer key when there is one, the call's own headers.
 */
import type { AdapterContext } from '../adapter-types.js';

export function buildOpenAIHeaders(context: AdapterContext, stream: boolean): Record<string, string> {
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    accept: stream ? 'text/event-stream' : 'application/json',
    ...context.headers,
  };
  if (context.apiKey !== undefined && context.apiKey !== '') headers['authorization'] = `Bearer ${context.apiKey}`;
  return headers;
}
