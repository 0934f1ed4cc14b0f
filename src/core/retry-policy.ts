/**
 * Which failures are retried, shared by `complete()` and `stream()`.
 */
import { isLlmuxError } from '../errors.js';

/** True when `error` may succeed on a new attempt and attempts remain. */
export function shouldRetry(error: unknown, attempt: number, maxRetries: number): boolean {
  return attempt < maxRetries && isLlmuxError(error) && error.retryable;
}
