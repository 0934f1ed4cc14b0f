/**
 * What the Router does once per deployment or per process instead of once per call, and its
 * synchronous path through its own in-memory state: the guarantees that must survive it.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type MockServer, startMockServer } from '../../src/mock-server/index.js';
import { asyncStateStore, createMemoryState } from '../../src/router/memory-state-store.js';
import { type Candidate, orderCandidates } from '../../src/router/pick-deployment.js';
import { Router, type RouterOptions } from '../../src/router/index.js';
import { seededRandom } from '../helpers/seeded-random.js';
import { stateStoreContract } from './state-store-contract.js';

const messages = [{ role: 'user' as const, content: 'Route me somewhere' }];

// The synchronous state behind the asynchronous interface keeps every rule of a store.
stateStoreContract('memory state behind asyncStateStore', (now) => asyncStateStore(createMemoryState({ now })), {
  advanceTime: async () => {},
});

describe('createMemoryState', () => {
  it('answers at once, not with promises, and is the same state as its asynchronous view', async () => {
    const state = createMemoryState();
    const store = asyncStateStore(state);
    assert.equal(state.addInFlight('a', 1), 1);
    assert.deepEqual(state.inFlight(['a', 'b']), [1, 0]);
    assert.equal(await store.addInFlight('a', 1), 2);
    await store.startCooldown('b', 60_000);
    const cooling = state.coolingDown(['a', 'b']);
    assert.ok(cooling instanceof Set);
    assert.deepEqual(cooling, new Set(['b']));
    assert.equal(state.tryAcquireRequest('c', 1), true);
    assert.equal(state.tryAcquireRequest('c', 1), false);
    assert.deepEqual(await store.usage(['c']), [{ requests: 1, tokens: 0 }]);
  });
});

describe('orderCandidates with one candidate', () => {
  it('draws exactly one random number for every strategy, as a longer list draws one per candidate', () => {
    const only: Candidate = {
      id: 'a',
      weight: 1,
      priority: 0,
      rpm: undefined,
      tpm: undefined,
      inFlight: 0,
      usage: { requests: 0, tokens: 0 },
      latencyMs: undefined,
      price: undefined,
    };
    for (const strategy of ['simple-shuffle', 'least-busy', 'latency-based', 'usage-based', 'cost-based'] as const) {
      let draws = 0;
      const out = orderCandidates([only], strategy, () => {
        draws++;
        return 0.5;
      });
      assert.deepEqual(out, [only]);
      assert.equal(draws, 1, strategy);
    }
  });
});

describe('Router per-call work', () => {
  let server: MockServer;
  const routers: Router[] = [];
  const router = (options: RouterOptions): Router => {
    const r = new Router({ random: seededRandom(7), client: { env: {} }, ...options });
    routers.push(r);
    return r;
  };

  before(async () => {
    server = await startMockServer();
  });
  after(async () => {
    await Promise.all(routers.splice(0).map((r) => r.close()));
    await server.close();
  });

  it('picks the deployment and sends the attempt within the call itself, with no store round trip first', async () => {
    const requests: string[] = [];
    const r = router({
      deployments: [{ group: 'smart', model: 'openai/gpt-4o', baseURL: server.openaiBaseURL, apiKey: 'k', id: 'only' }],
      callbacks: { onRequest: (e) => void requests.push(e.deployment ?? '') },
    });
    const pending = r.complete({ model: 'smart', messages });
    // The router's own memory answers at once: the attempt is announced before complete() returns.
    assert.deepEqual(requests, ['only']);
    const response = await pending;
    assert.equal(response.routing?.servedBy.deployment, 'only');
  });

  it('gives every call its own id, the same in routing, the ledger and every event of the call', async () => {
    const seen: string[] = [];
    const r = router({
      deployments: [{ group: 'smart', model: 'openai/gpt-4o', baseURL: server.openaiBaseURL, apiKey: 'k' }],
      callbacks: { onRequest: (e) => void seen.push(e.callId), onResponse: (e) => void seen.push(e.callId) },
    });
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const response = await r.complete({ model: 'smart', messages });
      const id = response.routing!.callId;
      assert.match(id, /^call-[0-9a-f]{16}-[0-9a-z]+$/);
      assert.deepEqual(
        r.ledger.forCall(id).map((e) => e.callId),
        [id],
      );
      ids.push(id);
    }
    const streamed = r.stream({ model: 'smart', messages });
    for await (const chunk of streamed) void chunk;
    ids.push((await streamed.finalResponse()).routing!.callId);
    assert.equal(new Set(ids).size, ids.length);
    // Each call's id comes twice (request, response), in order.
    assert.deepEqual(
      seen,
      ids.flatMap((id) => [id, id]),
    );
  });

  it('keeps deployments with other keys apart, by a fingerprint computed once per deployment that never shows the key', async () => {
    const r = router({
      deployments: [
        { group: 'smart', model: 'openai/gpt-4o', baseURL: server.openaiBaseURL, apiKey: 'sk-first-key-aaaaaaaa', priority: 0 },
        { group: 'other', model: 'openai/gpt-4o', baseURL: server.openaiBaseURL, apiKey: 'sk-second-key-bbbbbbb' },
        { group: 'other', model: 'openai/gpt-4o', baseURL: server.openaiBaseURL, apiKey: 'sk-first-key-aaaaaaaa' },
      ],
    });
    const served = new Set<string>();
    for (let i = 0; i < 20; i++) served.add((await r.complete({ model: 'other', messages })).routing!.servedBy.deployment);
    const first = (await r.complete({ model: 'smart', messages })).routing!.servedBy.deployment;
    // Asked again, the ids are the ones the router computed at construction, unchanged.
    assert.equal((await r.complete({ model: 'smart', messages })).routing!.servedBy.deployment, first);
    const fingerprint = (id: string): string => /~key:([0-9a-f]{12})$/.exec(id)?.[1] ?? '';
    const [x, y] = [...served];
    assert.ok(x !== undefined && y !== undefined, `both deployments of "other" served: ${[...served].join(', ')}`);
    assert.notEqual(fingerprint(x), fingerprint(y));
    // The same key gives the same fingerprint, whatever the group.
    assert.ok([fingerprint(x), fingerprint(y)].includes(fingerprint(first)));
    for (const id of [...served, first]) assert.doesNotMatch(id, /sk-|aaaa|bbbb/);
  });
});
