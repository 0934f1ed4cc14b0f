/**
 * The error for a call stopped by the caller's `AbortSignal`. `AbortSignal.timeout(ms)` aborts
 * with a `TimeoutError`: that call timed out, and saying "aborted by the caller" would send its
 * author looking for an abort they never wrote. Every other reason is the caller's own abort.
 */
import { APITimeoutError, APIUserAbortError, type LlmuxError } from '../errors.js';

/** `code` of the `APITimeoutError` for a caller's signal that timed out. */
export const SIGNAL_TIMEOUT_CODE = 'SIGNAL_TIMEOUT';

interface AbortContext {
  provider?: string | undefined;
  model?: string | undefined;
}

/** Whether a signal's abort reason is a timeout (`AbortSignal.timeout()`, or any `TimeoutError`). */
export function isTimeoutReason(reason: unknown): boolean {
  return typeof reason === 'object' && reason !== null && (reason as { name?: unknown }).name === 'TimeoutError';
}

/**
 * `APITimeoutError` (code `SIGNAL_TIMEOUT`, not retryable) when the reason is a timeout,
 * otherwise `APIUserAbortError` with `message`.
 */
export function callerAbortError(reason: unknown, context: AbortContext, message = 'Request was aborted by the caller'): LlmuxError {
  const options = { provider: context.provider, model: context.model, cause: reason, retryable: false };
  if (!isTimeoutReason(reason)) return new APIUserAbortError(message, options);
  return new APITimeoutError('The call timed out: its AbortSignal fired with a TimeoutError (AbortSignal.timeout()), so the request was stopped', {
    ...options,
    code: SIGNAL_TIMEOUT_CODE,
  });
}

/** Whether `error` is one `callerAbortError` makes: a caller's abort or its signal's timeout. */
export function isCallerAbortError(error: unknown): boolean {
  return error instanceof APIUserAbortError || (error instanceof APITimeoutError && error.code === SIGNAL_TIMEOUT_CODE);
}
