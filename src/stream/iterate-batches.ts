/**
 * A per-item async iterator over batches. Streamed responses arrive as network reads holding
 * many events; handing them out from a buffer costs one resolved promise per item, where an
 * async generator would cost a suspended frame and several promise hops per item.
 */

/** An iterator over batches that can also hand out an already buffered item without a promise. */
export interface BatchIterator<T> extends AsyncIterableIterator<T> {
  /** The next item if one is buffered, else undefined (then call `next()`). */
  nextBuffered(): IteratorYieldResult<T> | undefined;
}

/** Where the batches come from: a synchronous take of what has arrived, and a wait for more. */
export interface BatchSource<T> {
  /**
   * The items that have arrived since the last take; an empty batch when there are none yet
   * (then `read()` is awaited), undefined once there will be no more. May throw.
   */
  take(): readonly T[] | undefined;
  /** Waits for more to arrive (a network read); resolves with nothing. May reject. */
  read(): Promise<unknown>;
}

const EMPTY: readonly never[] = [];

/**
 * Iterates the items of `source`'s batches until `take()` returns undefined. `onReturn` runs
 * when the consumer stops early or the source throws, so the source (a response body) is
 * always released.
 *
 * Why a batch is taken synchronously rather than returned by the wait: a promise that waits for
 * the network lives long enough (a slow model, or many streams at once) to reach the old
 * generation, and an old promise resolved with a batch keeps it alive through every young
 * collection until the next full one, after it was handed out: each such batch was copied,
 * then promoted. The wait resolves with nothing; the batch goes straight to this iterator.
 */
export function iterateBatches<T>(source: BatchSource<T>, onReturn?: () => void): BatchIterator<T> {
  let buffer: readonly T[] = EMPTY;
  let index = 0;
  let finished = false;

  const pull = async (): Promise<IteratorResult<T, undefined>> => {
    for (;;) {
      if (finished) return { value: undefined, done: true };
      let batch: readonly T[] | undefined;
      try {
        batch = source.take();
        if (batch !== undefined && batch.length === 0) {
          await source.read();
          continue;
        }
      } catch (error) {
        finished = true;
        onReturn?.();
        throw error;
      }
      if (batch === undefined) {
        finished = true;
        return { value: undefined, done: true };
      }
      buffer = batch;
      index = 0;
      return { value: take(), done: false };
    }
  };
  // The last item of a batch lets go of the batch: a stream waiting for its next network read
  // does not hold the chunks it already handed out.
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
