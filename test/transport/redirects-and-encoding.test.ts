import assert from 'node:assert/strict';
import type * as http from 'node:http';
import { after, before, describe, it } from 'node:test';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { createClient } from '../../src/index.js';
import { createFetchTransport } from '../../src/transport/fetch-transport.js';
import { createNodeTransport } from '../../src/transport/node-transport.js';
import type { Transport } from '../../src/transport/transport-types.js';
import { type TestServer, startTestServer } from '../helpers/test-server.js';

const KEY = 'sk-test-REDIRECT-sentinel-abcdefgh12345';
const reply = JSON.stringify({
  id: 'c1',
  object: 'chat.completion',
  created: 1,
  model: 'm',
  choices: [{ index: 0, message: { role: 'assistant', content: 'ok', refusal: null }, finish_reason: 'stop', logprobs: null }],
});

interface Seen {
  path: string;
  headers: http.IncomingHttpHeaders;
}

let other: TestServer;
let origin: TestServer;
const seenOther: Seen[] = [];
const seenOrigin: Seen[] = [];

before(async () => {
  other = await startTestServer((req, res) => {
    seenOther.push({ path: req.url ?? '', headers: req.headers });
    res.writeHead(200, { 'content-type': 'application/json' }).end(reply);
  });
  origin = await startTestServer((req, res) => {
    seenOrigin.push({ path: req.url ?? '', headers: req.headers });
    if (req.url === '/same/chat/completions') return res.writeHead(307, { location: '/v1/chat/completions' }).end();
    if (req.url === '/away/chat/completions') return res.writeHead(307, { location: `${other.url}/v1/chat/completions` }).end();
    if (req.url === '/loop/chat/completions') return res.writeHead(302, { location: '/loop/chat/completions' }).end();
    if (req.url === '/gzip/chat/completions')
      return res.writeHead(200, { 'content-encoding': 'gzip', 'content-type': 'application/json' }).end(gzipSync(reply));
    if (req.url === '/br/chat/completions')
      return res.writeHead(200, { 'content-encoding': 'br', 'content-type': 'application/json' }).end(brotliCompressSync(reply));
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
  describe(`${name} transport`, () => {
    const call = (path: string) => {
      const client = createClient({
        providers: { openai: { baseURL: `${origin.url}${path}`, apiKey: KEY } },
        transport: make(),
        env: {},
        maxRetries: 0,
      });
      return client.complete({ model: 'openai/gpt-4o', messages: [{ role: 'user', content: 'hi' }] }).finally(() => client.close());
    };

    it('follows a same-origin redirect keeping the key', async () => {
      seenOrigin.length = 0;
      const res = await call('/same');
      assert.equal(res.choices[0]?.message.content, 'ok');
      assert.equal(seenOrigin.length, 2);
      assert.equal(seenOrigin[1]?.headers.authorization, `Bearer ${KEY}`);
    });

    it('never sends the key (or the prompt) to another origin on redirect', async () => {
      seenOther.length = 0;
      await assert.rejects(
        call('/away'),
        (e: Error) => e.name === 'APIConnectionError' && e.message.includes(other.url) && !e.message.includes(KEY),
      );
      assert.equal(seenOther.length, 0);
    });

    it('stops a redirect loop with a typed error', async () => {
      await assert.rejects(call('/loop'), /Too many redirects/);
    });

    it('decodes gzip and brotli bodies', async () => {
      assert.equal((await call('/gzip')).choices[0]?.message.content, 'ok');
      assert.equal((await call('/br')).choices[0]?.message.content, 'ok');
    });
  });
}

describe('injected fetch', () => {
  it('is used for every request', async () => {
    const urls: string[] = [];
    const client = createClient({
      providers: { openai: { baseURL: `${origin.url}/v1`, apiKey: KEY } },
      env: {},
      fetch: (input, init) => {
        urls.push(input);
        return globalThis.fetch(input, init);
      },
    });
    const res = await client.complete({ model: 'openai/gpt-4o', messages: [{ role: 'user', content: 'hi' }] });
    assert.equal(res.choices[0]?.message.content, 'ok');
    assert.deepEqual(urls, [`${origin.url}/v1/chat/completions`]);
  });
});
