/**
 * Trap: a 200 HTML page (a proxy's sign-in page, a web server at a wrong base URL) answering a
 * non-streaming call was a retryable "malformed JSON", so the default retries resent the paid
 * request twice. It is an InvalidResponseError (code NOT_JSON), sent once, quoting the page
 * with the key redacted. A body that is merely cut or garbled JSON stays retryable.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { InvalidResponseError, type LlmuxClient, createClient } from '../../src/index.js';
import { type ScriptedServer, startScriptedServer } from '../helpers/scripted-server.js';

const KEY = 'sk-test-NOTJSON-0123456789abcdefghij';
const messages = [{ role: 'user' as const, content: 'Hi' }];
const PAGE = `<!DOCTYPE html><html><head><title>Sign in to the proxy</title></head><body>key ${KEY}</body></html>`;

describe('trap: a non-streaming call answered by an HTML page', () => {
  let server: ScriptedServer;
  let client: LlmuxClient;
  before(async () => {
    server = await startScriptedServer();
    // Default retries (2), as a new user has them.
    client = createClient({
      env: { OPENAI_API_KEY: KEY, OPENAI_BASE_URL: `${server.url}/v1`, ANTHROPIC_API_KEY: KEY, ANTHROPIC_BASE_URL: server.url },
      timeout: 5_000,
    });
  });
  after(async () => {
    client.close();
    await server.close();
  });

  for (const model of ['openai/gpt-4o-mini', 'anthropic/claude-sonnet-4-5']) {
    it(`${model}: an InvalidResponseError NOT_JSON, sent once, the page quoted without the key`, async () => {
      const start = server.received.length;
      server.push({ status: 200, headers: { 'content-type': 'text/html; charset=utf-8' }, body: PAGE });
      await assert.rejects(client.complete({ model, messages }), (error: unknown) => {
        assert.ok(error instanceof InvalidResponseError, String(error));
        assert.equal(error.retryable, false);
        assert.equal(error.code, 'NOT_JSON');
        assert.match(error.message, /markup page, not JSON/);
        assert.match(error.message, /<title>Sign in to the proxy<\/title>/);
        assert.ok(!error.message.includes(KEY), 'the key is redacted');
        return true;
      });
      assert.equal(server.received.length - start, 1, 'not retried');
    });
  }

  it('a cut JSON body is still retried (a glitch a retry can fix)', async () => {
    const start = server.received.length;
    const good = {
      id: 'chatcmpl-1',
      object: 'chat.completion',
      created: 1,
      model: 'gpt-4o-mini',
      choices: [{ index: 0, message: { role: 'assistant', content: 'ok', refusal: null }, finish_reason: 'stop', logprobs: null }],
    };
    server.push({ status: 200, headers: { 'content-type': 'application/json' }, body: '{"id":"chatcmpl-1","obj' });
    server.push({ status: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify(good) });
    const response = await client.complete({ model: 'openai/gpt-4o-mini', messages });
    assert.equal(response.choices[0]?.message.content, 'ok');
    assert.equal(server.received.length - start, 2, 'retried once');
  });
});
