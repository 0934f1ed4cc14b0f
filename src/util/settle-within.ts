/**
 * Bounds a promise in time: settles as `work` does, or rejects with `timedOut()` after `ms`.
 * The timer is cleared when `work` settles, and a rejection of `work` that comes after the time
 * limit is still handled (it is never left unhandled). `failed` turns a rejection of `work` into
 * the error the caller reports.
 */
export function settleWithin<T>(work: Promise<T>, ms: number, timedOut: () => Error, failed: (error: unknown) => Error): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(timedOut()), ms);
    work.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(failed(error));
      },
    );
  });
}
