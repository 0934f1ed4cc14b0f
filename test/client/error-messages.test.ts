/**
 * Timeouts, aborts and 404s say what happened in words a user can act on, over real HTTP
 * against the mock server, on both transports.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { APITimeoutError, APIUserAbortError, type LlmuxClient, NotFoundError, createClient } from '../../src/index.js';
import { type MockServer, startMockServer } from '../../src/mock-server/index.js';
import { Router } from '../../src/router/index.js';
import { createFetchTransport } from '../../src/transport/fetch-transport.js';
import { createNodeTransport } from '../../src/transport/node-transport.js';
import type { Transport } from '../../src/transport/transport-types.js';

const messages = [{ role: 'user' as const, content: 'one two three four five six seven eight nine ten' }];
const model = 'openai/gpt-4o-mini';

const transports: [string, () => Transport][] = [
  ['node:http', () => createNodeTransport()],
  ['fetch', () => createFetchTransport()],
];

for (const [name, makeTransport] of transports) {
  describe(`timeouts and aborts read correctly (${name} transport)`, () => {
    let server: MockServer;
    let client: LlmuxClient;
    before(async () => {
      server = await startMockServer();
      client = createClient({ providers: { openai: { baseURL: server.openaiBaseURL, apiKey: 'k' } }, env: {}, transport: makeTransport() });
    });
    after(async () => {
      client.close();
      await server.close();
    });

    it('no response headers within the timeout: "No response from <origin> within N ms"', async () => {
      // 1 s: long enough for the request to reach the server (and spend this fault) on a loaded
      // machine, so the next test's fault is not queued behind it.
      server.injectFaults([{ delayFirstByteMs: 3000 }]);
      await assert.rejects(client.complete({ model, messages }, { timeout: 1000, maxRetries: 0 }), (e: unknown) => {
        assert.ok(e instanceof APITimeoutError, String(e));
        const origin = new URL(server.openaiBaseURL).origin;
        assert.equal(e.message, `No response from ${origin} within 1000 ms`);
        assert.equal(e.retryable, true);
        return true;
      });
    });

    it('a stream gone silent: "No stream data from <origin> within N ms"', async () => {
      server.injectFaults([{ stallAfterChunks: 2 }]);
      // Long enough for the headers to arrive on a loaded machine: this is about the silence after them.
      await assert.rejects(client.stream({ model, messages }, { timeout: 1500, maxRetries: 0 }).finalResponse(), (e: unknown) => {
        assert.ok(e instanceof APITimeoutError, String(e));
        assert.match(e.message, /^No stream data from http:\/\/127\.0\.0\.1:\d+ within 1500 ms$/);
        assert.doesNotMatch(e.message, /No the|No a /);
        return true;
      });
    });

    it('AbortSignal.timeout() on complete() is a timeout, not "aborted by the caller", and is not retried', async () => {
      server.injectFaults([{ delayFirstByteMs: 3000 }]);
      const before = server.requests.length;
      await assert.rejects(client.complete({ model, messages }, { signal: AbortSignal.timeout(100) }), (e: unknown) => {
        assert.ok(e instanceof APITimeoutError, `expected APITimeoutError, got ${String(e)}`);
        assert.ok(!(e instanceof APIUserAbortError));
        assert.equal(e.code, 'SIGNAL_TIMEOUT');
        assert.equal(e.retryable, false);
        assert.match(e.message, /timed out/);
        assert.match(e.message, /AbortSignal\.timeout\(\)/);
        assert.doesNotMatch(e.message, /aborted by the caller/);
        assert.equal((e.cause as Error).name, 'TimeoutError');
        return true;
      });
      assert.equal(server.requests.length - before, 1, 'a timed-out signal must not be retried');
    });

    it('AbortSignal.timeout() in the middle of a stream is a timeout that keeps what arrived', async () => {
      server.injectFaults([{ stallAfterChunks: 3 }]);
      const stream = client.stream({ model, messages }, { signal: AbortSignal.timeout(300) });
      let received = '';
      await assert.rejects(
        (async () => {
          for await (const text of stream.textStream) received += text;
        })(),
        (e: unknown) => {
          assert.ok(e instanceof APITimeoutError, `expected APITimeoutError, got ${String(e)}`);
          assert.equal(e.code, 'SIGNAL_TIMEOUT');
          assert.doesNotMatch(e.message, /aborted/);
          assert.ok(received.length > 0, 'chunks arrived before the stall');
          assert.equal(e.partialText, received);
          return true;
        },
      );
      await assert.rejects(stream.finalResponse(), APITimeoutError);
    });

    it("the caller's own abort still says so", async () => {
      server.injectFaults([{ delayFirstByteMs: 3000 }]);
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 50);
      await assert.rejects(client.complete({ model, messages }, { signal: controller.signal }), (e: unknown) => {
        assert.ok(e instanceof APIUserAbortError, String(e));
        assert.match(e.message, /aborted by the caller/);
        return true;
      });
    });
  });
}

describe('a Router call whose signal times out', () => {
  let server: MockServer;
  before(async () => {
    server = await startMockServer();
  });
  after(() => server.close());

  it('rejects with the timeout, not an abort, and does not fall back', async () => {
    server.injectFaults([{ delayFirstByteMs: 3000, times: 5 }]);
    const router = new Router({
      deployments: [
        { group: 'main', model, baseURL: server.openaiBaseURL, apiKey: 'k' },
        { group: 'spare', model, baseURL: server.openaiBaseURL, apiKey: 'k' },
      ],
      fallbacks: { main: ['spare'] },
      client: { env: {} },
    });
    try {
      const before = server.requests.length;
      // 1 s: long enough for the first attempt to reach the server on a loaded machine.
      await assert.rejects(router.complete({ model: 'main', messages }, { signal: AbortSignal.timeout(1000) }), (e: unknown) => {
        assert.ok(e instanceof APITimeoutError, `expected APITimeoutError, got ${String(e)}`);
        assert.match(e.message, /timed out/);
        return true;
      });
      assert.equal(server.requests.length - before, 1);
    } finally {
      await router.close();
    }
  });
});

describe('a 404 names the URL requested and the usual cause', () => {
  let server: MockServer;
  before(async () => {
    server = await startMockServer();
  });
  after(() => server.close());

  it('a base URL without a version segment: asks whether /v1 is missing', async () => {
    const origin = new URL(server.openaiBaseURL).origin;
    const client = createClient({ providers: { openai: { baseURL: `${origin}/api`, apiKey: 'k' } }, env: {} });
    try {
      await assert.rejects(client.complete({ model, messages }), (e: unknown) => {
        assert.ok(e instanceof NotFoundError, String(e));
        assert.ok(e.message.endsWith(`; requested ${origin}/api/chat/completions (is /v1 missing from the base URL?)`), e.message);
        // The provider's own words stay in the message.
        assert.match(e.message, /Unknown request URL/);
        return true;
      });
    } finally {
      client.close();
    }
  });

  it('a versioned URL is named without a hint', async () => {
    const client = createClient({ providers: { openai: { baseURL: `${server.openaiBaseURL}/nope`, apiKey: 'k' } }, env: {} });
    try {
      await assert.rejects(client.stream({ model, messages }).finalResponse(), (e: unknown) => {
        assert.ok(e instanceof NotFoundError, String(e));
        assert.ok(e.message.endsWith(`; requested ${server.openaiBaseURL}/nope/chat/completions`), e.message);
        return true;
      });
    } finally {
      client.close();
    }
  });

  it('a query string (where some providers take the key) stays out of the message', async () => {
    const { mapOpenAIError } = await import('../../src/providers/openai/map-openai-error.js');
    const error = mapOpenAIError({
      status: 404,
      headers: {},
      bodyText: '{}',
      provider: 'gemini',
      url: 'https://example.test/v1beta/models?key=secret-in-query',
    });
    assert.ok(error instanceof NotFoundError);
    assert.ok(error.message.endsWith('; requested https://example.test/v1beta/models'), error.message);
    assert.ok(!error.message.includes('secret-in-query'));
  });
});
