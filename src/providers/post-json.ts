/**
 * One JSON POST through the context's transport, shared by adapters: a 4xx/5xx answer is read
 * and turned into a typed error by the provider's own mapper.
 */
import type { LlmuxError } from '../base/errors.js';
import { APIConnectionError, InvalidResponseError } from '../base/errors.js';
import type { HttpErrorInput } from '../util/map-http-error.js';
import { redactBounded } from '../util/redact.js';
import type { TransportResponse } from '../transport/transport-types.js';
import type { AdapterContext } from './adapter-types.js';
import { MAX_JSON_DEPTH, isTooDeep } from './json-depth.js';

export type ErrorMapper = (input: HttpErrorInput) => LlmuxError;

/**
 * Sends `body` to `url`; resolves with the response when its status is below 400. Nothing here
 * waits on the request: the answer is read in a callback, so a call waiting for its answer (a
 * thousand of them in a burst) holds no suspended frame of this function (see bench/README.md,
 * "Fifth pass"), and not an async function's promise either (see "Tenth pass"): what goes wrong
 * before the request is sent (a body that cannot be serialised, a transport that throws) is a
 * rejection all the same.
 */
export function postJson(
  context: AdapterContext,
  url: string,
  headers: Record<string, string>,
  body: unknown,
  mapError: ErrorMapper,
): Promise<TransportResponse> {
  let sent: Promise<TransportResponse>;
  try {
    sent = context.transport.request({
      url,
      method: 'POST',
      headers,
      body: JSON.stringify(body),
      signal: context.signal,
      timeoutMs: context.timeoutMs,
      maxResponseBytes: context.maxResponseBytes,
      deadlineAt: context.deadlineAt,
      provider: context.provider,
      model: context.model,
    });
  } catch (error) {
    return Promise.reject(error as Error);
  }
  return sent.then((response) => (response.status < 400 ? response : rejectAnswer(response, context, url, mapError)));
}

/** An error answer, read and turned into the provider's typed error. */
async function rejectAnswer(response: TransportResponse, context: AdapterContext, url: string, mapError: ErrorMapper): Promise<never> {
  const bodyText = await response.text().catch(() => '');
  throw mapError({
    status: response.status,
    headers: response.headers,
    bodyText,
    provider: context.provider,
    model: context.model,
    secrets: context.secrets,
    url,
  });
}

/**
 * Parses a JSON body or stream event, turning garbage into a typed error that quotes (redacted)
 * what arrived. JSON nested deeper than `MAX_JSON_DEPTH` is refused the same way.
 */
export function parseJsonBody<T>(text: string, context: AdapterContext, requestId?: string): T {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw malformed(text, context, error, requestId);
  }
  if (isTooDeep(text, value)) {
    throw unexpected(`JSON nested more than ${MAX_JSON_DEPTH} levels deep`, context, requestId);
  }
  return value as T;
}

/** The error for a body or stream event that is not what it should be, saying what (`what` quotes nothing unredacted). */
export function unexpected(what: string, context: AdapterContext, requestId?: string, cause?: unknown): InvalidResponseError {
  return new InvalidResponseError(`${context.provider} sent ${what}`, {
    provider: context.provider,
    model: context.model,
    requestId: requestId === undefined ? undefined : redactBounded(requestId, context.secrets, 256),
    retryable: true,
    cause,
  });
}

/**
 * The error for a body or stream event that is not the JSON it should be. A markup page (a
 * proxy's login or error page, a web server at a wrong base URL) is an answer, not a glitch: no
 * retry would change it, so it is not retried (a retry would resend the paid request).
 */
export function malformed(text: string, context: AdapterContext, cause: unknown, requestId?: string): InvalidResponseError {
  const error = unexpected(`malformed JSON: ${redactBounded(text, context.secrets, 201)}`, context, requestId, cause);
  if (/^\s*</.test(text)) {
    return new InvalidResponseError(
      `${context.provider} answered with a markup page, not JSON (a proxy's page, or a wrong base URL): ${redactBounded(text, context.secrets, 201)}`,
      {
        provider: context.provider,
        model: context.model,
        requestId: error.requestId,
        retryable: false,
        code: 'NOT_JSON',
        cause,
      },
    );
  }
  return error;
}

/** The error for a stream that ended before its terminator: a truncation, never a silent success. */
export function truncated(context: AdapterContext, requestId: string | undefined, terminator: string): APIConnectionError {
  return new APIConnectionError(`The ${context.provider} stream ended before ${terminator}`, {
    provider: context.provider,
    model: context.model,
    requestId,
    retryable: true,
    code: 'STREAM_TRUNCATED',
  });
}
