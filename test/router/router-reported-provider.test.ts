// A Router's callbacks name the provider of a deployment's model by the one model-id reading.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startMockServer, type MockServer } from '../../src/mock-server/index.js';
import { Router } from '../../src/router/index.js';

const messages = [{ role: 'user' as const, content: 'Hi' }];

describe('Router onRequest provider', () => {
  let server: MockServer;
  before(async () => {
    server = await startMockServer();
  });
  after(async () => {
    await server.close();
  });

  it("is the bare model's provider (openai for gpt-4o-mini), not the model name, and the prefix otherwise", async () => {
    const providers: unknown[] = [];
    const router = new Router({
      deployments: [
        { group: 'bare', model: 'gpt-4o-mini', baseURL: server.openaiBaseURL, apiKey: 'k' },
        { group: 'prefixed', model: 'openai/gpt-4o-mini', baseURL: server.openaiBaseURL, apiKey: 'k' },
      ],
      client: { env: {} },
      callbacks: { onRequest: (event) => void providers.push((event as { provider?: unknown }).provider) },
    });
    try {
      await router.complete({ model: 'bare', messages });
      await router.complete({ model: 'prefixed', messages });
    } finally {
      await router.close();
    }
    assert.deepEqual(providers, ['openai', 'openai']);
  });
});
