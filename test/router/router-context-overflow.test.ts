// An answer Anthropic stopped at the model's context window (HTTP 200, stop_reason
// model_context_window_exceeded) moves a Router call to contextWindowFallbacks, like a 400
// context-window error; without a larger group, or when none answers, the paid answer stands.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { FallbackEvent } from '../../src/index.js';
import { Router } from '../../src/router/index.js';
import { type ScriptedServer, startScriptedServer } from '../helpers/scripted-server.js';

const messages = [{ role: 'user' as const, content: 'Summarise this very long document' }];
const answer = (stopReason: string, text: string) => ({
  body: JSON.stringify({
    id: `msg_${stopReason}`,
    type: 'message',
    role: 'assistant',
    model: 'claude-sonnet-4-5-20250929',
    content: [{ type: 'text', text }],
    stop_reason: stopReason,
    stop_sequence: null,
    usage: { input_tokens: 199000, output_tokens: 1000 },
  }),
});

describe('Router: model_context_window_exceeded is a context-window overflow', () => {
  let server: ScriptedServer;
  before(async () => {
    server = await startScriptedServer();
  });
  after(() => server.close());
  beforeEach(() => {
    server.received.length = 0;
  });

  const router = (withFallback: boolean, callbacks = {}) =>
    new Router({
      deployments: [
        { group: 'short', model: 'anthropic/claude-sonnet-4-5-20250929', baseURL: server.url, apiKey: 'k' },
        { group: 'long', model: 'anthropic/claude-opus-4-7', baseURL: server.url, apiKey: 'k' },
      ],
      ...(withFallback ? { contextWindowFallbacks: { short: ['long'] } } : {}),
      numRetries: 0,
      client: { env: {} },
      callbacks,
    });

  it('goes to contextWindowFallbacks, and the cut-off attempt is in the ledger with its cost', async () => {
    const fallbacks: FallbackEvent[] = [];
    const r = router(true, { onFallback: (event: FallbackEvent) => void fallbacks.push(event) });
    try {
      server.push(answer('model_context_window_exceeded', 'The document begins with'), answer('end_turn', 'The whole summary.'));
      const response = await r.complete({ model: 'short', messages, max_tokens: 1000 });
      assert.equal(response.choices[0]!.message.content, 'The whole summary.');
      assert.equal(response.routing?.servedBy.group, 'long');
      assert.deepEqual(
        server.received.map((q) => q.json.model),
        ['claude-sonnet-4-5-20250929', 'claude-opus-4-7'],
      );
      assert.deepEqual(
        fallbacks.map((e) => [e.fromGroup, e.toGroup, e.reason]),
        [['short', 'long', 'context_window']],
      );
      const entries = r.ledger.forCall(response.routing!.callId);
      assert.deepEqual(
        entries.map((e) => [e.group, e.outcome, e.usage?.prompt_tokens]),
        [
          ['short', 'error', 199000],
          ['long', 'success', 199000],
        ],
      );
    } finally {
      await r.close();
    }
  });

  it('without a contextWindowFallbacks group the answer is returned as it is, with its provider_finish_reason', async () => {
    const r = router(false);
    try {
      server.push(answer('model_context_window_exceeded', 'The document begins with'));
      const response = await r.complete({ model: 'short', messages, max_tokens: 1000 });
      assert.equal(response.choices[0]!.finish_reason, 'length');
      assert.equal((response.choices[0] as { provider_finish_reason?: string }).provider_finish_reason, 'model_context_window_exceeded');
      assert.equal(server.received.length, 1);
    } finally {
      await r.close();
    }
  });

  it('when the larger group fails too, the paid cut-off answer is returned instead of the error', async () => {
    const r = router(true);
    try {
      server.push(answer('model_context_window_exceeded', 'The document begins with'), {
        status: 500,
        body: JSON.stringify({ type: 'error', error: { type: 'api_error', message: 'down' } }),
      });
      const response = await r.complete({ model: 'short', messages, max_tokens: 1000 });
      assert.equal(response.choices[0]!.message.content, 'The document begins with');
      assert.equal(response.routing?.servedBy.group, 'short');
      assert.equal(response.routing?.attempts, 2);
      assert.equal(server.received.length, 2);
    } finally {
      await r.close();
    }
  });
});
