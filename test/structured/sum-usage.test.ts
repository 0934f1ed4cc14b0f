import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Cost } from '../../src/index.js';
import { EMPTY_USAGE, addCost, addUsage } from '../../src/structured/sum-usage.js';

describe('addUsage', () => {
  it('adds every count, nested details included', () => {
    const a = addUsage(EMPTY_USAGE, {
      prompt_tokens: 10,
      completion_tokens: 5,
      total_tokens: 15,
      prompt_tokens_details: { cached_tokens: 4 },
    });
    const b = addUsage(a, {
      prompt_tokens: 1,
      completion_tokens: 2,
      total_tokens: 3,
      completion_tokens_details: { reasoning_tokens: 2 },
      cost: 0.5,
    });
    assert.deepEqual(b, {
      prompt_tokens: 11,
      completion_tokens: 7,
      total_tokens: 18,
      prompt_tokens_details: { cached_tokens: 4 },
      completion_tokens_details: { reasoning_tokens: 2 },
      cost: 0.5,
    });
    assert.deepEqual(addUsage(b, undefined), b);
    assert.deepEqual(EMPTY_USAGE, { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 }, 'the start value is not mutated');
  });
});

describe('addCost', () => {
  const breakdown = { input: 1, cachedInput: 0, cacheWrite: 0, output: 2, reasoning: 0 };
  const table: Cost = { total: 3, currency: 'USD', source: 'table', breakdown, model: 'openai/gpt-4o' };
  const provider: Cost = { total: 0.5, currency: 'USD', source: 'provider' };
  it('sums totals and breakdowns', () => {
    assert.deepEqual(addCost(table, table), {
      total: 6,
      currency: 'USD',
      source: 'table',
      breakdown: { input: 2, cachedInput: 0, cacheWrite: 0, output: 4, reasoning: 0 },
      model: 'openai/gpt-4o',
    });
  });
  it('sums the cache writes by lifetime and the web searches when either part has them', () => {
    const withExtras: Cost = {
      total: 1.75,
      currency: 'USD',
      source: 'table',
      breakdown: {
        input: 0,
        cachedInput: 0,
        cacheWrite: 0.75,
        cacheWriteByTtl: { '5m': 0.25, '1h': 0.5 },
        output: 0,
        reasoning: 0,
        webSearch: 1,
      },
    };
    assert.deepEqual(addCost(table, withExtras)?.breakdown, {
      input: 1,
      cachedInput: 0,
      cacheWrite: 0.75,
      cacheWriteByTtl: { '5m': 0.25, '1h': 0.5 },
      output: 2,
      reasoning: 0,
      webSearch: 1,
    });
  });
  it('keeps "provider" only when every part came from the provider, and drops a breakdown one part lacks', () => {
    assert.equal(addCost(provider, provider)?.source, 'provider');
    const mixed = addCost(table, provider);
    assert.equal(mixed?.source, 'table');
    assert.equal(mixed?.total, 3.5);
    assert.equal(mixed?.breakdown, undefined);
  });
  it('is undefined only while nothing was priced', () => {
    assert.equal(addCost(undefined, undefined), undefined);
    assert.deepEqual(addCost(undefined, table), table);
    assert.notEqual(addCost(undefined, table)?.breakdown, table.breakdown, "a copy, not the response's own object");
    assert.deepEqual(addCost(table, undefined), table);
  });
});
