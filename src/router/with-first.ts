import type { ChatCompletionChunk } from '../base/types.js';
import type { BatchIterator } from '../stream/iterate-batches.js';

/**
 * An iterator that hands out `first`, then the rest of `iterator`; chunks `iterator` already
 * holds are handed out without an async hop when it can (see `BatchIterator`).
 */
export function withFirst(
  first: IteratorResult<ChatCompletionChunk>,
  iterator: AsyncIterator<ChatCompletionChunk>,
): AsyncIterable<ChatCompletionChunk> {
  let pending: IteratorResult<ChatCompletionChunk> | undefined = first;
  const buffered = (iterator as Partial<BatchIterator<ChatCompletionChunk>>).nextBuffered;
  const it: BatchIterator<ChatCompletionChunk> = {
    next() {
      if (pending !== undefined) {
        const result = pending;
        pending = undefined;
        return Promise.resolve(result);
      }
      return iterator.next();
    },
    nextBuffered() {
      if (pending !== undefined) return undefined;
      return buffered?.call(iterator);
    },
    return() {
      pending = undefined;
      return iterator.return?.() ?? Promise.resolve({ value: undefined, done: true });
    },
    [Symbol.asyncIterator]() {
      return it;
    },
  };
  return it;
}
