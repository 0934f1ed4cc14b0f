/**
 * A body read whole is capped after decompression: a huge body or a small compressed bomb fails
 * the call with a typed InvalidResponseError the caller catches, in a child with a 128 MiB heap
 * that must exit cleanly. Before the cap such a body filled the heap, or threw from a stream
 * listener (ERR_STRING_TOO_LONG past 512 MiB) and ended the process.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import * as zlib from 'node:zlib';
import { InvalidResponseError } from '../../src/base/errors.js';
import { createClient } from '../../src/index.js';
import { type HostileServer, TRANSPORTS, runChild, startHostileServer, writeMany } from './transport-support.js';

const MiB = 1024 * 1024;

/** Compresses `bytes` zeros a MiB at a time, so the test never holds them all. */
async function compressZeros(encoder: zlib.Gzip | zlib.Deflate | zlib.BrotliCompress, bytes: number): Promise<Buffer> {
  const parts: Buffer[] = [];
  encoder.on('data', (part: Buffer) => parts.push(part));
  const ended = new Promise((resolve) => encoder.on('end', resolve));
  const zeros = Buffer.alloc(MiB);
  for (let left = bytes; left > 0; left -= MiB) {
    if (!encoder.write(zeros)) await new Promise((resolve) => encoder.once('drain', resolve));
  }
  encoder.end();
  await ended;
  return Buffer.concat(parts);
}
const BOMB_BYTES = 200 * MiB;

describe('hostile transport: response bodies are capped', () => {
  let server: HostileServer;
  const bombs: Record<string, Buffer> = {};
  before(async () => {
    // 200 MiB of zeros, compressed to a few hundred KB at most; the error body is 600 MiB, past
    // V8's longest string, which a reader without a cap threw from its 'end' listener.
    bombs['gzip'] = await compressZeros(zlib.createGzip({ level: 1 }), BOMB_BYTES);
    bombs['deflate'] = await compressZeros(zlib.createDeflate({ level: 1 }), BOMB_BYTES);
    bombs['br'] = await compressZeros(zlib.createBrotliCompress({ params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 1 } }), BOMB_BYTES);
    bombs['error'] = await compressZeros(
      zlib.createBrotliCompress({ params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 1 } }),
      3 * BOMB_BYTES,
    );
    server = await startHostileServer((req, res) => {
      const [, kind, encoding] = (req.url ?? '').split('/');
      if (kind === 'plain') {
        res.writeHead(200, { 'content-type': 'application/json' });
        return writeMany(res, BOMB_BYTES, Buffer.alloc(MiB, 0x20));
      }
      if (kind === 'small') {
        res.writeHead(200, { 'content-type': 'application/json' });
        return res.end(
          JSON.stringify({
            id: 'x',
            object: 'chat.completion',
            created: 1,
            model: 'm',
            choices: [{ index: 0, message: { role: 'assistant', content: 'a'.repeat(Number(encoding)) }, finish_reason: 'stop' }],
          }),
        );
      }
      res.writeHead(kind === 'error' ? 500 : 200, { 'content-type': 'application/json', 'content-encoding': encoding! });
      res.end(bombs[kind === 'error' ? 'error' : encoding!]);
    });
  });
  after(() => server.close());

  for (const [name] of TRANSPORTS) {
    it(`${name}: a 200 MiB plain body fails with InvalidResponseError and the process lives`, async () => {
      const child = await runChild({ baseURL: `${server.url}/plain/x`, transport: name, mode: 'complete' });
      assert.equal(child.exitCode, 0, child.stderr);
      assert.deepEqual([child.result?.name, child.result?.code], ['InvalidResponseError', 'RESPONSE_TOO_LARGE']);
    });

    for (const encoding of ['gzip', 'deflate', 'br']) {
      it(`${name}: a ${encoding} bomb (200 MiB of zeros) fails with InvalidResponseError and the process lives`, async () => {
        const child = await runChild({ baseURL: `${server.url}/bomb/${encoding}`, transport: name, mode: 'complete' });
        assert.equal(child.exitCode, 0, child.stderr);
        assert.deepEqual([child.result?.name, child.result?.code], ['InvalidResponseError', 'RESPONSE_TOO_LARGE']);
      });
    }

    it(`${name}: a brotli bomb (600 MiB of zeros) as an error body gives the status's typed error and the process lives`, async () => {
      const child = await runChild({ baseURL: `${server.url}/error/br`, transport: name, mode: 'complete' });
      assert.equal(child.exitCode, 0, child.stderr);
      assert.equal(child.result?.outcome, 'caught');
      assert.equal(child.result?.status, 500);
    });

    it(`${name}: maxResponseBytes sets the cap per client`, async () => {
      const transport = TRANSPORTS.find(([n]) => n === name)![1]();
      const client = createClient({
        env: {},
        maxRetries: 0,
        maxResponseBytes: 4096,
        transport,
        providers: { openai: { baseURL: `${server.url}/small/1000`, apiKey: 'k' } },
      });
      const big = createClient({
        env: {},
        maxRetries: 0,
        maxResponseBytes: 4096,
        transport,
        providers: { openai: { baseURL: `${server.url}/small/5000`, apiKey: 'k' } },
      });
      try {
        const request = { model: 'openai/m', messages: [{ role: 'user' as const, content: 'hi' }] };
        const response = await client.complete(request);
        assert.equal(response.choices[0]!.message.content?.length, 1000);
        await assert.rejects(
          big.complete(request),
          (error: unknown) => error instanceof InvalidResponseError && error.code === 'RESPONSE_TOO_LARGE',
        );
      } finally {
        client.close();
        big.close();
      }
    });
  }
});
