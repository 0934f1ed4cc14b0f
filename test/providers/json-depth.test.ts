/**
 * The depth check every response body and stream event passes: what nests deeper than
 * MAX_JSON_DEPTH is refused, and a text with few brackets is settled by counting them.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MAX_JSON_DEPTH, isTooDeep } from '../../src/providers/json-depth.js';

const check = (text: string): boolean => isTooDeep(text, JSON.parse(text));
const nestedArrays = (depth: number): string => `${'['.repeat(depth)}${']'.repeat(depth)}`;
const nestedObjects = (depth: number): string => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;

describe('isTooDeep', () => {
  it('accepts nesting up to MAX_JSON_DEPTH and refuses one level more, arrays and objects alike', () => {
    assert.equal(check(nestedArrays(MAX_JSON_DEPTH)), false);
    assert.equal(check(nestedArrays(MAX_JSON_DEPTH + 1)), true);
    assert.equal(check(nestedObjects(MAX_JSON_DEPTH)), false);
    assert.equal(check(nestedObjects(MAX_JSON_DEPTH + 1)), true);
    // Mixed: objects holding arrays, counted together.
    const half = Math.ceil((MAX_JSON_DEPTH + 1) / 2);
    const mixed = `${'{"a":['.repeat(half)}1${']}'.repeat(half)}`;
    assert.equal(check(mixed), true);
  });

  it('brackets inside strings count toward the quick test but a walk then clears a shallow value', () => {
    const text = JSON.stringify({ choices: [{ message: { content: '{['.repeat(MAX_JSON_DEPTH) } }] });
    assert.equal(check(text), false);
  });

  it('a long text with a few brackets is shallow without a walk', () => {
    const text = JSON.stringify({ choices: [{ message: { content: 'x'.repeat(10_000) } }] });
    assert.equal(check(text), false);
  });

  it("an error payload's own error is not counted (it is read through a bounded copy)", () => {
    const text = `{"error":{"message":"deep","x":${nestedArrays(MAX_JSON_DEPTH + 10)}}}`;
    assert.equal(check(text), false);
    assert.equal(check(`{"error":{"message":"deep"},"x":${nestedArrays(MAX_JSON_DEPTH + 10)}}`), true);
  });
});
