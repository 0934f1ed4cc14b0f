/**
 * The behaviour every RouterStateStore must have, as a reusable suite: the in-memory store and
 * the Redis store both run it. Durations are short (under a second) so a store that keeps time
 * itself (Redis expiries) can run it against the real clock.
 */
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, it } from 'node:test';
import type { RouterStateStore } from '../../src/router/state-store.js';

export interface StateStoreContractOptions {
  /**
   * Lets `ms` pass for whatever the store times itself (e.g. Redis key expiries). The clock
   * handed to `makeStore` has already moved by `ms` when this is called. Default: really wait.
   */
  advanceTime?: (ms: number) => Promise<void>;
}

/** Makes a fresh, empty store that reads time from `now`. */
export type MakeStateStore = (now: () => number) => RouterStateStore | Promise<RouterStateStore>;

const WINDOW_MS = 600;
const COOLDOWN_MS = 600;
const MINUTE_MS = 60_000;

export function stateStoreContract(name: string, makeStore: MakeStateStore, options: StateStoreContractOptions = {}): void {
  const advanceTime = options.advanceTime ?? ((ms: number) => sleep(ms));

  /** Runs `body` with a fresh store on a clock one second into a minute, then closes the store. */
  async function withStore(
    body: (store: RouterStateStore, clock: { pass(ms: number): Promise<void>; nextMinute(): void }) => Promise<void>,
  ): Promise<void> {
    let time = Math.floor(Date.now() / MINUTE_MS) * MINUTE_MS + 1_000;
    const store = await makeStore(() => time);
    const clock = {
      async pass(ms: number) {
        time += ms;
        await advanceTime(ms);
      },
      /** Moves to one second into the next minute without waiting: only minute counts see it. */
      nextMinute() {
        time = (Math.floor(time / MINUTE_MS) + 1) * MINUTE_MS + 1_000;
      },
    };
    try {
      await body(store, clock);
    } finally {
      await store.close?.();
    }
  }

  describe(`${name}: RouterStateStore contract`, () => {
    describe('failures', () => {
      it('counts failures within a window, then starts again at 1 after it', () =>
        withStore(async (store, clock) => {
          assert.equal(await store.recordFailure('a', WINDOW_MS), 1);
          assert.equal(await store.recordFailure('a', WINDOW_MS), 2);
          await clock.pass(50);
          assert.equal(await store.recordFailure('a', WINDOW_MS), 3);
          await clock.pass(WINDOW_MS + 100);
          assert.equal(await store.recordFailure('a', WINDOW_MS), 1);
        }));

      it('starts again at 1 after a cooldown', () =>
        withStore(async (store) => {
          await store.recordFailure('a', 60_000);
          assert.equal(await store.recordFailure('a', 60_000), 2);
          await store.startCooldown('a', COOLDOWN_MS);
          assert.equal(await store.recordFailure('a', 60_000), 1);
        }));
    });

    describe('cooldowns', () => {
      it('reports a deployment cooling down until its cooldown ends', () =>
        withStore(async (store, clock) => {
          assert.deepEqual(await store.coolingDown(['a', 'b']), new Set());
          await store.startCooldown('a', COOLDOWN_MS);
          assert.deepEqual(await store.coolingDown(['a', 'b']), new Set(['a']));
          await clock.pass(100);
          assert.deepEqual(await store.coolingDown(['a', 'b']), new Set(['a']));
          await clock.pass(COOLDOWN_MS);
          assert.deepEqual(await store.coolingDown(['a', 'b']), new Set());
        }));

      it('answers an empty list with an empty set', () =>
        withStore(async (store) => {
          assert.deepEqual(await store.coolingDown([]), new Set());
        }));

      it('lets a new cooldown replace a running one', () =>
        withStore(async (store, clock) => {
          await store.startCooldown('a', 60_000);
          await store.startCooldown('a', COOLDOWN_MS);
          await clock.pass(COOLDOWN_MS + 100);
          assert.deepEqual(await store.coolingDown(['a']), new Set());
        }));
    });

    describe('in-flight', () => {
      it('adds and subtracts, and reads a batch in order (0 for unknown deployments)', () =>
        withStore(async (store) => {
          assert.equal(await store.addInFlight('a', 1), 1);
          assert.equal(await store.addInFlight('a', 1), 2);
          assert.equal(await store.addInFlight('b', 3), 3);
          assert.equal(await store.addInFlight('a', -1), 1);
          assert.deepEqual(await store.inFlight(['b', 'a', 'c']), [3, 1, 0]);
          assert.deepEqual(await store.inFlight([]), []);
        }));

      it('never goes below 0', () =>
        withStore(async (store) => {
          assert.equal(await store.addInFlight('a', 1), 1);
          assert.equal(await store.addInFlight('a', -2), 0);
          assert.deepEqual(await store.inFlight(['a']), [0]);
          assert.equal(await store.addInFlight('a', 1), 1);
        }));
    });

    describe('requests per minute', () => {
      it('grants exactly rpm slots in a minute, refuses the next without counting it, and grants again the next minute', () =>
        withStore(async (store, clock) => {
          for (let i = 0; i < 3; i++) assert.equal(await store.tryAcquireRequest('a', 3), true, `slot ${i + 1}`);
          assert.equal(await store.tryAcquireRequest('a', 3), false);
          assert.equal(await store.tryAcquireRequest('a', 3), false);
          assert.deepEqual(await store.usage(['a']), [{ requests: 3, tokens: 0 }]);
          clock.nextMinute();
          assert.deepEqual(await store.usage(['a']), [{ requests: 0, tokens: 0 }]);
          assert.equal(await store.tryAcquireRequest('a', 3), true);
          assert.deepEqual(await store.usage(['a']), [{ requests: 1, tokens: 0 }]);
        }));

      it('counts requests without a limit in the same count as slots', () =>
        withStore(async (store) => {
          await store.countRequest('a');
          await store.countRequest('a');
          assert.equal(await store.tryAcquireRequest('a', 3), true);
          assert.equal(await store.tryAcquireRequest('a', 3), false);
          assert.deepEqual(await store.usage(['a']), [{ requests: 3, tokens: 0 }]);
        }));

      it('grants exactly rpm of 50 concurrent calls', () =>
        withStore(async (store) => {
          const granted = await Promise.all(Array.from({ length: 50 }, () => store.tryAcquireRequest('a', 10)));
          assert.equal(granted.filter(Boolean).length, 10);
          assert.deepEqual(await store.usage(['a']), [{ requests: 10, tokens: 0 }]);
        }));
    });

    describe('usage', () => {
      it('shows counted requests and tokens for the current minute only, in order', () =>
        withStore(async (store, clock) => {
          await store.countRequest('a');
          await store.addTokens('a', 120);
          await store.addTokens('a', 30);
          await store.addTokens('b', 7);
          assert.deepEqual(await store.usage(['b', 'a', 'c']), [
            { requests: 0, tokens: 7 },
            { requests: 1, tokens: 150 },
            { requests: 0, tokens: 0 },
          ]);
          assert.deepEqual(await store.usage([]), []);
          clock.nextMinute();
          assert.deepEqual(await store.usage(['a', 'b']), [
            { requests: 0, tokens: 0 },
            { requests: 0, tokens: 0 },
          ]);
        }));
    });

    it('keeps deployments independent', () =>
      withStore(async (store) => {
        assert.equal(await store.tryAcquireRequest('a', 1), true);
        assert.equal(await store.tryAcquireRequest('a', 1), false);
        assert.equal(await store.tryAcquireRequest('b', 1), true);
        await store.recordFailure('a', 60_000);
        await store.recordFailure('a', 60_000);
        assert.equal(await store.recordFailure('b', 60_000), 1);
        await store.startCooldown('a', 60_000);
        assert.deepEqual(await store.coolingDown(['a', 'b']), new Set(['a']));
        await store.addInFlight('a', 2);
        assert.deepEqual(await store.inFlight(['a', 'b']), [2, 0]);
        await store.addTokens('b', 5);
        assert.deepEqual(await store.usage(['a', 'b']), [
          { requests: 1, tokens: 0 },
          { requests: 1, tokens: 5 },
        ]);
      }));
  });
}
