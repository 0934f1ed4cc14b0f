// What a benchmark's client process finds in its environment: nothing that sends it elsewhere
// than the local server (proxies, provider keys) or changes how Node runs (NODE_*, but NODE_ENV).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { runChild } from '../lib/common.mjs';

const SET = {
  NODE_EXTRA_CA_CERTS: '/nonexistent/bundle.pem',
  NODE_OPTIONS: '--max-old-space-size=64',
  NODE_COMPILE_CACHE: '/tmp/llmux-bench-cache',
  NODE_ENV: 'production',
  HTTPS_PROXY: 'http://proxy.invalid:8080',
  OPENAI_API_KEY: 'sk-not-for-a-client',
  LLMUX_BENCH_KEEP: 'kept',
};

describe('client process environment', () => {
  const saved = {};
  before(() => {
    for (const [name, value] of Object.entries(SET)) {
      saved[name] = process.env[name];
      process.env[name] = value;
    }
  });
  after(() => {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });

  it('drops NODE_* (but NODE_ENV), proxies and provider keys, and keeps the rest', async () => {
    const script = `console.log(JSON.stringify({ ok: true, env: Object.fromEntries(${JSON.stringify(Object.keys(SET))}.map((k) => [k, process.env[k] ?? null])) }))`;
    const result = await runChild(['-e', script], { env: { BENCH_EXTRA: 'given' } });
    assert.equal(result.ok, true, result.error);
    assert.deepEqual(result.report.env, {
      NODE_EXTRA_CA_CERTS: null,
      NODE_OPTIONS: null,
      NODE_COMPILE_CACHE: null,
      NODE_ENV: 'production',
      HTTPS_PROXY: null,
      OPENAI_API_KEY: null,
      LLMUX_BENCH_KEEP: 'kept',
    });
  });
});
