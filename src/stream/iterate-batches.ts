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
  return new Batches(source, onReturn);
}

/** `iterateBatches`' iterator: a class, not closures per stream (see `sse-parser.ts`). */
class Batches<T> implements BatchIterator<T> {
  readonly #source: BatchSource<T>;
  readonly #onReturn: (() => void) | undefined;
  #buffer: readonly T[] = EMPTY;
  #index = 0;
  #finished = false;

  constructor(source: BatchSource<T>, onReturn: (() => void) | undefined) {
    this.#source = source;
    this.#onReturn = onReturn;
  }

  next(): Promise<IteratorResult<T, undefined>> {
    return this.#index < this.#buffer.length ? Promise.resolve({ value: this.#take(), done: false }) : this.#pull();
  }

  nextBuffered(): IteratorYieldResult<T> | undefined {
    return this.#index < this.#buffer.length ? { value: this.#take(), done: false } : undefined;
  }

  return(): Promise<IteratorResult<T, undefined>> {
    if (!this.#finished) {
      this.#finished = true;
      this.#onReturn?.();
    }
    return Promise.resolve({ value: undefined, done: true });
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  #pull(): Promise<IteratorResult<T, undefined>> {
    try {
      const result = this.#step();
      return result instanceof Promise ? result : Promise.resolve(result);
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /**
   * The next item, or the end; when nothing has arrived, a promise of it after the next read.
   * The wait goes on in a callback, not in a suspended async frame: a stream waiting for the
   * network (a thousand of them in a burst) holds less. A failure of the source ends the
   * stream and releases it before it is thrown.
   */
  #step(): IteratorResult<T, undefined> | Promise<IteratorResult<T, undefined>> {
    if (this.#finished) return { value: undefined, done: true };
    let batch: readonly T[] | undefined;
    try {
      batch = this.#source.take();
      if (batch !== undefined && batch.length === 0)
        return this.#source.read().then(
          () => this.#step(),
          (error: unknown) => this.#fail(error),
        );
    } catch (error) {
      return this.#fail(error);
    }
    if (batch === undefined) {
      this.#finished = true;
      return { value: undefined, done: true };
    }
    this.#buffer = batch;
    this.#index = 0;
    return { value: this.#take(), done: false };
  }

  #fail(error: unknown): never {
    this.#finished = true;
    this.#onReturn?.();
    throw error;
  }

  // The last item of a batch lets go of the batch: a stream waiting for its next network read
  // does not hold the chunks it already handed out.
  #take(): T {
    const item = this.#buffer[this.#index++]!;
    if (this.#index === this.#buffer.length) {
      this.#buffer = EMPTY;
      this.#index = 0;
    }
    return item;
  }
}
