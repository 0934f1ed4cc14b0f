import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigurationError } from '../../../src/base/errors.js';
import type { AdapterContext } from '../../../src/providers/adapter-types.js';
import { buildAttributionHeaders, buildOpenRouterHeaders } from '../../../src/providers/openrouter/build-openrouter-headers.js';

const KEY = 'sk-or-v1-0123456789abcdef-sentinel-0123456789abcdef';

function context(overrides: Partial<AdapterContext> = {}): AdapterContext {
  return {
    provider: 'openrouter',
    model: 'anthropic/claude-sonnet-4.5',
    apiKey: KEY,
    baseURL: 'https://openrouter.ai/api/v1',
    headers: {},
    transport: { request: () => Promise.reject(new Error('no network in this test')) },
    signal: undefined,
    timeoutMs: undefined,
    secrets: [KEY],
    compat: {},
    providerOptions: {},
    ...overrides,
  };
}

describe('buildAttributionHeaders', () => {
  it('maps appUrl to HTTP-Referer and appName to X-Title', () => {
    assert.deepEqual(buildAttributionHeaders({ appUrl: 'https://example.dev/app', appName: 'Example App' }), {
      'HTTP-Referer': 'https://example.dev/app',
      'X-Title': 'Example App',
    });
  });

  it('sends neither header when neither option is set (or set blank)', () => {
    assert.deepEqual(buildAttributionHeaders({}), {});
    assert.deepEqual(buildAttributionHeaders({ appUrl: ' ', appName: '' }), {});
  });

  it('sends only the one that is set', () => {
    assert.deepEqual(buildAttributionHeaders({ appName: 'Only a name' }), { 'X-Title': 'Only a name' });
    assert.deepEqual(buildAttributionHeaders({ appUrl: 'https://only.example' }), { 'HTTP-Referer': 'https://only.example' });
  });

  it('refuses a value that cannot be a header, naming the option', () => {
    assert.throws(
      () => buildAttributionHeaders({ appName: 'Evil\r\nX-Injected: 1' }),
      (e: unknown) => e instanceof ConfigurationError && /appName/.test(e.message),
    );
    assert.throws(
      () => buildAttributionHeaders({ appName: 'Rocket 🚀' }),
      (e: unknown) => e instanceof ConfigurationError && /appName/.test(e.message),
    );
    // Latin-1 is fine for both transports.
    assert.deepEqual(buildAttributionHeaders({ appName: 'Café' }), { 'X-Title': 'Café' });
  });
});

describe('buildOpenRouterHeaders', () => {
  it('adds attribution to the OpenAI headers (auth, accept, caller headers)', () => {
    const headers = buildOpenRouterHeaders(
      context({ headers: { 'x-trace': 't1' }, providerOptions: { appUrl: 'https://example.dev', appName: 'Example' } }),
      true,
    );
    assert.deepEqual(headers, {
      'content-type': 'application/json',
      accept: 'text/event-stream',
      'x-trace': 't1',
      authorization: `Bearer ${KEY}`,
      'http-referer': 'https://example.dev',
      'x-title': 'Example',
    });
  });

  it("a caller's own header of the same name wins, whatever its case", () => {
    const headers = buildOpenRouterHeaders(
      context({ headers: { 'x-title': 'Per call' }, providerOptions: { appName: 'Default', appUrl: 'https://example.dev' } }),
      false,
    );
    assert.equal(headers['x-title'], 'Per call');
    assert.equal(headers['X-Title'], undefined);
    assert.equal(headers['http-referer'], 'https://example.dev');
  });

  it('without app options it is exactly the OpenAI header set', () => {
    assert.deepEqual(buildOpenRouterHeaders(context(), false), {
      'content-type': 'application/json',
      accept: 'application/json',
      authorization: `Bearer ${KEY}`,
    });
  });
});
