import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createClient } from '../../src/index.js';
import { type MockServer, startMockServer } from '../../src/mock-server/index.js';
import { createFetchTransport } from '../../src/transport/fetch-transport.js';
import { createNodeTransport } from '../../src/transport/node-transport.js';

// Regression: leaving a short stream after its first chunk, when the whole body had already
// arrived, used to hand the abort error to a pooled keep-alive socket and crash the process.
describe('leaving a stream early never crashes the process', () => {
  let server: MockServer;
  before(async () => {
    server = await startMockServer();
  });
  after(() => server.close());

  for (const [name, make] of [
    ['node:http', () => createNodeTransport()],
    ['fetch', () => createFetchTransport()],
  ] as const) {
    it(`${name}: break after the first chunk, several times on one pooled connection`, async () => {
      const crashes: unknown[] = [];
      const onCrash = (error: unknown): void => void crashes.push(error);
      process.on('uncaughtException', onCrash);
      const client = createClient({ env: {}, transport: make(), providers: { openai: { baseURL: server.openaiBaseURL, apiKey: 'k' } } });
      try {
        for (let i = 0; i < 5; i++) {
          let seen = 0;
          for await (const _ of client.stream({ model: 'openai/gpt-4o', messages: [{ role: 'user', content: 'a few words here' }] })) {
            seen++;
            break;
          }
          assert.equal(seen, 1);
        }
        // The next call on the same pool still works.
        const response = await client.complete({ model: 'openai/gpt-4o', messages: [{ role: 'user', content: 'still there?' }] });
        assert.match(response.choices[0]!.message.content ?? '', /still there/);
        await new Promise((resolve) => setTimeout(resolve, 50));
      } finally {
        client.close();
        process.off('uncaughtException', onCrash);
      }
      assert.deepEqual(crashes, []);
    });
  }
});
