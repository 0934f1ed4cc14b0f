/** The mock server holds bounded memory: an oversized request body gets a 413, and the request history keeps only the latest. */
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { describe, it } from 'node:test';
import { startMockServer } from '../../src/mock-server/index.js';

const MiB = 1024 * 1024;

/** POSTs `size` bytes of JSON-looking body in 64 KiB writes; resolves with the status and body. */
function postLarge(url: string, size: number): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': size } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      res.on('error', reject);
    });
    req.on('error', reject);
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    let sent = 0;
    const pump = (): void => {
      while (sent < size) {
        const n = Math.min(chunk.length, size - sent);
        sent += n;
        if (!req.write(chunk.subarray(0, n))) return void req.once('drain', pump);
      }
      req.end();
    };
    pump();
  });
}

async function chat(url: string, text: string): Promise<number> {
  const res = await fetch(`${url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'm', messages: [{ role: 'user', content: text }] }),
  });
  await res.text();
  return res.status;
}

describe('mock server limits', () => {
  it('answers a body over maxBodyBytes with 413 in the API error shape, and keeps serving', async () => {
    const server = await startMockServer({ maxBodyBytes: MiB });
    try {
      const big = await postLarge(`${server.url}/v1/chat/completions`, 20 * MiB);
      assert.equal(big.status, 413);
      const error = JSON.parse(big.body) as { error: { code: string; message: string } };
      assert.equal(error.error.code, 'request_too_large');
      assert.match(error.error.message, /limit of 1048576 bytes/);
      assert.equal(server.requests.length, 0, 'the oversized body is not recorded');
      assert.equal(await chat(server.url, 'still there?'), 200);
    } finally {
      await server.close();
    }
  });

  it('keeps the latest maxRecordedRequests requests (default 1000), oldest dropped first', async () => {
    const server = await startMockServer({ maxRecordedRequests: 3 });
    try {
      for (let i = 1; i <= 5; i++) assert.equal(await chat(server.url, `n${i}`), 200);
      assert.deepEqual(
        server.requests.map((r) => (r.body as { messages: Array<{ content: string }> }).messages[0]!.content),
        ['n3', 'n4', 'n5'],
      );
      const listed = (await (await fetch(`${server.url}/__mock/requests`)).json()) as unknown[];
      assert.equal(listed.length, 3);
    } finally {
      await server.close();
    }
  });

  it('by default a history of 1000', async () => {
    const server = await startMockServer();
    try {
      const agent = Array.from({ length: 1005 }, (_, i) => i);
      for (const i of agent) await chat(server.url, `m${i}`);
      assert.equal(server.requests.length, 1000);
      assert.equal((server.requests[0]!.body as { messages: Array<{ content: string }> }).messages[0]!.content, 'm5');
    } finally {
      await server.close();
    }
  });
});
