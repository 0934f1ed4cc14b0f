import type { ChatCompletionChunk } from '../base/types.js';

/** An iterator that hands out `first`, then the rest of `iterator`. */
export function withFirst(first: IteratorResult<ChatCompletionChunk>, iterator: AsyncIterator<ChatCompletionChunk>): AsyncIterable<ChatCompletionChunk> {
  let pending: IteratorResult<ChatCompletionChunk> | undefined = first;
  const it: AsyncIterableIterator<ChatCompletionChunk> = {
    next() {
      if (pending !== undefined) {
        const result = pending;
        pending = undefined;
        return Promise.resolve(result);
      }
      return iterator.next();
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
