import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createMemoryStateStore } from '../../src/router/memory-state-store.js';
import { stateStoreContract } from './state-store-contract.js';

// The contract's clock is the store's only clock here, so no real time needs to pass.
stateStoreContract('memory state store', (now) => createMemoryStateStore({ now }), { advanceTime: async () => {} });

describe('memory state store', () => {
  it('uses Date.now when no clock is given', async () => {
    const store = createMemoryStateStore();
    await store.startCooldown('a', 60_000);
    assert.deepEqual(await store.coolingDown(['a']), new Set(['a']));
    assert.equal(store.close, undefined);
  });

  it('still answers correctly after hours of fake time (expired entries swept)', async () => {
    let time = 0;
    const store = createMemoryStateStore({ now: () => time });
    for (let i = 0; i < 100; i++) {
      await store.startCooldown(`d${i}`, 1_000);
      await store.recordFailure(`e${i}`, 1_000);
      await store.addTokens(`f${i}`, 1);
    }
    time += 3 * 60 * 60_000;
    assert.deepEqual(await store.coolingDown(['d0', 'd99']), new Set());
    assert.equal(await store.recordFailure('e0', 1_000), 1);
    assert.deepEqual(await store.usage(['f0']), [{ requests: 0, tokens: 0 }]);
  });
});
