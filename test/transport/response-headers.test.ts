import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createNodeTransport } from '../../src/transport/node-transport.js';
import { type TestServer, startTestServer } from '../helpers/test-server.js';

let server: TestServer;
const transport = createNodeTransport();

before(async () => {
  server = await startTestServer((req, res) => {
    if (req.url === '/once') {
      res.writeHead(200, ['Content-Type', 'application/json', 'X-Request-Id', 'req_1', 'Retry-After', '3']).end('{}');
      return;
    }
    // Names repeated in several spellings: Node's joining rules apply.
    res
      .writeHead(200, [
        'Content-Type',
        'application/json',
        'content-type',
        'text/plain',
        'X-Trace',
        'a',
        'x-trace',
        'b',
        'Set-Cookie',
        'one=1',
        'set-cookie',
        'two=2',
        'Constructor',
        'c',
      ])
      .end('{}');
  });
});

after(async () => {
  transport.close?.();
  await server.close();
});

const get = async (path: string): Promise<Record<string, string>> => {
  const response = await transport.request({ url: `${server.url}${path}`, method: 'GET', headers: {}, provider: 'openai', model: 'm' });
  await response.text();
  return response.headers;
};

describe('node transport response headers', () => {
  it('are keyed by lower-cased name with their values as sent', async () => {
    const headers = await get('/once');
    assert.equal(headers['content-type'], 'application/json');
    assert.equal(headers['x-request-id'], 'req_1');
    assert.equal(headers['retry-after'], '3');
    assert.equal(Object.hasOwn(headers, 'X-Request-Id'), false);
  });

  it('join a repeated name, keep the first of a single-valued one, and take names an object already has', async () => {
    const headers = await get('/many');
    assert.equal(headers['content-type'], 'application/json');
    assert.equal(headers['x-trace'], 'a, b');
    assert.equal(headers['set-cookie'], 'one=1, two=2');
    assert.equal(Object.hasOwn(headers, 'constructor'), true);
    assert.equal(headers['constructor'], 'c');
  });
});
