/**
 * Turns low-level failures (socket errors, timeouts, aborts) into typed llmux errors.
 */
import { APIConnectionError, APITimeoutError, APIUserAbortError, InvalidResponseError, LlmuxError, isLlmuxError } from '../errors.js';
import type { TransportRequest } from './transport-types.js';

/** Maps a thrown value from a transport into a typed error, keeping llmux errors as they are. */
export function toTransportError(error: unknown, request: Pick<TransportRequest, 'provider' | 'model' | 'signal' | 'url'>): LlmuxError {
  if (isLlmuxError(error)) return error;
  const context = { provider: request.provider, model: request.model, cause: error };
  if (request.signal?.aborted) {
    return new APIUserAbortError('Request was aborted by the caller', { ...context, retryable: false });
  }
  const code = (error as { code?: unknown } | null)?.code;
  const detail = error instanceof Error ? error.message : String(error);
  const where = safeOrigin(request.url);
  const message = `Connection to ${where} failed${typeof code === 'string' ? ` (${code})` : ''}: ${detail}`;
  return new APIConnectionError(message, { ...context, retryable: true, code: typeof code === 'string' ? code : undefined });
}

export function timeoutError(request: Pick<TransportRequest, 'provider' | 'model' | 'url' | 'timeoutMs'>, phase: 'response' | 'stream'): APITimeoutError {
  const what = phase === 'response' ? 'a response' : 'the next stream chunk';
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
export function tooLargeError(request: Pick<TransportRequest, 'provider' | 'model' | 'url'>, limit: number, what = 'response body'): InvalidResponseError {
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
