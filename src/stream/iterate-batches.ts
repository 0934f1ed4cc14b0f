/**
 * A per-item async iterator over batches. Streamed responses arrive as network reads holding
 * many events; handing them out from a buffer costs one resolved promise per item, where an
 * async generator would cost a suspended frame and several promise hops per item.
 */

/**
 * Iterates the items of the batches `nextBatch` returns, until it returns undefined. An empty
 * batch just asks for the next one. `onReturn` runs when the consumer stops early or
 * `nextBatch` throws, so the source (a response body) is always released.
 */
/** An iterator over batches that can also hand out an already buffered item without a promise. */
export interface BatchIterator<T> extends AsyncIterableIterator<T> {
  /** The next item if one is buffered, else undefined (then call `next()`). */
  nextBuffered(): IteratorYieldResult<T> | undefined;
}

const EMPTY: readonly never[] = [];

export function iterateBatches<T>(nextBatch: () => Promise<readonly T[] | undefined>, onReturn?: () => void): BatchIterator<T> {
  let buffer: readonly T[] = EMPTY;
  let index = 0;
  let finished = false;

  const pull = async (): Promise<IteratorResult<T, undefined>> => {
    for (;;) {
      if (finished) return { value: undefined, done: true };
      let batch: readonly T[] | undefined;
      try {
        batch = await nextBatch();
      } catch (error) {
        finished = true;
        onReturn?.();
        throw error;
      }
      if (batch === undefined) {
        finished = true;
        return { value: undefined, done: true };
      }
      if (batch.length > 0) {
        buffer = batch;
        index = 0;
        return { value: take(), done: false };
      }
    }
  };

  // The last item of a batch lets go of the batch: a stream waiting for its next network read
  // must not hold the chunks it already handed out (with a hundred streams waiting at once,
  // those outlived the young heap and the collector copied them, then promoted them).
  const take = (): T => {
    const item = buffer[index++]!;
    if (index === buffer.length) {
      buffer = EMPTY;
      index = 0;
    }
    return item;
  };

  return {
    next() {
      return index < buffer.length ? Promise.resolve({ value: take(), done: false }) : pull();
    },
    nextBuffered() {
      return index < buffer.length ? { value: take(), done: false } : undefined;
    },
    return() {
      if (!finished) {
        finished = true;
        onReturn?.();
      }
      return Promise.resolve({ value: undefined, done: true });
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}
