/**
 * Turns low-level failures (socket errors, timeouts, aborts) into typed llmux errors.
 */
import { APIConnectionError, APITimeoutError, InvalidResponseError, LlmuxError, isLlmuxError } from '../base/errors.js';
import { isCredentialName } from '../util/classify-header-name.js';
import { redactBounded } from '../util/redact.js';
import { callerAbortError } from '../util/caller-abort-error.js';
import type { TransportRequest } from './transport-types.js';

type ErrorRequest = Pick<TransportRequest, 'provider' | 'model' | 'signal' | 'url'> & { headers?: Readonly<Record<string, string>> };

/**
 * Maps a thrown value from a transport into a typed error, keeping llmux errors as they are.
 * A runtime's own message may quote the URL (`user:key@`, `?key=`) or a header value, so the
 * message is redacted, and a cause whose text would leak is replaced by a redacted copy.
 */
export function toTransportError(error: unknown, request: ErrorRequest): LlmuxError {
  if (isLlmuxError(error)) return error;
  const secrets = requestSecrets(request);
  const cause = redactCause(error, secrets);
  const context = { provider: request.provider, model: request.model, cause };
  if (request.signal?.aborted) return callerAbortError(request.signal.reason, context);
  const rawCode = (error as { code?: unknown } | null)?.code;
  const code = typeof rawCode === 'string' ? redactBounded(rawCode, secrets, 64) : undefined;
  const detail = redactBounded(describe(error), secrets, 1024);
  const where = safeOrigin(request.url);
  const message = `Connection to ${where} failed${code !== undefined ? ` (${code})` : ''}: ${detail}`;
  return new APIConnectionError(message, { ...context, retryable: true, code });
}

/** What in a request is a credential: credential-named header values (and their bearer token), the URL's userinfo and credential-named query values. */
function requestSecrets(request: ErrorRequest): string[] {
  const secrets: string[] = [];
  for (const [name, value] of Object.entries(request.headers ?? {})) {
    if (!isCredentialName(name)) continue;
    secrets.push(value);
    const token = /^\S+\s+(\S+)$/.exec(value)?.[1];
    if (token !== undefined) secrets.push(token);
  }
  try {
    const url = new URL(request.url);
    for (const part of [url.username, url.password]) if (part !== '') secrets.push(part, decodeURIComponentSafe(part));
    for (const [name, value] of url.searchParams) if (isCredentialName(name)) secrets.push(value, encodeURIComponent(value));
  } catch {
    // Not a URL: nothing more to collect.
  }
  return secrets;
}

function decodeURIComponentSafe(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function describe(error: unknown): string {
  try {
    return error instanceof Error ? error.message : String(error);
  } catch {
    return 'unknown error';
  }
}

/**
 * The cause to keep: the thrown value itself when no text in its chain (message, nested causes)
 * holds a credential, otherwise an Error with the same name and code and redacted messages.
 */
function redactCause(error: unknown, secrets: readonly string[]): unknown {
  let leaks = false;
  let link: unknown = error;
  for (let depth = 0; depth < 4 && link !== null && typeof link === 'object'; depth++) {
    const text = describe(link);
    if (redactBounded(text, secrets, Number.POSITIVE_INFINITY) !== text) leaks = true;
    link = (link as { cause?: unknown }).cause;
  }
  if (!leaks && !(typeof error === 'string' && redactBounded(error, secrets, Number.POSITIVE_INFINITY) !== error)) return error;
  const copy = (value: unknown, depth: number): Error => {
    const redacted = new Error(redactBounded(describe(value), secrets, 1024));
    if (value instanceof Error) redacted.name = value.name;
    const code = (value as { code?: unknown } | null)?.code;
    if (typeof code === 'string') Object.defineProperty(redacted, 'code', { value: code, enumerable: true });
    const inner = (value as { cause?: unknown } | null)?.cause;
    if (depth < 3 && inner !== undefined && inner !== null)
      Object.defineProperty(redacted, 'cause', { value: copy(inner, depth + 1), enumerable: false, configurable: true, writable: true });
    return redacted;
  };
  return copy(error, 0);
}

/**
 * The client's own idle timeout (`timeout` option) fired: no response headers, or no next
 * piece of the body, within `timeoutMs`.
 */
export function timeoutError(
  request: Pick<TransportRequest, 'provider' | 'model' | 'url' | 'timeoutMs'>,
  phase: 'response' | 'stream',
): APITimeoutError {
  const what = phase === 'response' ? 'response' : 'stream data';
  return new APITimeoutError(`No ${what} from ${safeOrigin(request.url)} within ${request.timeoutMs} ms`, {
    provider: request.provider,
    model: request.model,
    retryable: true,
    code: 'ETIMEDOUT',
  });
}

/** The whole call outlived its `deadline`: not retryable, since a retry would have no time left. */
export function deadlineError(request: Pick<TransportRequest, 'provider' | 'model' | 'url'>): APITimeoutError {
  return new APITimeoutError(`The call to ${safeOrigin(request.url)} did not finish before its deadline`, {
    provider: request.provider,
    model: request.model,
    retryable: false,
    code: 'DEADLINE_EXCEEDED',
  });
}

/** A body, line or event over its cap: the provider (or whatever answers for it) is not one to trust. */
export function tooLargeError(
  request: Pick<TransportRequest, 'provider' | 'model' | 'url'>,
  limit: number,
  what = 'response body',
): InvalidResponseError {
  return new InvalidResponseError(`The ${what} from ${safeOrigin(request.url)} is larger than ${limit} bytes (maxResponseBytes)`, {
    provider: request.provider,
    model: request.model,
    retryable: false,
    code: 'RESPONSE_TOO_LARGE',
  });
}

/** Origin only: paths and query strings may carry keys (e.g. `?key=`) and never reach a message. */
export function safeOrigin(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return 'the provider';
  }
}
