/**
 * When to retry: the server's Retry-After hint first, otherwise exponential backoff with jitter.
 */

/** Longest server hint llmux will honour; beyond it the caller is better served by an error. */
export const MAX_RETRY_AFTER_MS = 60_000;
const INITIAL_DELAY_MS = 500;
const MAX_BACKOFF_MS = 8_000;

/**
 * Reads `retry-after-ms` (milliseconds) or `retry-after` (seconds, or an HTTP date) from
 * lower-cased response headers. Returns undefined when absent or unparseable.
 */
export function parseRetryAfter(headers: Readonly<Record<string, string | undefined>>, now = Date.now()): number | undefined {
  const ms = headers['retry-after-ms'];
  if (ms !== undefined) {
    const value = Number.parseFloat(ms);
    if (Number.isFinite(value) && value >= 0) return value;
  }
  const raw = headers['retry-after'];
  if (raw === undefined) return undefined;
  const seconds = Number(raw.trim());
  if (raw.trim() !== '' && Number.isFinite(seconds)) return seconds >= 0 ? seconds * 1000 : undefined;
  const date = Date.parse(raw);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

/**
 * Delay before retry number `attempt` (0 for the first retry). A usable server hint wins;
 * otherwise 0.5s doubling to 8s, with up to 25% jitter taken off so clients spread out.
 */
export function computeRetryDelay(attempt: number, retryAfterMs?: number, random: () => number = Math.random): number {
  if (retryAfterMs !== undefined && retryAfterMs >= 0 && retryAfterMs <= MAX_RETRY_AFTER_MS) return retryAfterMs;
  const base = Math.min(INITIAL_DELAY_MS * 2 ** attempt, MAX_BACKOFF_MS);
  return base * (1 - 0.25 * random());
}

/** Resolves after `ms`, or rejects with the signal's reason when aborted first. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
