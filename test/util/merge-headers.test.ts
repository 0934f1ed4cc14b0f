import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AdapterContext } from '../../src/providers/adapter-types.js';
import { buildOpenAIHeaders as chatCompletionsHeaders } from '../../src/providers/openai/build-openai-headers.js';
import { buildRequestHeaders, mergeCallerHeaders, mergeHeaderLayers } from '../../src/util/merge-headers.js';

describe('mergeHeaderLayers', () => {
  it('later layers win, names lower-cased so two spellings are one header', () => {
    assert.deepEqual(mergeHeaderLayers({ 'X-A': '1', Accept: 'a' }, { 'x-a': '2' }, { 'X-A': '3', 'X-B': 'b' }), {
      'x-a': '3',
      accept: 'a',
      'x-b': 'b',
    });
  });

  it('keeps a null as a pending unset; skips undefined layers and values', () => {
    assert.deepEqual(mergeHeaderLayers({ 'x-a': '1', 'x-b': '2' }, undefined, { 'X-A': null, 'x-b': undefined }), {
      'x-a': null,
      'x-b': '2',
    });
  });

  it('a later value sets again what an earlier null unset', () => {
    assert.deepEqual(mergeHeaderLayers({ 'x-a': '1' }, { 'x-a': null }, { 'X-a': '3' }), { 'x-a': '3' });
  });

  it('does not modify its layers', () => {
    const layer = { 'X-A': '1' };
    mergeHeaderLayers(layer, { 'x-a': null });
    assert.deepEqual(layer, { 'X-A': '1' });
  });

  it('a header named __proto__ stays a header', () => {
    const merged = mergeHeaderLayers(JSON.parse('{"__proto__":"x"}') as Record<string, string>);
    assert.equal(Object.getPrototypeOf(merged), Object.prototype);
    assert.deepEqual(Object.keys(merged), ['__proto__']);
  });
});

describe('mergeCallerHeaders', () => {
  it('splits the merge into headers to send and names unset', () => {
    assert.deepEqual(mergeCallerHeaders({ 'X-Client': 'c', 'X-Gone': 'g' }, { 'x-gone': null, Authorization: 'Bearer gw' }), {
      headers: { 'x-client': 'c', authorization: 'Bearer gw' },
      unsetHeaders: ['x-gone'],
    });
  });

  it('has no unsetHeaders when nothing is unset', () => {
    assert.deepEqual(mergeCallerHeaders({ a: '1' }, undefined), { headers: { a: '1' } });
  });
});

describe('buildRequestHeaders', () => {
  const defaults = { 'Content-Type': 'application/json', accept: 'application/json' };
  const auth = { authorization: 'Bearer sk-real' };

  it('defaults, then auth, then the caller', () => {
    assert.deepEqual(buildRequestHeaders({ headers: { 'x-trace': 't' } }, defaults, auth), {
      'content-type': 'application/json',
      accept: 'application/json',
      authorization: 'Bearer sk-real',
      'x-trace': 't',
    });
  });

  it("a caller's auth header replaces the key's (one value, never both)", () => {
    assert.equal(buildRequestHeaders({ headers: { Authorization: 'Bearer gateway' } }, defaults, auth)['authorization'], 'Bearer gateway');
    assert.equal(buildRequestHeaders({ headers: { 'x-api-key': 'gw' } }, {}, { 'x-api-key': 'sk-ant' })['x-api-key'], 'gw');
  });

  it('a caller unset removes a default or the auth', () => {
    const headers = buildRequestHeaders({ headers: {}, unsetHeaders: ['authorization', 'Accept'] }, defaults, auth);
    assert.deepEqual(headers, { 'content-type': 'application/json' });
  });

  it('no auth layer without a key', () => {
    assert.deepEqual(buildRequestHeaders({ headers: {} }, defaults, undefined), {
      'content-type': 'application/json',
      accept: 'application/json',
    });
  });
});

describe('chatCompletionsHeaders (the OpenAI family)', () => {
  const context = { apiKey: 'sk-real', headers: {} } as unknown as AdapterContext;

  it("a dialect's default of one of our names replaces ours, whatever its case", () => {
    const headers = chatCompletionsHeaders(context, false, { Accept: 'application/x-ndjson', 'X-Title': 'App' });
    assert.deepEqual(headers, {
      'content-type': 'application/json',
      accept: 'application/x-ndjson',
      'x-title': 'App',
      authorization: 'Bearer sk-real',
    });
  });

  it('no authorization without a key (or with an empty one)', () => {
    assert.equal('authorization' in chatCompletionsHeaders({ ...context, apiKey: '' }, true), false);
    assert.equal('authorization' in chatCompletionsHeaders({ ...context, apiKey: undefined }, true), false);
  });
});
