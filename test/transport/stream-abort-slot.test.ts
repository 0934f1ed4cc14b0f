import assert from 'node:assert/strict';
import { getEventListeners } from 'node:events';
import { after, before, describe, it } from 'node:test';
import { APIUserAbortError, createClient } from '../../src/index.js';
import { type TestServer, startTestServer } from '../helpers/test-server.js';

const CHUNK = `data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', created: 1, model: 'gpt-4o', choices: [{ index: 0, delta: { content: 'Hi' }, finish_reason: null }] })}\n\n`;
const messages = [{ role: 'user' as const, content: 'hold on' }];

/** `promise`, or a rejection naming what did not happen within two seconds. */
function within<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not happen within 2 s`)), 2000);
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

/** Resolves once `server` has no open socket left, or rejects after a second. */
async function socketsClosed(server: TestServer): Promise<void> {
  for (let i = 0; i < 100 && server.openSockets() > 0; i++) await new Promise((resolve) => setTimeout(resolve, 10));
  assert.equal(server.openSockets(), 0, 'the aborted request still holds its connection');
}

// The node transport waits on a stream's own signal in the signal's slot, not with an event
// listener (see util/abort-hook.ts): an abort must still end the request, before its headers as
// after its first chunk, and the stream must reject as aborted.
describe("a stream's abort reaches the node transport without an abort listener", () => {
  let server: TestServer;
  let mode: 'headers' | 'first-chunk' = 'first-chunk';
  before(async () => {
    server = await startTestServer((_req, res) => {
      if (mode === 'headers') return; // never answers
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(CHUNK); // and never ends
    });
  });
  after(() => server.close());

  for (const when of ['first-chunk', 'headers'] as const) {
    it(`aborted while waiting for ${when === 'headers' ? 'the headers' : 'the next chunk'}`, async () => {
      mode = when;
      const client = createClient({ env: {}, cost: false, providers: { openai: { baseURL: `${server.url}/v1`, apiKey: 'k' } } });
      try {
        const stream = client.stream({ model: 'openai/gpt-4o', messages });
        const iterator = stream[Symbol.asyncIterator]();
        const first = iterator.next();
        if (when === 'first-chunk') assert.equal((await first).value?.choices[0]?.delta.content, 'Hi');
        else for (let i = 0; i < 100 && server.openSockets() === 0; i++) await new Promise((resolve) => setTimeout(resolve, 10));
        assert.equal(server.openSockets(), 1);
        assert.equal(getEventListeners(stream.signal, 'abort').length, 0);
        stream.abort();
        await assert.rejects(within(when === 'first-chunk' ? iterator.next() : first, 'the abort'), APIUserAbortError);
        await socketsClosed(server);
      } finally {
        client.close();
      }
    });
  }
});
