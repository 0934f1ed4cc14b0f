/**
 * Which failures a client retries, shared by `complete()` and `stream()`: a retryable failure
 * (429, 5xx, connection errors), while retries remain, after its Retry-After or a backoff.
 */
import type { LlmuxError } from '../base/errors.js';
import { type NextAttempt, RETRY, STOP } from './run-attempts.js';

/** A retry when `error` may succeed on a new attempt and attempt `attempt` was not the last allowed. */
export function retryWhileRetryable(error: LlmuxError, attempt: number, maxRetries: number): NextAttempt {
  return attempt < maxRetries && error.retryable ? RETRY : STOP;
}
