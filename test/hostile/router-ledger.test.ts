/**
 * The Router's cost ledger keeps a bounded, key-free error message per failed attempt, whatever
 * size of error message a provider sends.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createClient } from '../../src/index.js';
import { isLlmuxError } from '../../src/base/errors.js';
import { Router } from '../../src/router/index.js';
import { type LocalProvider, startLocalProvider } from './router-provider.js';

const messages = [{ role: 'user' as const, content: 'hi' }];
const KEY = 'sk-live-0123456789abcdefghijklmnopqrstuvwxyz';

describe('Router ledger against a hostile provider', () => {
  let a: LocalProvider;
  let b: LocalProvider;
  before(async () => {
    [a, b] = await Promise.all([startLocalProvider(), startLocalProvider()]);
  });
  after(async () => {
    await Promise.all([a.close(), b.close()]);
  });

  it('stores at most 1 KiB of a 2 MiB error message, with the key redacted before the cut', async () => {
    // After the "500 from openai (gpt-4o): " prefix, the key straddles the 1 KiB mark; it appears
    // again later on.
    const message = `${'x'.repeat(980)} ${KEY} ${'y'.repeat(2 * 1024 * 1024)} ${KEY}`;
    a.reply = () => ({ kind: 'error', status: 500, body: JSON.stringify({ error: { message, type: 'server_error' } }) });
    b.reply = () => ({ kind: 'ok', text: 'from b' });
    const r = new Router({
      deployments: [
        { id: 'a', group: 'smart', model: 'openai/gpt-4o', baseURL: a.baseURL, apiKey: KEY, priority: 0 },
        { id: 'b', group: 'smart', model: 'openai/gpt-4o', baseURL: b.baseURL, apiKey: 'other-key-123456', priority: 1 },
      ],
      client: { env: {} },
    });
    try {
      const response = await r.complete({ model: 'smart', messages });
      const [failed] = r.ledger.forCall(response.routing!.callId);
      assert.equal(failed?.outcome, 'error');
      const stored = failed!.error!.message;
      assert.ok(stored.length <= 1024, `ledger message of ${stored.length} chars`);
      assert.match(stored, /^500 from openai \(gpt-4o\): x{980} /);
      assert.ok(stored.length > 1_000, 'the message is cut at the limit, not dropped');
      // No piece of the key survives, not even its first half cut at the limit.
      assert.ok(!stored.includes(KEY.slice(0, 12)), stored.slice(980));
      assert.ok(failed!.error!.name.length <= 1024);
    } finally {
      await r.close();
    }
  });

  it('keeps only the token counts of a usage object, whatever else a provider puts in it', async () => {
    const junk = 'z'.repeat(1024 * 1024);
    a.reply = () => ({
      kind: 'ok',
      text: 'from a',
      usage: {
        prompt_tokens: 3,
        completion_tokens: 2,
        total_tokens: 5,
        junk,
        prompt_tokens_details: { cached_tokens: 1, junk },
        completion_tokens_details: junk,
      },
    });
    const r = new Router({
      deployments: [{ id: 'a', group: 'smart', model: 'openai/gpt-4o', baseURL: a.baseURL, apiKey: KEY }],
      client: { env: {} },
    });
    try {
      const response = await r.complete({ model: 'smart', messages });
      const [entry] = r.ledger.forCall(response.routing!.callId);
      assert.deepEqual(entry?.usage, {
        prompt_tokens: 3,
        completion_tokens: 2,
        total_tokens: 5,
        prompt_tokens_details: { cached_tokens: 1 },
      });
    } finally {
      await r.close();
    }
  });

  it('an error object keeps at most 4 KiB of a 2 MiB provider message, without the key', async () => {
    const message = `${'x'.repeat(4_080)} ${KEY} ${'y'.repeat(2 * 1024 * 1024)}`;
    a.reply = () => ({ kind: 'error', status: 400, body: JSON.stringify({ error: { message, type: 'invalid_request_error' } }) });
    const client = createClient({ env: {} });
    try {
      const error: unknown = await client
        .complete({ model: 'openai/gpt-4o', messages }, { apiKey: KEY, baseURL: a.baseURL, maxRetries: 0 })
        .then(
          () => assert.fail('the 400 must reject'),
          (e: unknown) => e,
        );
      assert.ok(isLlmuxError(error));
      assert.ok(
        error.providerMessage !== undefined && error.providerMessage.length <= 4_096,
        `providerMessage of ${error.providerMessage?.length} chars`,
      );
      assert.ok(error.message.length <= 4_096 + 100, `message of ${error.message.length} chars`);
      assert.match(error.providerMessage, /^x{4080} /);
      assert.ok(
        !error.message.includes(KEY.slice(0, 12)) && !error.providerMessage.includes(KEY.slice(0, 12)),
        error.providerMessage.slice(4_070),
      );
    } finally {
      client.close();
    }
  });
});
