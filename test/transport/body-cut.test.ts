/**
 * A body the server cuts before its end fails typed, however it is read; a body that ends and
 * then closes (every keep-alive response does) is whole. The node transport reports the cut from
 * the response's own events, and builds the error only when the close came first.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createNodeTransport } from '../../src/transport/node-transport.js';
import type { TransportResponse } from '../../src/transport/transport-types.js';
import { type TestServer, startTestServer } from '../helpers/test-server.js';

let server: TestServer;
const transport = createNodeTransport();

before(async () => {
  server = await startTestServer((req, res) => {
    if (req.url === '/whole') {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.write('first ');
      setTimeout(() => res.end('second'), 5);
      return;
    }
    // Promises 100 bytes, sends 10, then drops the connection.
    res.writeHead(200, { 'content-type': 'text/plain', 'content-length': '100' });
    res.write('0123456789');
    setTimeout(() => res.socket?.destroy(), 5);
  });
});

after(async () => {
  transport.close?.();
  await server.close();
});

const get = (path: string): Promise<TransportResponse> => transport.request({ url: `${server.url}${path}`, method: 'GET', headers: {} });

async function readAll(response: TransportResponse): Promise<string> {
  let text = '';
  for await (const part of response.body) text += new TextDecoder().decode(part);
  return text;
}

describe('a body cut before its end', () => {
  it('rejects a whole-body read with APIConnectionError', async () => {
    const response = await get('/cut');
    await assert.rejects(response.text(), (error: Error) => error.name === 'APIConnectionError');
  });

  it('rejects the read after the last bytes that came, when iterated', async () => {
    const response = await get('/cut');
    await assert.rejects(readAll(response), (error: Error) => error.name === 'APIConnectionError');
  });

  it('is not confused with a body that ends and then closes', async () => {
    for (let i = 0; i < 3; i++) {
      assert.equal(await (await get('/whole')).text(), 'first second');
      assert.equal(await readAll(await get('/whole')), 'first second');
    }
  });
});
