import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseIntegerFlag } from '../../src/cli/parse-integer-flag.js';

describe('parseIntegerFlag', () => {
  it('is undefined when the flag is absent', () => {
    assert.equal(parseIntegerFlag(undefined, '--input'), undefined);
  });

  it('reads whole numbers, plain or grouped as llmux prints them', () => {
    assert.deepEqual(parseIntegerFlag('0', '--input'), { value: 0 });
    assert.deepEqual(parseIntegerFlag(' 1000 ', '--input'), { value: 1000 });
    assert.deepEqual(parseIntegerFlag('200,000', '--input'), { value: 200000 });
    assert.deepEqual(parseIntegerFlag('1_048_576', '--input'), { value: 1048576 });
  });

  it('refuses anything else with a message naming the flag and the value', () => {
    for (const raw of ['', ' ', '-1', '1.5', '1e3', '0x10', 'ten', '1,00', '12,3456', '99999999999999999999']) {
      assert.equal(parseIntegerFlag(raw, '--output'), `--output must be a whole number >= 0; got ${JSON.stringify(raw)}`, raw);
    }
  });

  it('applies a minimum', () => {
    assert.equal(parseIntegerFlag('0', '--limit', 1), '--limit must be a whole number >= 1; got "0"');
    assert.deepEqual(parseIntegerFlag('1', '--limit', 1), { value: 1 });
  });
});
