import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { iterateBatches } from '../../src/stream/iterate-batches.js';

describe('iterateBatches', () => {
  it('hands out every item of every batch in order, skipping empty batches', async () => {
    const batches = [[1, 2], [], [3], [4, 5, 6]];
    const seen: number[] = [];
    for await (const n of iterateBatches(async () => batches.shift())) seen.push(n);
    assert.deepEqual(seen, [1, 2, 3, 4, 5, 6]);
  });

  it('releases the source when the consumer stops early, once', async () => {
    let released = 0;
    const it = iterateBatches(
      async () => [1, 2, 3],
      () => released++,
    );
    for await (const n of it) if (n === 2) break;
    await it.return?.();
    assert.equal(released, 1);
  });

  it('releases the source when a batch fails, and then stays finished', async () => {
    let released = 0;
    let calls = 0;
    const it = iterateBatches(
      async () => {
        if (++calls === 2) throw new Error('bad batch');
        return [calls];
      },
      () => released++,
    );
    assert.deepEqual(await it.next(), { value: 1, done: false });
    await assert.rejects(it.next(), /bad batch/);
    assert.equal(released, 1);
    assert.deepEqual(await it.next(), { value: undefined, done: true });
  });
});
