import type { BatchSource } from '../../src/stream/iterate-batches.js';

/**
 * A batch source over an async function that returns one batch per read (an empty batch: read
 * again; undefined: no more), as a network body delivers reads.
 */
export function batchSourceOf<T>(next: () => Promise<readonly T[] | undefined>): BatchSource<T> {
  let arrived: readonly T[] | undefined = [];
  return {
    take() {
      const batch = arrived;
      if (batch !== undefined) arrived = [];
      return batch;
    },
    async read() {
      arrived = await next();
    },
  };
}
