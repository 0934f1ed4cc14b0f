import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PROVIDERS } from '../../src/providers/registry.js';
import { ANTHROPIC_ENDPOINT, OPENAI_ENDPOINT, OPENROUTER_ENDPOINT } from '../../src/providers/provider-endpoints.js';

// The registry writes its entries out as literals (see registry.ts); the factories of llmux/openai,
// llmux/anthropic and llmux/openrouter read provider-endpoints.ts. Both must say the same, or a key
// read from one family of variables could be sent to the other's host.
describe('the registry and the provider factories agree on every endpoint', () => {
  for (const [id, endpoint] of [
    ['openai', OPENAI_ENDPOINT],
    ['anthropic', ANTHROPIC_ENDPOINT],
    ['openrouter', OPENROUTER_ENDPOINT],
  ] as const) {
    it(`${id}: base URL, key and URL variables, key requirement and compat`, () => {
      const { load, ...entry } = PROVIDERS[id];
      assert.equal(typeof load, 'function');
      assert.deepEqual(entry, endpoint);
    });
  }
});
