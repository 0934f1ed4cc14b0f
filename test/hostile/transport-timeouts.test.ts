/**
 * Timeouts mean what they say. `timeout` bounds the wait for whole response headers, even from a
 * server that trickles them a byte at a time (a socket idle timer never fires on that); and
 * `deadline` bounds a whole call, body included, even one that never falls silent.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { APITimeoutError } from '../../src/base/errors.js';
import { createClient } from '../../src/index.js';
import { type TestServer, startTestServer } from '../helpers/test-server.js';
import { type HostileServer, TRANSPORTS, startHostileServer, within } from './transport-support.js';

const CHUNK = `data: ${JSON.stringify({ id: 'c1', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta: { content: 'more ' }, finish_reason: null }] })}\n\n`;

async function failure(promise: Promise<unknown>): Promise<unknown> {
  try {
    await within(promise, 10_000, 'the call');
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('hostile transport: timeouts bound what they name', () => {
  let trickle: TestServer;
  let server: HostileServer;
  const timers = new Set<ReturnType<typeof setInterval>>();
  const every = (ms: number, write: () => boolean | void, onClose: (done: () => void) => void): void => {
    const timer = setInterval(write, ms);
    timers.add(timer);
    onClose(() => {
      clearInterval(timer);
      timers.delete(timer);
    });
  };
  before(async () => {
    // Status line at once, then a header byte every 20 ms: the headers never end.
    // Raw bytes on the socket, under the HTTP server's feet.
    trickle = await startTestServer((req) => {
      const socket = req.socket;
      socket.on('error', () => undefined);
      socket.write('HTTP/1.1 200 OK\r\n');
      every(
        20,
        () => socket.write('x'),
        (done) => socket.on('close', done),
      );
    });
    // A stream (or a JSON body) that sends something every 20 ms and never ends.
    server = await startHostileServer((req, res) => {
      const stream = (req.url ?? '').includes('/stream');
      res.writeHead(200, { 'content-type': stream ? 'text/event-stream' : 'application/json' });
      every(
        20,
        () => res.write(stream ? CHUNK : ' '),
        (done) => res.on('close', done),
      );
    });
  });
  after(async () => {
    for (const timer of timers) clearInterval(timer);
    await trickle.close();
    await server.close();
  });

  const request = { model: 'openai/m', messages: [{ role: 'user' as const, content: 'hi' }] };
  for (const [name, make] of TRANSPORTS) {
    it(`${name}: timeout bounds trickled headers`, async () => {
      const client = createClient({
        env: {},
        maxRetries: 0,
        timeout: 300,
        transport: make(),
        providers: { openai: { baseURL: trickle.url, apiKey: 'k' } },
      });
      try {
        const error = await failure(client.complete(request));
        assert.ok(error instanceof APITimeoutError, String(error));
      } finally {
        client.close();
      }
    });

    it(`${name}: deadline bounds a stream that never falls silent, and is not retried`, async () => {
      const client = createClient({
        env: {},
        maxRetries: 2,
        timeout: 60_000,
        deadline: 400,
        transport: make(),
        providers: { openai: { baseURL: `${server.url}/stream`, apiKey: 'k' } },
      });
      try {
        const stream = client.stream(request);
        const error = await failure(
          (async () => {
            for await (const _ of stream);
          })(),
        );
        assert.ok(error instanceof APITimeoutError, String(error));
        assert.equal(error.code, 'DEADLINE_EXCEEDED');
        assert.equal(error.retryable, false);
        assert.match(error.partialText, /^(more )+$/);
      } finally {
        client.close();
      }
    });

    it(`${name}: deadline per call bounds a body that never ends`, async () => {
      const client = createClient({
        env: {},
        maxRetries: 2,
        timeout: 60_000,
        transport: make(),
        providers: { openai: { baseURL: `${server.url}/json`, apiKey: 'k' } },
      });
      try {
        const error = await failure(client.complete(request, { deadline: 400 }));
        assert.ok(error instanceof APITimeoutError, String(error));
        assert.equal(error.code, 'DEADLINE_EXCEEDED');
      } finally {
        client.close();
      }
    });
  }
});
