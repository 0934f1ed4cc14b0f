import { test } from 'node:test';
import assert from 'node:assert/strict';
import { settleWithin } from '../../src/util/settle-within.js';

const timedOut = (): Error => new Error('too slow');
const failed = (error: unknown): Error => new Error(`failed: ${(error as Error).message}`);

test('settles as the work does, within the time', async () => {
  assert.equal(await settleWithin(Promise.resolve(7), 1_000, timedOut, failed), 7);
  await assert.rejects(settleWithin(Promise.reject(new Error('boom')), 1_000, timedOut, failed), /failed: boom/);
});

test('rejects with the time-out error when the work is late, and handles its later rejection', async () => {
  let rejectLate!: (error: Error) => void;
  const late = new Promise<number>((_, reject) => (rejectLate = reject));
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown): number => unhandled.push(reason);
  process.on('unhandledRejection', onUnhandled);
  try {
    await assert.rejects(settleWithin(late, 5, timedOut, failed), /too slow/);
    rejectLate(new Error('after the limit'));
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(unhandled, []);
  } finally {
    process.off('unhandledRejection', onUnhandled);
  }
});
