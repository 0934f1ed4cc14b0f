/**
 * Anthropic error bodies (`{type:'error', error:{type, message}, request_id}`) -> typed errors. Pure.
 */
import { type LlmuxError, ServiceUnavailableError } from '../../base/errors.js';
import {
  type ErrorCause,
  type HttpErrorInput,
  type ParsedErrorBody,
  classifyErrorCause,
  mapHttpError,
  parseErrorBody,
} from '../../util/map-http-error.js';

/** The status each documented error type comes with, for errors that arrive inside a 200 stream. */
const STATUS_BY_TYPE: Readonly<Record<string, number>> = {
  invalid_request_error: 400,
  authentication_error: 401,
  billing_error: 402,
  permission_error: 403,
  not_found_error: 404,
  request_too_large: 413,
  rate_limit_error: 429,
  api_error: 500,
  timeout_error: 504,
  overloaded_error: 529,
};

export function statusForAnthropicErrorType(type: string | undefined): number {
  return (type === undefined ? undefined : STATUS_BY_TYPE[type]) ?? 500;
}

/**
 * A 413 is a request over Anthropic's byte limit, in practice a conversation (or its images
 * and documents) too big to send: the same remedy as an over-long prompt, so the same class.
 * Over-long prompts themselves come as 400 "prompt is too long", which the shared patterns catch.
 */
function classifyAnthropicError(parsed: ParsedErrorBody, status: number): ErrorCause {
  if (status === 413 || parsed.type === 'request_too_large') return 'context_window';
  return classifyErrorCause(parsed);
}

export function mapAnthropicError(input: HttpErrorInput): LlmuxError {
  const parsed = parseErrorBody(input.bodyText);
  let headers = input.headers;
  // The body repeats the request id; it is the only copy when a proxy dropped the header.
  const bodyRequestId = (parsed.body as { request_id?: unknown } | undefined)?.request_id;
  if (headers['request-id'] === undefined && typeof bodyRequestId === 'string') headers = { ...headers, 'request-id': bodyRequestId };
  const error = mapHttpError({ ...input, headers }, classifyAnthropicError);
  if (parsed.type !== 'overloaded_error' || error instanceof ServiceUnavailableError) return error;
  // Overload reported under another status (a gateway's 500, say) is still worth a later retry.
  return new ServiceUnavailableError(error.message, {
    status: error.status,
    provider: error.provider,
    model: error.model,
    requestId: error.requestId,
    retryable: true,
    retryAfterMs: error.retryAfterMs,
    providerMessage: error.providerMessage,
    code: error.code,
    body: error.body,
  });
}
