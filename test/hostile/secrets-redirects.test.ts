/**
 * A redirect to another origin never carries the prompt or a credential there, whatever the
 * credential header is called; callback payloads redact the same set of names.
 */
import assert from 'node:assert/strict';
import type * as http from 'node:http';
import { after, before, describe, it } from 'node:test';
import { APIConnectionError, createClient } from '../../src/index.js';
import type { RequestEvent } from '../../src/callbacks/callback-types.js';
import { createFetchTransport } from '../../src/transport/fetch-transport.js';
import { createNodeTransport } from '../../src/transport/node-transport.js';
import type { Transport } from '../../src/transport/transport-types.js';
import { type TestServer, startTestServer } from '../helpers/test-server.js';

const KEY = 'gw-key-REDIRECT-sentinel-0123456789';
const PROMPT = 'the-secret-prompt-text';
const reply = JSON.stringify({
  id: 'c1',
  object: 'chat.completion',
  created: 1,
  model: 'm',
  choices: [{ index: 0, message: { role: 'assistant', content: 'ok' }, finish_reason: 'stop' }],
});

/** Credentials as gateways name them; none may reach another origin. */
const CREDENTIAL_HEADERS: Record<string, string> = {
  Cookie: 'session=cookie-SECRET-1',
  'Ocp-Apim-Subscription-Key': 'apim-SECRET-2',
  'cf-aig-authorization': 'Bearer cf-SECRET-3',
  'Helicone-Auth': 'Bearer helicone-SECRET-4',
  'x-portkey-api-key': 'portkey-SECRET-5',
  'X-Auth-Token': 'auth-token-SECRET-6',
};
const SAFE_HEADERS: Record<string, string> = { 'anthropic-version': '2023-06-01', 'user-agent': 'llmux-test', accept: 'application/json' };

interface Seen {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}
let other: TestServer;
let origin: TestServer;
const seenOther: Seen[] = [];

before(async () => {
  other = await startTestServer((req, res, { body }) => {
    seenOther.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers, body });
    res.writeHead(200, { 'content-type': 'application/json' }).end(reply);
  });
  origin = await startTestServer((req, res) => {
    const status = Number(/^\/(\d{3})\//.exec(req.url ?? '')?.[1] ?? 200);
    if (status >= 300 && status < 400) return res.writeHead(status, { location: `${other.url}/v1/chat/completions` }).end();
    res.writeHead(200, { 'content-type': 'application/json' }).end(reply);
  });
});
after(async () => {
  await other.close();
  await origin.close();
});

const transports: [string, () => Transport][] = [
  ['node:http', () => createNodeTransport()],
  ['fetch', () => createFetchTransport()],
];

for (const [name, make] of transports) {
  describe(`cross-origin redirects (${name})`, () => {
    for (const status of [301, 302, 303, 307, 308]) {
      it(`refuses a ${status} of a model call to another origin, sending it neither the prompt nor a credential`, async () => {
        seenOther.length = 0;
        const client = createClient({
          providers: { openai: { baseURL: `${origin.url}/${status}`, apiKey: KEY, headers: CREDENTIAL_HEADERS } },
          transport: make(),
          env: {},
          maxRetries: 0,
        });
        try {
          const error = await client.complete({ model: 'openai/gpt-4o', messages: [{ role: 'user', content: PROMPT }] }).then(
            () => assert.fail('the redirect was followed'),
            (e: unknown) => e,
          );
          assert.ok(error instanceof APIConnectionError, String(error));
          assert.equal(error.code, 'CROSS_ORIGIN_REDIRECT');
          assert.ok(error.message.includes(other.url), error.message);
          assert.equal(error.retryable, false);
          assert.equal(seenOther.length, 0, 'the other origin was contacted');
        } finally {
          await client.close();
        }
      });
    }

    it('follows a bodiless request to another origin with only the allowlisted headers', async () => {
      seenOther.length = 0;
      const transport = make();
      const response = await transport.request({
        url: `${origin.url}/302/models`,
        method: 'GET',
        headers: { ...CREDENTIAL_HEADERS, ...SAFE_HEADERS, authorization: `Bearer ${KEY}`, 'x-tenant-id': 'tenant-SECRET-7' },
        provider: 'openai',
        model: 'm',
      });
      await response.text();
      assert.equal(seenOther.length, 1);
      const received = JSON.stringify(seenOther[0]!.headers);
      for (const secret of [...Object.values(CREDENTIAL_HEADERS), KEY, 'tenant-SECRET-7'])
        assert.ok(!received.includes(secret.replace(/^Bearer /, '')), `${secret} reached the other origin`);
      assert.equal(seenOther[0]!.headers['anthropic-version'], '2023-06-01');
      assert.equal(seenOther[0]!.headers['user-agent'], 'llmux-test');
    });
  });
}

describe('callback payloads', () => {
  it('redact every credential-named extra header and keep the others', async () => {
    const events: RequestEvent[] = [];
    const client = createClient({
      providers: { openai: { baseURL: `${origin.url}/200`, apiKey: KEY } },
      env: {},
      maxRetries: 0,
      callbacks: { onRequest: (e) => void events.push(e) },
    });
    try {
      await client.complete({
        model: 'openai/gpt-4o',
        messages: [{ role: 'user', content: 'hi' }],
        extra_headers: { ...CREDENTIAL_HEADERS, ...SAFE_HEADERS, 'x-ratelimit-tokens': '5' },
      });
    } finally {
      await client.close();
    }
    const headers = events[0]!.request.extra_headers!;
    const text = JSON.stringify(headers);
    for (const secret of Object.values(CREDENTIAL_HEADERS)) assert.ok(!text.includes(secret), `${secret} reached a callback`);
    assert.equal(headers['anthropic-version'], '2023-06-01');
    assert.equal(headers['x-ratelimit-tokens'], '5');
  });
});
