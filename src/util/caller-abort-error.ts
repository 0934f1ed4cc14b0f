/**
 * The error for a call stopped by the caller's `AbortSignal`. `AbortSignal.timeout(ms)` aborts
 * with a `TimeoutError`: that call timed out, and saying "aborted by the caller" would send its
 * author looking for an abort they never wrote. Every other reason is the caller's own abort.
 */
import { APITimeoutError, APIUserAbortError, type LlmuxError } from '../base/errors.js';

/** `code` of the `APITimeoutError` for a caller's signal that timed out. */
export const SIGNAL_TIMEOUT_CODE = 'SIGNAL_TIMEOUT';

/**
 * `APITimeoutError` (code `SIGNAL_TIMEOUT`, not retryable) when the reason is a `TimeoutError`,
 * otherwise `APIUserAbortError` with `message`.
 */
export function callerAbortError(
  reason: unknown,
  context: { provider?: string | undefined; model?: string | undefined },
  message = 'Request was aborted by the caller',
): LlmuxError {
  // Only the names: a caller may hand a larger object (an adapter context), which must not reach an error.
  const { provider, model } = context;
  return (reason as { name?: unknown } | null)?.name === 'TimeoutError'
    ? new APITimeoutError('AbortSignal.timeout() fired: the call timed out', { provider, model, cause: reason, code: SIGNAL_TIMEOUT_CODE })
    : new APIUserAbortError(message, { provider, model, cause: reason });
}

/** Whether `error` is one `callerAbortError` makes: a caller's abort or its signal's timeout. */
export function isCallerAbortError(error: unknown): boolean {
  return error instanceof APIUserAbortError || (error instanceof APITimeoutError && error.code === SIGNAL_TIMEOUT_CODE);
}

/**
 * The error for a call whose signal fired while it failed or waited: what was thrown when it
 * is already a caller's abort (or its signal's timeout), otherwise one made from the signal's
 * reason, so an abort always ends a call with the same typed error, however it was noticed.
 */
export function toCallerAbortError(
  thrown: unknown,
  reason: unknown,
  context: { provider?: string | undefined; model?: string | undefined },
  message?: string,
): LlmuxError {
  return isCallerAbortError(thrown) ? (thrown as LlmuxError) : callerAbortError(reason, context, message);
}
