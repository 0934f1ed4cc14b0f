/**
 * Trap: a ConfigurationError from a deployment (a malformed message, a missing key) made the
 * Router fall back to another group, which hid the bug (or served the call somewhere it was not
 * meant to go). It is thrown at once: no retry, no fallback, no deployment penalised, and a
 * stream's attempt is settled (its in-flight count back to zero).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ConfigurationError, type LlmuxCallbacks } from '../../src/index.js';
import { type MockServer, startMockServer } from '../../src/mock-server/index.js';
import { Router, createMemoryStateStore } from '../../src/router/index.js';

const messages = [{ role: 'user' as const, content: 'Hi' }];

describe('trap: the Router never falls back on a ConfigurationError', () => {
  let server: MockServer;
  before(async () => {
    server = await startMockServer();
  });
  after(() => server.close());

  /** Group "main" has no key for its provider; group "backup" works and must not be used. */
  function setup(): { router: Router; store: ReturnType<typeof createMemoryStateStore>; fallbacks: unknown[] } {
    const fallbacks: unknown[] = [];
    const callbacks: LlmuxCallbacks = { onFallback: (event) => void fallbacks.push(event) };
    const store = createMemoryStateStore();
    const router = new Router({
      deployments: [
        { group: 'main', id: 'main-1', model: 'anthropic/claude-sonnet-4-5', baseURL: server.anthropicBaseURL },
        { group: 'main', id: 'main-2', model: 'anthropic/claude-haiku-4-5', baseURL: server.anthropicBaseURL },
        { group: 'backup', id: 'backup-1', model: 'openai/gpt-4o-mini', baseURL: server.openaiBaseURL, apiKey: 'k' },
      ],
      fallbacks: { main: ['backup'] },
      retryPolicy: { ConfigurationError: 3 },
      client: { env: {} },
      store,
      callbacks,
    });
    return { router, store, fallbacks };
  }

  it('complete(): a missing key is thrown, not hidden by the backup group', async () => {
    const { router, fallbacks } = setup();
    const start = server.requests.length;
    await assert.rejects(
      router.complete({ model: 'main', messages }),
      (error: unknown) => error instanceof ConfigurationError && /No API key for provider "anthropic"/.test(error.message),
    );
    assert.equal(server.requests.length, start, 'the backup was not called');
    assert.deepEqual(fallbacks, []);
    assert.equal(router.ledger.entries().length, 1, "one attempt, not retried on the group's other deployment");
    await router.close();
  });

  it('complete(): a malformed message is thrown, not sent to the backup', async () => {
    const { router, fallbacks } = setup();
    const start = server.requests.length;
    await assert.rejects(
      router.complete({ model: 'main', messages: [{ role: 'user', content: 42 } as never] }),
      /messages\[0\]\.content is 42/,
    );
    assert.equal(server.requests.length, start);
    assert.deepEqual(fallbacks, []);
    await router.close();
  });

  it('stream(): the same, and the attempt is settled (in-flight back to 0)', async () => {
    const { router, store, fallbacks } = setup();
    const start = server.requests.length;
    await assert.rejects(router.stream({ model: 'main', messages }).finalResponse(), ConfigurationError);
    assert.equal(server.requests.length, start);
    assert.deepEqual(fallbacks, []);
    assert.deepEqual(await store.inFlight(['main-1', 'main-2', 'backup-1']), [0, 0, 0]);
    await router.close();
  });
});
