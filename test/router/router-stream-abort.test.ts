/**
 * Aborting a Router stream stops the request of the deployment serving it, at once, whichever
 * way the abort comes: the caller's signal, `abort()`, a timeout signal, or the caller stopping
 * early. The Router's stream reaches its client's stream through `onAbort`, not a listener.
 */
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import { APITimeoutError, APIUserAbortError } from '../../src/base/errors.js';
import { Router } from '../../src/router/index.js';
import { type ScriptedServer, startScriptedServer } from '../helpers/scripted-server.js';

const messages = [{ role: 'user' as const, content: 'Stream to me' }];
const sse = (content: string): string =>
  `data: ${JSON.stringify({ id: 'c1', object: 'chat.completion.chunk', created: 1, model: 'gpt-4o', choices: [{ index: 0, delta: { content }, finish_reason: null }] })}\n\n`;
/** Two chunks, then silence with the connection open. */
const stalling = { status: 200, headers: { 'content-type': 'text/event-stream' }, body: [sse('Hel'), sse('lo')], stallAfter: 2 };
/** The headers, then silence: no first chunk. */
const silent = { status: 200, headers: { 'content-type': 'text/event-stream' }, body: [sse('never')], stallAfter: 0 };

/** Resolves once `check` holds, polling; fails after `ms` (the test's own guard, not a timing assertion). */
async function until(check: () => boolean, what: string, ms = 5_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) assert.fail(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe('Router stream abort', () => {
  let server: ScriptedServer;
  const routers: Router[] = [];
  const router = (): Router => {
    const r = new Router({
      deployments: [{ group: 'g', model: 'openai/gpt-4o', baseURL: server.url, apiKey: 'k', id: 'd' }],
      client: { env: {} },
    });
    routers.push(r);
    return r;
  };

  before(async () => {
    server = await startScriptedServer();
  });
  afterEach(async () => {
    await Promise.all(routers.splice(0).map((r) => r.close()));
  });
  after(async () => {
    await server.close();
  });

  it("the caller's signal, mid-stream: the iteration rejects with APIUserAbortError carrying what arrived, and the deployment's request is closed", async () => {
    server.push(stalling);
    const r = router();
    const controller = new AbortController();
    const s = r.stream({ model: 'g', messages }, { signal: controller.signal });
    let text = '';
    const reading = (async () => {
      for await (const chunk of s) {
        text += chunk.choices[0]?.delta.content ?? '';
        if (text === 'Hello') controller.abort();
      }
    })();
    const error = await reading.then(
      () => assert.fail('expected an abort'),
      (e: unknown) => e,
    );
    assert.ok(error instanceof APIUserAbortError, String(error));
    assert.equal(error.partialResponse?.choices[0]?.message.content, 'Hello');
    await assert.rejects(s.finalResponse(), APIUserAbortError);
    const request = server.received.at(-1)!;
    await until(() => request.closed, 'the request to close');
    await until(() => r.ledger.entries().length === 1, 'the ledger entry');
    assert.equal(r.ledger.entries()[0]?.outcome, 'aborted');
  });

  it('abort() before the first chunk: the call ends at once, no retry, the request is closed', async () => {
    server.push(silent);
    const r = router();
    const s = r.stream({ model: 'g', messages });
    const before = server.received.length;
    const reading = (async () => {
      for await (const chunk of s) void chunk;
    })();
    await until(() => server.received.length === before + 1, 'the request');
    s.abort();
    await assert.rejects(reading, APIUserAbortError);
    const request = server.received.at(-1)!;
    await until(() => request.closed, 'the request to close');
    // Not retried: the router made one attempt.
    assert.equal(server.received.length, before + 1);
  });

  it('a timeout signal mid-stream ends it with APITimeoutError', async () => {
    server.push(stalling);
    const r = router();
    const s = r.stream({ model: 'g', messages }, { signal: AbortSignal.timeout(150) });
    let text = '';
    const error = await (async () => {
      for await (const chunk of s) text += chunk.choices[0]?.delta.content ?? '';
    })().then(
      () => assert.fail('expected a timeout'),
      (e: unknown) => e,
    );
    assert.ok(error instanceof APITimeoutError, String(error));
    assert.equal(text, 'Hello');
    const request = server.received.at(-1)!;
    await until(() => request.closed, 'the request to close');
  });

  it('the caller stopping early closes the request and records the attempt as aborted', async () => {
    server.push(stalling);
    const r = router();
    const s = r.stream({ model: 'g', messages });
    for await (const chunk of s) {
      assert.equal(chunk.choices[0]?.delta.content, 'Hel');
      break;
    }
    await assert.rejects(s.finalResponse(), APIUserAbortError);
    const request = server.received.at(-1)!;
    await until(() => request.closed, 'the request to close');
    await until(() => r.ledger.entries().length === 1, 'the ledger entry');
    assert.equal(r.ledger.entries()[0]?.outcome, 'aborted');
  });
});
