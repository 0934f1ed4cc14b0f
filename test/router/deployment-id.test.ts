import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import { automaticId } from '../../src/router/deployment-id.js';
import { keyFingerprint, sha256Hex } from '../../src/router/key-fingerprint.js';

describe('key fingerprint', () => {
  it('is SHA-256, across block boundaries and multi-byte text', () => {
    for (const text of ['', 'abc', 'x'.repeat(55), 'x'.repeat(56), 'x'.repeat(64), 'é🙂'.repeat(40), 'y'.repeat(1_000)]) {
      assert.equal(sha256Hex(text), createHash('sha256').update(text).digest('hex'), `${text.length} chars`);
    }
  });

  it('is 12 hex digits that differ between keys and never contain the key', () => {
    const a = keyFingerprint('sk-live-aaaaaaaaaaaaaaaa');
    assert.match(a, /^[0-9a-f]{12}$/);
    assert.notEqual(a, keyFingerprint('sk-live-aaaaaaaaaaaaaaab'));
    assert.equal(a, keyFingerprint('sk-live-aaaaaaaaaaaaaaaa'));
  });
});

describe('automatic deployment ids', () => {
  const base = { group: 'smart', model: 'openai/gpt-4o' };

  it('stay <group>/<model>#<n> without a base URL or key', () => {
    assert.equal(automaticId(base, 0), 'smart/openai/gpt-4o#0');
    assert.equal(automaticId(base, 2), 'smart/openai/gpt-4o#2');
  });

  it('carry the base URL and a key fingerprint, so other endpoints or keys are other deployments', () => {
    const key = 'sk-proj-0123456789abcdefghij';
    const id = automaticId({ ...base, baseURL: 'https://proxy.internal/v1/', apiKey: key }, 0);
    assert.equal(id, `smart/openai/gpt-4o#0@https://proxy.internal/v1~key:${keyFingerprint(key)}`);
    const ids = new Set([
      id,
      automaticId({ ...base, baseURL: 'https://other.internal/v1', apiKey: key }, 0),
      automaticId({ ...base, baseURL: 'https://proxy.internal/v1', apiKey: `${key}x` }, 0),
      automaticId({ ...base, baseURL: 'https://proxy.internal/v1' }, 0),
      automaticId({ ...base, apiKey: key }, 0),
    ]);
    assert.equal(ids.size, 5, [...ids].join('\n'));
    for (const each of ids) assert.ok(!each.includes(key.slice(3, 15)), each);
  });

  it('never show userinfo or a query of the base URL, yet tell such URLs apart', () => {
    const one = automaticId({ ...base, baseURL: 'https://user:secret-pass@gw.example/v1?key=secret-q' }, 0);
    const two = automaticId({ ...base, baseURL: 'https://user:other-pass@gw.example/v1?key=secret-q' }, 0);
    for (const id of [one, two]) {
      assert.match(id, /^smart\/openai\/gpt-4o#0@https:\/\/gw\.example\/v1~url:[0-9a-f]{12}$/);
      assert.ok(!/secret|pass|user/.test(id), id);
    }
    assert.notEqual(one, two);
    assert.match(automaticId({ ...base, baseURL: 'not a url' }, 0), /^smart\/openai\/gpt-4o#0@~url:[0-9a-f]{12}$/);
  });
});
