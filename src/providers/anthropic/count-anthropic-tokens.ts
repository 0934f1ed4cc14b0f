/**
 * Token counting through Anthropic's free `/v1/messages/count_tokens` endpoint: the exact
 * prompt size, images and tools included, before sending the prompt for real.
 */
import { InvalidResponseError } from '../../base/errors.js';
import type { ChatRequest } from '../../base/types.js';
import type { AdapterContext } from '../adapter-types.js';
import { parseJsonBody, postJson } from '../post-json.js';
import { buildAnthropicHeaders, buildAnthropicURL } from './build-anthropic-headers.js';
import { convertToAnthropicRequest } from './convert-to-anthropic-request.js';
import { mapAnthropicError } from './map-anthropic-error.js';

/**
 * The fields the endpoint takes. It rejects the rest (max_tokens, stream, sampling settings),
 * and none of them changes the count, so any other field, from extra_body too, is left out.
 */
const COUNTED_FIELDS = ['model', 'messages', 'system', 'tools', 'tool_choice', 'thinking', 'mcp_servers'] as const;

/** Keeps the fields of a Messages body that count_tokens accepts. Pure. */
export function toCountTokensBody(body: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const field of COUNTED_FIELDS) if (body[field] !== undefined) out[field] = body[field];
  return out;
}

export async function countTokens(request: ChatRequest, context: AdapterContext): Promise<{ input_tokens: number }> {
  const body = toCountTokensBody(convertToAnthropicRequest(request, { model: context.model, stream: false }));
  const url = buildAnthropicURL(context, '/v1/messages/count_tokens');
  const response = await postJson(context, url, buildAnthropicHeaders(context, 'application/json'), body, mapAnthropicError);
  const requestId = response.headers['request-id'];
  const parsed = parseJsonBody<{ input_tokens?: unknown } | null>(await response.text(), context, requestId);
  const inputTokens = parsed?.input_tokens;
  if (typeof inputTokens !== 'number') {
    throw new InvalidResponseError(`${context.provider} answered count_tokens without a numeric input_tokens`, {
      provider: context.provider,
      model: context.model,
      requestId,
    });
  }
  return { input_tokens: inputTokens };
}
