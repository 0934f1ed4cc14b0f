/**
 * The one attempt engine. `complete()`, a stream's phase before its first chunk and the Router
 * all run their attempts through `runAttempts`: it makes an attempt, types its failure, asks
 * the caller's `onFailure` what follows (a retry, another attempt at once, or the end), waits
 * for the server's Retry-After or a backoff, and ends with the caller's abort error as soon as
 * the signal fires. Each caller keeps only what is its own: what an attempt does, and its
 * bookkeeping (callbacks, cooldowns, fallbacks) in `onFailure`.
 */
import type { LlmuxError } from '../base/errors.js';
import { toCallerAbortError } from './caller-abort-error.js';
import { computeRetryDelay, sleep } from './retry-timing.js';
import { type ErrorContext, toLlmuxError } from './to-llmux-error.js';

/** What follows a failed attempt; `onFailure` decides. */
export type NextAttempt =
  /** No further attempt: the failure is thrown. */
  | { readonly next: 'stop' }
  /**
   * A retry, told to `onRetry` first, after `delayMs`, or when that is absent after the
   * failure's Retry-After (when usable) or else the backoff for retry number `backoff`
   * (default: the failed attempt's number, so 0 for a first retry).
   */
  | { readonly next: 'retry'; readonly delayMs?: number; readonly backoff?: number }
  /** Another attempt at once that is not a retry of this one (a Router fallback): no wait, no `onRetry`. */
  | { readonly next: 'switch' };

export const STOP: NextAttempt = { next: 'stop' };
export const RETRY: NextAttempt = { next: 'retry' };
export const SWITCH: NextAttempt = { next: 'switch' };

export interface RunAttemptsOptions<T> {
  /** Makes attempt number `attempt` (0 for the first). What it throws is the attempt's failure. */
  run(attempt: number): Promise<T>;
  /**
   * Decides what follows the failure of attempt `attempt` (already an `LlmuxError`), and does
   * the caller's bookkeeping for it. Not asked when the signal has fired: see `onAbort`.
   */
  onFailure(error: LlmuxError, attempt: number): NextAttempt | Promise<NextAttempt>;
  /** Told before each retry, with the number of the attempt to come and the wait before it. */
  onRetry?: ((error: LlmuxError, attempt: number, delayMs: number) => void) | undefined;
  /**
   * Told about an attempt that failed after the signal fired, with the abort error about to be
   * thrown (a wait ended by the signal is not an attempt's failure and is not told).
   */
  onAbort?: ((error: LlmuxError) => void) | undefined;
  /**
   * Once it fires, no attempt starts and no wait goes on: the call ends with the caller's abort
   * error. The first attempt is the caller's to start (an adapter handed a fired signal fails
   * with its own abort error, which is kept).
   */
  signal?: AbortSignal | undefined;
  /** Named in the errors made here. */
  context?: ErrorContext | undefined;
  /** Starts the message of an error made here from something that was not an `LlmuxError`. */
  messagePrefix?: string | undefined;
  /** The message of an abort error made here (default: the caller's abort message). */
  abortMessage?: string | undefined;
}

/** Runs attempts until one succeeds (its result is returned) or `onFailure` stops (its error is thrown). */
export function runAttempts<T>(options: RunAttemptsOptions<T>): Promise<T> {
  // The first attempt is a plain promise chain: a call that succeeds at once (nearly all of them)
  // holds no suspended engine frame while it waits, only this `catch`.
  let first: Promise<T>;
  try {
    first = options.run(0);
  } catch (error) {
    first = Promise.reject(error);
  }
  return first.catch((thrown: unknown) => afterFailure(options, thrown));
}

/** Everything after a failed first attempt: its verdict, the waits and the attempts that follow. */
async function afterFailure<T>(options: RunAttemptsOptions<T>, thrown: unknown): Promise<T> {
  const { signal, context = {} } = options;
  for (let attempt = 0; ;) {
    if (signal?.aborted) {
      const aborted = toCallerAbortError(thrown, signal.reason, context, options.abortMessage);
      options.onAbort?.(aborted);
      throw aborted;
    }
    const error = toLlmuxError(thrown, context, options.messagePrefix);
    const next = await options.onFailure(error, attempt);
    if (next.next === 'stop') throw error;
    if (next.next === 'retry') {
      const delayMs = next.delayMs ?? computeRetryDelay(next.backoff ?? attempt, error.retryAfterMs);
      options.onRetry?.(error, attempt + 1, delayMs);
      if (delayMs > 0) {
        await sleep(delayMs, signal).catch((reason: unknown) => {
          throw toCallerAbortError(reason, reason, context, options.abortMessage);
        });
      }
    }
    attempt++;
    if (signal?.aborted) throw toCallerAbortError(undefined, signal.reason, context, options.abortMessage);
    try {
      return await options.run(attempt);
    } catch (error) {
      thrown = error;
    }
  }
}
