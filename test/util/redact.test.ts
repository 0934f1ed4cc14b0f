import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { redactText, redactValue } from '../../src/util/redact.js';

describe('redaction', () => {
  it('removes the exact secrets and key-shaped tokens', () => {
    const secret = 'my-own-weird-secret-value';
    const text = `key=${secret} other sk-ant-api03-AbCdEfGhIjKlMnOpQrSt and Bearer abc.def.ghi123 and sk-or-v1-0123456789abcdef`;
    const out = redactText(text, [secret]);
    assert.ok(!out.includes(secret));
    assert.ok(!out.includes('sk-ant-api03'));
    assert.ok(!out.includes('abc.def.ghi123'));
    assert.ok(!out.includes('sk-or-v1'));
    assert.equal(redactText('plain text with skill-set and task-list', []), 'plain text with skill-set and task-list');
  });
  it('deep-redacts values and credential fields', () => {
    const out = redactValue({ headers: { Authorization: 'Bearer x', 'x-api-key': 'y' }, list: ['sk-proj-abcdefghijklmnop1234'], n: 1 }, []);
    assert.deepEqual(out, { headers: { Authorization: '[redacted]', 'x-api-key': '[redacted]' }, list: ['[redacted]'], n: 1 });
  });
});
