import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MAX_RETRY_AFTER_MS, computeRetryDelay, parseRetryAfter, sleep } from '../../src/util/retry-timing.js';

describe('parseRetryAfter', () => {
  it('reads seconds, fractional seconds, ms and HTTP dates', () => {
    assert.equal(parseRetryAfter({ 'retry-after': '3' }), 3000);
    assert.equal(parseRetryAfter({ 'retry-after': '0.5' }), 500);
    assert.equal(parseRetryAfter({ 'retry-after-ms': '250' }), 250);
    const now = Date.parse('Wed, 25 Nov 2026 12:00:00 GMT');
    assert.equal(parseRetryAfter({ 'retry-after': 'Wed, 25 Nov 2026 12:00:07 GMT' }, now), 7000);
    assert.equal(parseRetryAfter({ 'retry-after': 'Wed, 25 Nov 2026 11:00:00 GMT' }, now), 0);
  });
  it('ignores absent, negative and garbage values', () => {
    assert.equal(parseRetryAfter({}), undefined);
    assert.equal(parseRetryAfter({ 'retry-after': 'soon' }), undefined);
    assert.equal(parseRetryAfter({ 'retry-after': '-4' }), undefined);
    assert.equal(parseRetryAfter({ 'retry-after-ms': 'x', 'retry-after': '2' }), 2000);
  });
});

describe('computeRetryDelay', () => {
  it('honours a server hint within bounds', () => {
    assert.equal(computeRetryDelay(0, 1234), 1234);
    assert.equal(computeRetryDelay(3, 0), 0);
  });
  it('falls back to exponential backoff with jitter, capped', () => {
    assert.equal(
      computeRetryDelay(0, undefined, () => 0),
      500,
    );
    assert.equal(
      computeRetryDelay(1, undefined, () => 0),
      1000,
    );
    assert.equal(
      computeRetryDelay(2, undefined, () => 1),
      2000 * 0.75,
    );
    assert.equal(
      computeRetryDelay(10, undefined, () => 0),
      8000,
    );
    assert.equal(
      computeRetryDelay(0, MAX_RETRY_AFTER_MS + 1, () => 0),
      500,
      'an absurd hint is not honoured',
    );
  });
});

describe('sleep', () => {
  it('rejects with the abort reason', async () => {
    const controller = new AbortController();
    const pending = sleep(10_000, controller.signal);
    controller.abort(new Error('stop'));
    await assert.rejects(pending, /stop/);
  });
});
