/**
 * llmux request -> OpenAI Chat Completions body. Mostly a copy: the shapes are the same, minus
 * llmux-only fields, with the provider's model id and the streaming options. Pure.
 */
import type { ProviderCompat } from '../adapter-types.js';
import type { ChatRequest } from '../../types.js';

/** Request fields that configure llmux and never go on the wire. */
const LLMUX_ONLY = new Set(['model', 'extra_body', 'extra_headers', 'mock_response', 'stream', 'stream_options']);

/** OpenAI reasoning models accept only `max_completion_tokens`. */
const COMPLETION_TOKENS_ONLY = /^(?:o\d|gpt-5)/;

export interface OpenAIRequestOptions {
  provider: string;
  model: string;
  stream: boolean;
  compat: ProviderCompat;
}

export function convertToOpenAIRequest(request: ChatRequest, options: OpenAIRequestOptions): Record<string, unknown> {
  const body: Record<string, unknown> = { model: options.model };
  for (const key in request) {
    const value = (request as unknown as Record<string, unknown>)[key];
    if (value !== undefined && !LLMUX_ONLY.has(key)) body[key] = value;
  }
  if (options.provider === 'openai' && body['max_tokens'] != null && body['max_completion_tokens'] == null && COMPLETION_TOKENS_ONLY.test(options.model)) {
    body['max_completion_tokens'] = body['max_tokens'];
    delete body['max_tokens'];
  }
  if (options.stream) {
    body['stream'] = true;
    if (options.compat.streamUsage !== 'always') body['stream_options'] = { include_usage: true };
  }
  if (request.extra_body !== undefined) Object.assign(body, request.extra_body);
  return body;
}
