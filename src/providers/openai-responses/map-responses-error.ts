/**
 * Failures the Responses API reports inside a 200 (a `response.failed` event, an `error` event,
 * a body with `status: "failed"`) -> the typed error its HTTP twin would have been. The code
 * picks the status: `insufficient_quota` and `rate_limit_exceeded` are a 429 (a RateLimitError;
 * the quota one not worth retrying), `server_error` a 500, the `invalid_*` family a 400. Pure.
 */
import type { LlmuxError } from '../../base/errors.js';
import { errorPayloadText } from '../../util/map-http-error.js';
import type { AdapterContext } from '../adapter-types.js';
import { mapOpenAIError } from '../openai/map-openai-error.js';

/** The HTTP status an error code stands for. */
function statusForCode(code: string | undefined): number {
  if (code === undefined) return 500;
  if (code === 'insufficient_quota' || code.startsWith('rate_limit')) return 429;
  if (code === 'server_error' || code.endsWith('_timeout')) return 500;
  if (code === 'service_unavailable' || code === 'overloaded') return 503;
  if (code === 'invalid_api_key') return 401;
  if (code === 'model_not_found') return 404;
  return 400;
}

/** The typed error for an in-stream or in-body failure `{ code, message }`. */
export function mapResponsesFailure(
  failure: unknown,
  context: Pick<AdapterContext, 'provider' | 'model' | 'secrets'>,
  requestId: string | undefined,
): LlmuxError {
  const error = failure !== null && typeof failure === 'object' ? (failure as Record<string, unknown>) : {};
  const code = typeof error['code'] === 'string' && error['code'] !== '' ? error['code'] : undefined;
  const status = statusForCode(code);
  const headers: Record<string, string> = {};
  if (requestId !== undefined) headers['x-request-id'] = requestId;
  // A spent quota stays spent: retrying it only repeats the failure.
  if (code === 'insufficient_quota') headers['x-should-retry'] = 'false';
  const message = typeof error['message'] === 'string' ? error['message'] : undefined;
  return mapOpenAIError({
    status,
    headers,
    bodyText: errorPayloadText({ error: { message, code, type: error['type'] ?? code, param: error['param'] } }),
    provider: context.provider,
    model: context.model,
    secrets: context.secrets,
  });
}
