import assert from 'node:assert/strict';
import { getEventListeners } from 'node:events';
import { describe, it } from 'node:test';
import { abortOwned, ownedController, stopWaitingForAbort, waitForAbort } from '../../src/util/abort-hook.js';

/** A waiter that counts how often it is told. */
const waiter = (): { handleEvent(): void; told: number } => ({
  told: 0,
  handleEvent() {
    this.told++;
  },
});

describe('abort slots', () => {
  it('a signal llmux owns takes its first waiter in its slot, with no listener, and tells it once', () => {
    const controller = ownedController();
    const w = waiter();
    waitForAbort(controller.signal, w);
    assert.equal(getEventListeners(controller.signal, 'abort').length, 0);
    abortOwned(controller, new Error('stop'));
    abortOwned(controller, new Error('again'));
    assert.equal(w.told, 1);
    assert.equal(controller.signal.aborted, true);
    assert.equal((controller.signal.reason as Error).message, 'stop');
  });

  it('a second waiter on the same signal listens as usual and is told too; freeing the slot gives it to the next', () => {
    const controller = ownedController();
    const first = waiter();
    const second = waiter();
    waitForAbort(controller.signal, first);
    waitForAbort(controller.signal, second);
    assert.equal(getEventListeners(controller.signal, 'abort').length, 1);
    stopWaitingForAbort(controller.signal, first);
    const third = waiter();
    waitForAbort(controller.signal, third);
    assert.equal(getEventListeners(controller.signal, 'abort').length, 1, 'the freed slot took the third');
    abortOwned(controller);
    assert.deepEqual([first.told, second.told, third.told], [0, 1, 1]);
  });

  it('a waiter that stopped waiting is not told', () => {
    const controller = ownedController();
    const w = waiter();
    waitForAbort(controller.signal, w);
    stopWaitingForAbort(controller.signal, w);
    abortOwned(controller);
    assert.equal(w.told, 0);
  });

  it("any other signal (a caller's) is listened to, and the listener removed when done", () => {
    const controller = new AbortController();
    const kept = waiter();
    const gone = waiter();
    waitForAbort(controller.signal, kept);
    waitForAbort(controller.signal, gone);
    stopWaitingForAbort(controller.signal, gone);
    assert.equal(getEventListeners(controller.signal, 'abort').length, 1);
    controller.abort();
    assert.deepEqual([kept.told, gone.told], [1, 0]);
  });
});
