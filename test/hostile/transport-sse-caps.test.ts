/**
 * SSE lines and events are capped while they arrive: a stream with an endless line, an endless
 * multi-line event or a compressed bomb fails with InvalidResponseError carrying what arrived
 * before, instead of buffering until the heap (or V8's longest string) gives out.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import * as zlib from 'node:zlib';
import { InvalidResponseError } from '../../src/base/errors.js';
import { createClient } from '../../src/index.js';
import { type SSEEvent, type SSEParseError, createSSEParser } from '../../src/transport/sse.js';
import { type HostileServer, TRANSPORTS, runChild, startHostileServer, within, writeMany } from './transport-support.js';

const MiB = 1024 * 1024;
const HELLO = `data: ${JSON.stringify({ id: 'c1', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta: { role: 'assistant', content: 'Hello' }, finish_reason: null }] })}\n\n`;

describe('hostile transport: SSE lines and events are capped', () => {
  let server: HostileServer;
  let bomb: Buffer;
  before(async () => {
    bomb = zlib.brotliCompressSync(Buffer.concat([Buffer.from(HELLO + 'data: '), Buffer.alloc(200 * MiB, 0x61)]), {
      params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 1 },
    });
    server = await startHostileServer((req, res) => {
      const kind = (req.url ?? '').split('/')[1];
      if (kind === 'bomb') {
        res.writeHead(200, { 'content-type': 'text/event-stream', 'content-encoding': 'br' });
        return res.end(bomb);
      }
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(HELLO);
      if (kind === 'line') {
        res.write('data: {"x":"');
        return writeMany(res, 200 * MiB, Buffer.alloc(MiB, 0x61));
      }
      // kind === 'lines': one event of ever more `data:` lines, never a blank line.
      return writeMany(res, 200 * MiB, Buffer.from('data: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n'.repeat(20_000)));
    });
  });
  after(() => server.close());

  for (const [name, make] of TRANSPORTS) {
    for (const [kind, what] of [
      ['line', 'a 200 MiB line'],
      ['bomb', 'a brotli-compressed 200 MiB line'],
    ] as const) {
      it(`${name}: ${what} fails the stream with InvalidResponseError, keeping what came before, and the process lives`, async () => {
        const child = await runChild({ baseURL: `${server.url}/${kind}`, transport: name, mode: 'stream' });
        assert.equal(child.exitCode, 0, child.stderr);
        assert.deepEqual(
          [child.result?.name, child.result?.code, child.result?.partialText],
          ['InvalidResponseError', 'RESPONSE_TOO_LARGE', 'Hello'],
        );
      });
    }

    it(`${name}: an event of endless data: lines fails once past maxResponseBytes`, async () => {
      const client = createClient({
        env: {},
        maxRetries: 0,
        maxResponseBytes: 256 * 1024,
        transport: make(),
        providers: { openai: { baseURL: `${server.url}/lines`, apiKey: 'k' } },
      });
      try {
        const stream = client.stream({ model: 'openai/m', messages: [{ role: 'user', content: 'hi' }] });
        const texts: string[] = [];
        const failure = await within(
          (async () => {
            try {
              for await (const text of stream.textStream) texts.push(text);
            } catch (error) {
              return error;
            }
            return undefined;
          })(),
          20_000,
          'the capped stream',
        );
        assert.ok(failure instanceof InvalidResponseError, String(failure));
        assert.equal(failure.code, 'RESPONSE_TOO_LARGE');
        assert.equal(failure.partialText, 'Hello');
        assert.deepEqual(texts, ['Hello']);
      } finally {
        client.close();
      }
    });
  }

  it('the parser reports a line or event past maxEventLength to onError, never throws, and ignores the rest until reset', () => {
    for (const input of [
      ['data: ' + 'x'.repeat(50), '\n\n'], // one line in one chunk (the one-step block read)
      ['data: ' + 'x'.repeat(20), 'x'.repeat(20), 'x'.repeat(20)], // a line arriving in pieces
      ['data: ' + 'x'.repeat(30) + '\n', 'data: ' + 'x'.repeat(30) + '\n'], // an event of many lines
      ['event: e\ndata: ' + 'x'.repeat(50) + '\n\n'],
    ]) {
      const events: SSEEvent[] = [];
      const errors: SSEParseError[] = [];
      const parser = createSSEParser({ onEvent: (e) => events.push(e), onError: (e) => errors.push(e) }, { maxEventLength: 40 });
      parser.feed('data: ok\n\n');
      for (const chunk of input) assert.doesNotThrow(() => parser.feed(chunk));
      parser.feed('data: after\n\n');
      assert.equal(parser.end(), undefined);
      assert.deepEqual(
        events.map((e) => e.data),
        ['ok'],
        JSON.stringify(input),
      );
      assert.equal(errors.length, 1, JSON.stringify(input));
      assert.equal(errors[0]!.type, 'too-long');
      parser.feed('data: again\n\n');
      assert.deepEqual(
        events.map((e) => e.data),
        ['ok', 'again'],
      );
    }
  });
});
