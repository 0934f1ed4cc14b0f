/**
 * A request's body is let go once the response has come: a stream that runs on holds no copy of
 * its prompt, which with many long-context calls in flight is most of their memory. Measured as
 * an agent would feel it: the heap, after a full collection, with forty 512 KB requests answered
 * and their streams still open, grows by far less than the bodies. The exchange still knows its
 * call afterwards: a cut mid-stream names the provider and model, and a redirect re-sends the body.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { ServerResponse } from 'node:http';
import { createNodeTransport } from '../../src/transport/node-transport.js';
import type { TransportResponse } from '../../src/transport/transport-types.js';
import { type TestServer, startTestServer } from '../helpers/test-server.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const REQUESTS = 40;
const BODY_CHARS = 512 * 1024;

let server: TestServer;
const open = new Set<ServerResponse>();
const transport = createNodeTransport();

before(async () => {
  // The server runs in this process: it counts each body's bytes and keeps none of them.
  server = await startTestServer(
    (req, res) => {
      let size = 0;
      req.on('data', (part: Buffer) => (size += part.length));
      req.on('end', () => {
        if (req.url === '/redirect') {
          res.writeHead(307, { location: '/echo-size' }).end();
          return;
        }
        if (req.url === '/echo-size') {
          res.writeHead(200, { 'content-type': 'text/plain' }).end(String(size));
          return;
        }
        // An event stream that stays open: the exchange lives on, as a long stream's does.
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        res.write(`data: {"received":${size}}\n\n`);
        open.add(res);
      });
    },
    { record: false, readBody: false },
  );
});

after(async () => {
  for (const res of open) res.destroy();
  transport.close?.();
  await server.close();
});

/** A body of `BODY_CHARS` that nothing but the request holds (built here, not kept). */
function send(i: number, path = '/stream'): Promise<TransportResponse> {
  const body = JSON.stringify({ messages: [{ role: 'user', content: `${i}`.padEnd(BODY_CHARS, 'x') }] });
  return transport.request({
    url: `${server.url}${path}`,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
    provider: 'openai',
    model: 'gpt-4o-mini',
  });
}

function heapUsed(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

describe('a request body once the response has come', () => {
  it('is no longer held by an exchange whose stream is still open', async () => {
    const before = heapUsed();
    const responses = await Promise.all(Array.from({ length: REQUESTS }, (_, i) => send(i)));
    // The first event of each: the server read each body whole.
    const iterators = responses.map((r) => r.body[Symbol.asyncIterator]());
    for (const it of iterators) {
      const first = await it.next();
      assert.match(new TextDecoder().decode(first.value), /"received":\d{6}/);
    }
    const growth = heapUsed() - before;
    const bodies = REQUESTS * BODY_CHARS;
    assert.ok(
      growth < bodies / 4,
      `the heap grew by ${(growth / 1048576).toFixed(1)} MiB with ${(bodies / 1048576).toFixed(0)} MiB of bodies sent`,
    );
    for (const r of responses) r.cancel();
  });

  it('is still known for the errors of the call: a cut mid-stream names the provider and model', async () => {
    const response = await send(1);
    const iterator = response.body[Symbol.asyncIterator]();
    await iterator.next();
    for (const res of open) res.destroy();
    open.clear();
    await assert.rejects(
      iterator.next(),
      (error: Error & { provider?: string; model?: string }) =>
        error.name === 'APIConnectionError' && error.provider === 'openai' && error.model === 'gpt-4o-mini',
    );
  });

  it('is re-sent whole by a same-origin 307 redirect', async () => {
    const response = await send(2, '/redirect');
    assert.equal(response.status, 200);
    const size = Number(await response.text());
    assert.ok(size > BODY_CHARS, `the redirected request carried ${size} bytes`);
  });
});
