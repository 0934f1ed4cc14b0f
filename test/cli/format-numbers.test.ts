import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatPerMillion, formatUsd, groupDigits } from '../../src/cli/format-numbers.js';

describe('groupDigits', () => {
  it('groups thousands with commas in every locale', () => {
    assert.equal(groupDigits(0), '0');
    assert.equal(groupDigits(999), '999');
    assert.equal(groupDigits(4096), '4,096');
    assert.equal(groupDigits(200000), '200,000');
    assert.equal(groupDigits(1048576), '1,048,576');
  });
});

describe('formatUsd', () => {
  it('shows micro-dollars, without float noise or negative zero', () => {
    assert.equal(formatUsd(0.0045000000000000005), '$0.004500');
    assert.equal(formatUsd(15), '$15.000000');
    assert.equal(formatUsd(0), '$0.000000');
    assert.equal(formatUsd(-1e-20), '$0.000000');
  });
});

describe('formatPerMillion', () => {
  it('turns a per-token price into dollars per million tokens with at least two decimals', () => {
    assert.equal(formatPerMillion(0.0000025), '$2.50');
    assert.equal(formatPerMillion(0.000003), '$3.00');
    assert.equal(formatPerMillion(0.000015), '$15.00');
    assert.equal(formatPerMillion(3e-7), '$0.30');
    assert.equal(formatPerMillion(0.00000125), '$1.25');
    assert.equal(formatPerMillion(0), '$0.00');
  });

  it('keeps the decimals a price has, up to four', () => {
    assert.equal(formatPerMillion(7.5e-8), '$0.075');
    assert.equal(formatPerMillion(3.75e-8), '$0.0375');
    assert.equal(formatPerMillion(0.000001875), '$1.875');
  });

  it('shows an unknown price as -, never as free', () => {
    assert.equal(formatPerMillion(undefined), '-');
    assert.equal(formatPerMillion(Number.NaN), '-');
  });
});
