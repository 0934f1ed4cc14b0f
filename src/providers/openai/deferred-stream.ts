/**
 * A stream whose source is only known after an asynchronous step (which API serves the call):
 * the step runs on the first `next()`, then every call goes straight to the source.
 */
export function deferredStream<T>(
  open: () => Promise<AsyncIterator<T>>,
): AsyncIterableIterator<T> & { nextBuffered(): IteratorYieldResult<T> | undefined } {
  let source: Promise<AsyncIterator<T>> | undefined;
  let ready: AsyncIterator<T> | undefined;
  let done = false;
  return {
    next() {
      if (ready !== undefined) return ready.next();
      if (done) return Promise.resolve({ done: true, value: undefined });
      return (source ??= open()).then((s) => {
        ready = s;
        return s.next();
      });
    },
    nextBuffered() {
      return (ready as { nextBuffered?: () => IteratorYieldResult<T> | undefined } | undefined)?.nextBuffered?.();
    },
    async return(value?: unknown) {
      done = true;
      // Never opened: nothing to release, and no request is sent just to be cancelled.
      if (source === undefined) return { done: true, value: value as T };
      const s = await source.catch(() => undefined);
      return (await s?.return?.(value)) ?? { done: true, value: value as T };
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}
