/**
 * Trap: a 200 answer to a stream request that is no event stream (a proxy's HTML page, a JSON
 * body from a server that ignored stream: true) was reported as a retryable STREAM_TRUNCATED
 * connection error, so the default retries resent the paid request. It is an
 * InvalidResponseError, not retried, quoting (redacted) the start of the body.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { InvalidResponseError, type LlmuxClient, createClient } from '../../src/index.js';
import { type ScriptedServer, sse, startScriptedServer, waitForClose } from '../helpers/scripted-server.js';

const KEY = 'sk-test-NOTSSE-0123456789abcdefghij';
const messages = [{ role: 'user' as const, content: 'Hi' }];
const LOGIN_PAGE = '<!DOCTYPE html><html><head><title>Sign in to the proxy</title></head><body>Please sign in</body></html>';

describe('trap: a stream request answered by something that is not an event stream', () => {
  let server: ScriptedServer;
  let client: LlmuxClient;
  before(async () => {
    server = await startScriptedServer();
    // Default retries (2), as a new user has them; a retry here would be a resent paid request.
    client = createClient({
      env: { OPENAI_API_KEY: KEY, OPENAI_BASE_URL: `${server.url}/v1`, ANTHROPIC_API_KEY: KEY, ANTHROPIC_BASE_URL: server.url },
      timeout: 5_000,
    });
  });
  after(async () => {
    client.close();
    await server.close();
  });

  it('a text/html page is an InvalidResponseError quoting it, sent once, and its connection is released', async () => {
    const start = server.received.length;
    // The page's first piece arrives and the rest never does: the decision must not wait for it.
    server.push({
      status: 200,
      headers: { 'content-type': 'text/html; charset=utf-8' },
      body: [LOGIN_PAGE, '<!-- more -->'],
      stallAfter: 1,
    });
    await assert.rejects(client.stream({ model: 'openai/gpt-4o-mini', messages }).finalResponse(), (error: unknown) => {
      assert.ok(error instanceof InvalidResponseError, String(error));
      assert.equal(error.retryable, false);
      assert.equal(error.code, 'NOT_EVENT_STREAM');
      assert.equal(error.status, 200);
      assert.equal(error.provider, 'openai');
      assert.match(error.message, /content type "text\/html; charset=utf-8"/);
      assert.match(error.message, /<title>Sign in to the proxy<\/title>/);
      return true;
    });
    assert.equal(server.received.length - start, 1, 'not retried');
    assert.ok(await waitForClose(server.received.at(-1)!), "the page's connection is let go");
  });

  it('a JSON body from a server that ignored stream: true is refused the same way (Anthropic), with the key redacted', async () => {
    const start = server.received.length;
    server.push({
      status: 200,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'message', echo: `x-api-key ${KEY}`, content: [] }),
    });
    await assert.rejects(client.stream({ model: 'anthropic/claude-sonnet-4-5', messages }).finalResponse(), (error: unknown) => {
      assert.ok(error instanceof InvalidResponseError, String(error));
      assert.equal(error.retryable, false);
      assert.match(error.message, /"type\\?":\\?"message\\?"/);
      assert.ok(!error.message.includes(KEY), 'the key is redacted');
      return true;
    });
    assert.equal(server.received.length - start, 1, 'not retried');
  });

  it('an event stream under another content type still streams, and an HTML page after it is still refused', async () => {
    const start = server.received.length;
    const chunk = (content: string, finish: string | null) => ({
      id: 'c',
      object: 'chat.completion.chunk',
      created: 1,
      model: 'gpt-4o-mini',
      choices: [{ index: 0, delta: { content }, finish_reason: finish }],
    });
    // Split inside "data:" so the check has to wait for more bytes before it can tell.
    const events = sse([chunk('Hel', null), chunk('lo', 'stop')]).join('');
    server.push({ status: 200, headers: { 'content-type': 'text/plain' }, body: [events.slice(0, 2), events.slice(2)] });
    const res = await client.stream({ model: 'openai/gpt-4o-mini', messages }).finalResponse();
    assert.equal(res.choices[0]?.message.content, 'Hello');
    server.push({ status: 200, headers: { 'content-type': 'text/plain' }, body: 'Service temporarily moved' });
    await assert.rejects(
      client.stream({ model: 'openai/gpt-4o-mini', messages }).finalResponse(),
      (error: unknown) => error instanceof InvalidResponseError && !error.retryable,
    );
    assert.equal(server.received.length - start, 2);
  });
});
