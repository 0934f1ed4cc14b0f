import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CostLedger, type LedgerEntry } from '../../src/router/cost-ledger.js';

function entry(callId: string, attempt: number, total?: number): LedgerEntry {
  return {
    callId,
    attempt,
    group: 'g',
    deployment: 'd',
    model: 'm',
    stream: false,
    outcome: 'success',
    ...(total === undefined ? {} : { cost: { total, input: total, output: 0, currency: 'USD', source: 'table' } as never }),
    startedAt: 0,
    latencyMs: 1,
  };
}

describe('CostLedger', () => {
  it("keeps entries oldest first, and a call's in attempt order", () => {
    const ledger = new CostLedger(10);
    ledger.record(entry('a', 0, 1));
    ledger.record(entry('b', 0, 2));
    ledger.record(entry('a', 1, 4));
    assert.deepEqual(
      ledger.entries().map((e) => `${e.callId}${e.attempt}`),
      ['a0', 'b0', 'a1'],
    );
    assert.deepEqual(
      ledger.forCall('a').map((e) => e.attempt),
      [0, 1],
    );
    assert.equal(ledger.totalCost('a'), 5);
    assert.equal(ledger.totalCost(), 7);
    assert.deepEqual(ledger.forCall('nobody'), []);
    assert.equal(ledger.totalCost('nobody'), 0);
  });

  it('drops the oldest entries past its size, from the listing, the call index and the totals', () => {
    const ledger = new CostLedger(3);
    ledger.record(entry('a', 0, 1));
    ledger.record(entry('a', 1, 2));
    ledger.record(entry('b', 0, 4));
    ledger.record(entry('c', 0, 8));
    assert.deepEqual(
      ledger.entries().map((e) => `${e.callId}${e.attempt}`),
      ['a1', 'b0', 'c0'],
    );
    assert.deepEqual(
      ledger.forCall('a').map((e) => e.attempt),
      [1],
    );
    assert.equal(ledger.totalCost('a'), 2);
    assert.equal(ledger.totalCost(), 14);
    ledger.record(entry('d', 0, 16));
    assert.deepEqual(ledger.forCall('a'), []);
    assert.deepEqual(
      ledger.entries().map((e) => e.callId),
      ['b', 'c', 'd'],
    );
  });

  it('wraps around many times and stays consistent with a plain list', () => {
    const ledger = new CostLedger(7);
    const all: LedgerEntry[] = [];
    for (let i = 0; i < 100; i++) {
      const e = entry(`call-${i % 5}`, i, i % 3 === 0 ? undefined : i);
      ledger.record(e);
      all.push(e);
    }
    const kept = all.slice(-7);
    assert.deepEqual(ledger.entries(), kept);
    for (let c = 0; c < 5; c++) {
      const id = `call-${c}`;
      assert.deepEqual(
        ledger.forCall(id),
        kept.filter((e) => e.callId === id),
      );
      assert.equal(
        ledger.totalCost(id),
        kept.filter((e) => e.callId === id).reduce((t, e) => t + (e.cost?.total ?? 0), 0),
      );
    }
  });

  it('clear() empties everything; a bad size is refused', () => {
    const ledger = new CostLedger(2);
    ledger.record(entry('a', 0, 1));
    ledger.clear();
    assert.deepEqual(ledger.entries(), []);
    assert.equal(ledger.totalCost(), 0);
    ledger.record(entry('b', 0, 3));
    assert.deepEqual(
      ledger.entries().map((e) => e.callId),
      ['b'],
    );
    // Cleared after wrapping around, then filled past its size again.
    for (const id of ['c', 'd', 'e']) ledger.record(entry(id, 0, 1));
    ledger.clear();
    for (const id of ['f', 'g', 'h']) ledger.record(entry(id, 0, 1));
    assert.deepEqual(
      ledger.entries().map((e) => e.callId),
      ['g', 'h'],
    );
    assert.deepEqual(ledger.forCall('f'), []);
    assert.equal(ledger.totalCost(), 2);
    assert.throws(() => new CostLedger(0), /ledgerSize must be a positive integer; got 0/);
  });
});
