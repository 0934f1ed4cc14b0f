import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createClient } from '../../src/index.js';
import { createNodeTransport } from '../../src/transport/node-transport.js';
import { type TestServer, startTestServer } from '../helpers/test-server.js';

const CHUNK = `data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', created: 1, model: 'gpt-4o', choices: [{ index: 0, delta: { content: 'Hi' }, finish_reason: null }] })}\n\n`;
const FINISH = `data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', created: 1, model: 'gpt-4o', choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] })}\n\n`;

type ExhaustibleBody = AsyncIterator<Uint8Array> & { exhausted(): boolean };

/** Waits until `check()` holds, up to a second. */
async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 100 && !check(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
  assert.ok(check(), `${what} within a second`);
}

// The node transport's body says when it ended whole and was read to its end: a stream that saw
// its terminator then drains nothing (stream/stream-sse-chunks.ts), and a body that is still
// arriving, still holds unread bytes, or failed, must never say so.
describe("the node transport's body: exhausted()", () => {
  let server: TestServer;
  let release: (() => void) | undefined;
  const streamPorts = new Set<number | undefined>();
  before(async () => {
    server = await startTestServer((req, res) => {
      if (req.url === '/chat/completions') streamPorts.add(req.socket.remotePort);
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      if (req.url === '/cut') {
        res.write(CHUNK);
        setTimeout(() => res.socket?.destroy(), 20);
        return;
      }
      if (req.url === '/later') {
        res.write(CHUNK);
        release = () => res.end(FINISH);
        return;
      }
      res.end(CHUNK + FINISH);
    });
  });
  after(() => server.close());

  const open = async (path: string): Promise<ExhaustibleBody> => {
    const response = await createNodeTransport().request({ url: `${server.url}${path}`, method: 'POST', headers: {}, body: '{}' });
    return response.body[Symbol.asyncIterator]() as ExhaustibleBody;
  };

  it('is false while reads are left, and true once the whole body has been read', async () => {
    const body = await open('/whole');
    assert.equal(body.exhausted(), false, 'nothing read yet');
    const first = await body.next();
    assert.equal(first.done, false);
    // The end arrives with the bytes or just after: everything has been read then.
    await until(() => body.exhausted(), 'the end');
    assert.equal((await body.next()).done, true);
  });

  it('is false while the body is still arriving, true after its end is read', async () => {
    const body = await open('/later');
    assert.equal((await body.next()).done, false);
    assert.equal(body.exhausted(), false, 'the server has not ended the body');
    release!();
    const rest = await body.next();
    assert.equal(rest.done, false, 'the last bytes');
    await until(() => body.exhausted(), 'the end');
    assert.equal((await body.next()).done, true);
  });

  it('is never true for a body cut short', async () => {
    const body = await open('/cut');
    assert.equal((await body.next()).done, false);
    await assert.rejects(body.next());
    assert.equal(body.exhausted(), false);
  });

  it('a stream that ends whole leaves its connection reusable', async () => {
    const client = createClient({ env: {}, providers: { openai: { baseURL: server.url, apiKey: 'k' } } });
    try {
      for (let i = 0; i < 3; i++) {
        let text = '';
        for await (const chunk of client.stream({ model: 'openai/gpt-4o', messages: [{ role: 'user', content: 'hi' }] }))
          text += chunk.choices[0]?.delta.content ?? '';
        assert.equal(text, 'Hi');
      }
      assert.equal(streamPorts.size, 1, 'the three streams shared one connection');
    } finally {
      client.close();
    }
  });
});
