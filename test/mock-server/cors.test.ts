import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startMockServer, type MockServer } from '../../src/mock-server/index.js';
import { send } from './http-client.js';

const chat = { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] };

describe('mock server: CORS, so a browser page on another origin can call it', () => {
  let server: MockServer;
  before(async () => {
    server = await startMockServer({ apiKey: 'sk-cors' });
  });
  after(() => server.close());

  it('answers a preflight with the allowed methods and headers, without recording it', async () => {
    const recorded = server.requests.length;
    const res = await send(`${server.openaiBaseURL}/chat/completions`, {
      method: 'OPTIONS',
      headers: {
        origin: 'http://127.0.0.1:5173',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization, content-type, x-stainless-os',
      },
    });
    assert.equal(res.status, 204);
    assert.equal(res.headers['access-control-allow-origin'], '*');
    const methods = String(res.headers['access-control-allow-methods']).split(/,\s*/);
    assert.ok(methods.includes('POST') && methods.includes('GET'), String(methods));
    const allowed = String(res.headers['access-control-allow-headers']).split(/,\s*/);
    for (const name of ['authorization', 'content-type', 'x-api-key', 'anthropic-version', 'x-stainless-os'])
      assert.ok(allowed.includes(name), name);
    assert.equal(res.text, '');
    assert.equal(server.requests.length, recorded, 'a preflight is not an API request');
  });

  it('allows any origin on answers, streams and errors, and exposes their headers', async () => {
    const auth = { authorization: 'Bearer sk-cors', origin: 'http://127.0.0.1:5173' };
    const ok = await send(`${server.openaiBaseURL}/chat/completions`, { body: chat, headers: auth });
    assert.equal(ok.status, 200);
    assert.equal(ok.headers['access-control-allow-origin'], '*');
    assert.equal(ok.headers['access-control-expose-headers'], '*');

    const streamed = await send(`${server.openaiBaseURL}/chat/completions`, { body: { ...chat, stream: true }, headers: auth });
    assert.match(String(streamed.headers['content-type']), /text\/event-stream/);
    assert.equal(streamed.headers['access-control-allow-origin'], '*');

    const denied = await send(`${server.anthropicBaseURL}/v1/messages`, {
      body: { ...chat, max_tokens: 5 },
      headers: { origin: 'http://x.test' },
    });
    assert.equal(denied.status, 401);
    assert.equal(denied.headers['access-control-allow-origin'], '*');

    const health = await send(`${server.url}/health`);
    assert.equal(health.headers['access-control-allow-origin'], '*');
  });

  it('a plain OPTIONS that is not a preflight is still an API request (405 with allow: POST)', async () => {
    const res = await send(`${server.openaiBaseURL}/chat/completions`, { method: 'OPTIONS', headers: { authorization: 'Bearer sk-cors' } });
    assert.equal(res.status, 405);
    assert.equal(res.headers['allow'], 'POST');
    assert.equal(res.headers['access-control-allow-origin'], '*');
  });
});
