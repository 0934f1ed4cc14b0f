// llmux's Router: sequential router.complete() calls on the group "bench". The variant comes
// from argv: `1` (one deployment), `3` (three deployments of the group, default strategy), or
// `callbacks` (one deployment, with onRequest/onResponse/onError callbacks on the router).
import * as routerModule from 'llmux/router';
import { BASE_URL, runSequential } from './sequential.mjs';

const variant = process.argv[2];
const count = variant === '3' ? 3 : 1;
const events = { request: 0, response: 0, error: 0 };
const options = {
  deployments: Array.from({ length: count }, () => ({ group: 'bench', model: 'openai/gpt-4o-mini' })),
  // The router's own client, configured as the plain llmux client is.
  client: { providers: { openai: { baseURL: BASE_URL, apiKey: 'bench' } } },
};
if (variant === 'callbacks') {
  options.callbacks = {
    onRequest: () => events.request++,
    onResponse: (e) => {
      if (e.usage?.total_tokens > 0) events.response++;
    },
    onError: () => events.error++,
  };
}
// `createRouter(options)` where the build has it, else `new Router(options)`.
const router = typeof routerModule.createRouter === 'function' ? routerModule.createRouter(options) : new routerModule.Router(options);
const request = { model: 'bench', messages: [{ role: 'user', content: 'Say hello.' }] };
const servedBy = {};

await runSequential(
  async () => {
    const response = await router.complete(request);
    const deployment = response.routing?.servedBy.deployment;
    servedBy[deployment] = (servedBy[deployment] ?? 0) + 1;
    return response.choices[0].message.content;
  },
  async () => {
    const used = Object.keys(servedBy).filter((d) => d !== 'undefined');
    if (used.length !== count) throw new Error(`served by ${JSON.stringify(servedBy)}, expected ${count} deployment(s)`);
    if (variant === 'callbacks') {
      // Callbacks are not awaited by the router: let any queued ones run before counting.
      await new Promise((resolve) => setImmediate(resolve));
      const calls = Object.values(servedBy).reduce((a, b) => a + b, 0);
      if (events.request !== calls || events.response !== calls || events.error !== 0) {
        throw new Error(`callbacks saw ${JSON.stringify(events)} for ${calls} calls`);
      }
    }
    return { servedBy, events: variant === 'callbacks' ? events : undefined, ledgerEntries: router.ledger.entries().length };
  },
);
