import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type Candidate, headroom, orderCandidates } from '../../src/router/pick-deployment.js';
import { seededRandom as seeded } from '../helpers/seeded-random.js';

const candidate = (id: string, extra: Partial<Candidate> = {}): Candidate => ({
  id,
  weight: 1,
  priority: 0,
  rpm: undefined,
  tpm: undefined,
  inFlight: 0,
  usage: { requests: 0, tokens: 0 },
  latencyMs: undefined,
  price: undefined,
  ...extra,
});
const ids = (list: Candidate[]): string[] => list.map((c) => c.id);

describe('orderCandidates', () => {
  it('simple-shuffle follows the weights', () => {
    const random = seeded(7);
    const firsts: Record<string, number> = { heavy: 0, light: 0 };
    for (let i = 0; i < 4000; i++)
      firsts[orderCandidates([candidate('heavy', { weight: 3 }), candidate('light', { weight: 1 })], 'simple-shuffle', random)[0]!.id]!++;
    const share = firsts['heavy']! / 4000;
    assert.ok(share > 0.72 && share < 0.78, `heavy first ${share}`);
  });

  it('least-busy puts the fewest in-flight requests first', () => {
    assert.deepEqual(
      ids(
        orderCandidates(
          [candidate('a', { inFlight: 5 }), candidate('b', { inFlight: 1 }), candidate('c', { inFlight: 3 })],
          'least-busy',
          seeded(1),
        ),
      ),
      ['b', 'c', 'a'],
    );
  });

  it('latency-based tries an unmeasured deployment first, then the fastest', () => {
    assert.deepEqual(
      ids(
        orderCandidates(
          [candidate('slow', { latencyMs: 900 }), candidate('fast', { latencyMs: 100 }), candidate('new')],
          'latency-based',
          seeded(1),
        ),
      ),
      ['new', 'fast', 'slow'],
    );
  });

  it('usage-based puts the most headroom first (rpm and tpm)', () => {
    const busy = candidate('busy', { rpm: 100, usage: { requests: 90, tokens: 0 } });
    const tokens = candidate('tokens', { tpm: 1000, usage: { requests: 0, tokens: 500 } });
    const free = candidate('free', { rpm: 100, usage: { requests: 10, tokens: 0 } });
    assert.equal(headroom(busy), 0.09999999999999998);
    assert.deepEqual(ids(orderCandidates([busy, tokens, free], 'usage-based', seeded(1))), ['free', 'tokens', 'busy']);
  });

  it('cost-based puts the cheapest first and unpriced last', () => {
    assert.deepEqual(
      ids(
        orderCandidates(
          [candidate('dear', { price: 0.02 }), candidate('unknown'), candidate('cheap', { price: 0.001 })],
          'cost-based',
          seeded(1),
        ),
      ),
      ['cheap', 'dear', 'unknown'],
    );
  });

  it('a lower priority value always comes first, whatever the strategy', () => {
    for (const strategy of ['simple-shuffle', 'least-busy', 'latency-based', 'usage-based', 'cost-based'] as const) {
      const order = ids(
        orderCandidates(
          [candidate('backup', { priority: 1, inFlight: 0, price: 0 }), candidate('main', { priority: 0, inFlight: 9, price: 1 })],
          strategy,
          seeded(3),
        ),
      );
      assert.deepEqual(order, ['main', 'backup'], strategy);
    }
  });
});
