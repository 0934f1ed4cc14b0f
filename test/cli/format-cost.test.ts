import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { crossedTier, formatCost } from '../../src/cli/format-cost.js';

const none = { input: 0, cachedInput: 0, cacheWrite: 0, output: 0, reasoning: 0 };

describe('formatCost', () => {
  it('prints the total, then input and output with the rate charged', () => {
    const text = formatCost(
      'openai/gpt-4o',
      0.0045000000000000005,
      { ...none, input: 0.0025, output: 0.002 },
      { ...none, input: 1000, output: 200 },
    );
    assert.equal(
      text,
      [
        'openai/gpt-4o: $0.004500',
        '  input   1,000 tokens at $2.50/M   $0.002500',
        '  output    200 tokens at $10.00/M  $0.002000',
        '',
      ].join('\n'),
    );
  });

  it('adds cache and reasoning lines only when they have tokens', () => {
    const text = formatCost(
      'anthropic/claude-sonnet-4-5',
      0.0105,
      { input: 0.0018, cachedInput: 0.00009, cacheWrite: 0.000375, output: 0.00675, reasoning: 0.0015 },
      { input: 600, cachedInput: 300, cacheWrite: 100, output: 450, reasoning: 100 },
    );
    assert.equal(
      text,
      [
        'anthropic/claude-sonnet-4-5: $0.010500',
        '  input        600 tokens at $3.00/M   $0.001800',
        '  cache read   300 tokens at $0.30/M   $0.000090',
        '  cache write  100 tokens at $3.75/M   $0.000375',
        '  output       450 tokens at $15.00/M  $0.006750',
        '  reasoning    100 tokens at $15.00/M  $0.001500',
        '',
      ].join('\n'),
    );
  });

  it('leaves the rate out of a line with no tokens, and says one token', () => {
    const text = formatCost('m/x', 0.000001, { ...none, input: 0.000001 }, { ...none, input: 1 });
    assert.equal(
      text,
      ['m/x: $0.000001', '  input    1 token at $1.00/M  $0.000001', '  output  0 tokens             $0.000000', ''].join('\n'),
    );
  });

  it('says when a long-context tier priced the call', () => {
    assert.match(formatCost('m/x', 1, none, none, 200000), /Long-context prices: the prompt is over 200,000 tokens/);
  });
});

describe('crossedTier', () => {
  const tiers = [{ aboveTokens: 128000 }, { aboveTokens: 200000 }];
  it('is the highest threshold the prompt is over', () => {
    assert.equal(crossedTier(tiers, 128000), undefined);
    assert.equal(crossedTier(tiers, 128001), 128000);
    assert.equal(crossedTier(tiers, 250000), 200000);
    assert.equal(crossedTier(undefined, 1e9), undefined);
  });
});
