import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { iterateBatches } from '../../src/stream/iterate-batches.js';
import { batchSourceOf } from '../helpers/batch-source.js';

describe('iterateBatches', () => {
  it('hands out every item of every batch in order, skipping empty batches', async () => {
    const batches = [[1, 2], [], [3], [4, 5, 6]];
    const seen: number[] = [];
    for await (const n of iterateBatches(batchSourceOf(async () => batches.shift()))) seen.push(n);
    assert.deepEqual(seen, [1, 2, 3, 4, 5, 6]);
  });

  it('releases the source when the consumer stops early, once', async () => {
    let released = 0;
    const it = iterateBatches(
      batchSourceOf(async () => [1, 2, 3]),
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
      batchSourceOf(async () => {
        if (++calls === 2) throw new Error('bad batch');
        return [calls];
      }),
      () => released++,
    );
    assert.deepEqual(await it.next(), { value: 1, done: false });
    await assert.rejects(it.next(), /bad batch/);
    assert.equal(released, 1);
    assert.deepEqual(await it.next(), { value: undefined, done: true });
  });

  it('takes what has arrived before waiting, and waits only when nothing has', async () => {
    const log: string[] = [];
    let arrived: number[] | undefined = [1, 2];
    const it = iterateBatches({
      take() {
        log.push('take');
        const batch = arrived;
        if (batch !== undefined) arrived = [];
        return batch;
      },
      async read() {
        log.push('read');
        arrived = log.filter((entry) => entry === 'read').length === 1 ? [3] : undefined;
      },
    });
    const seen: number[] = [];
    for await (const n of it) seen.push(n);
    assert.deepEqual(seen, [1, 2, 3]);
    // The first take needed no read; each empty take was followed by one read.
    assert.deepEqual(log, ['take', 'take', 'read', 'take', 'take', 'read', 'take']);
  });

  it('a failing take releases the source and ends the iteration', async () => {
    let released = 0;
    const it = iterateBatches(
      {
        take: () => {
          throw new Error('bad event');
        },
        read: async () => undefined,
      },
      () => released++,
    );
    await assert.rejects(it.next(), /bad event/);
    assert.equal(released, 1);
    assert.deepEqual(await it.next(), { value: undefined, done: true });
  });
});
