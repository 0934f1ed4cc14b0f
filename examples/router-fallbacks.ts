/**
 * A Router over two deployments of one group and a fallback group: the first deployment fails,
 * the router retries on the second, and the ledger shows what every attempt cost. Its callbacks
 * belong to this router alone.
 */
import { startMockServer } from 'llmux/mock-server';
import { Router } from 'llmux/router';

const [east, west, spare] = await Promise.all([startMockServer(), startMockServer(), startMockServer()]);
const router = new Router({
  deployments: [
    { id: 'east', group: 'smart', model: 'openai/gpt-4o', baseURL: east.openaiBaseURL, apiKey: 'example-key', priority: 0 },
    { id: 'west', group: 'smart', model: 'openai/gpt-4o', baseURL: west.openaiBaseURL, apiKey: 'example-key', priority: 1 },
    { id: 'mini', group: 'cheap', model: 'openai/gpt-4o-mini', baseURL: spare.openaiBaseURL, apiKey: 'example-key' },
  ],
  fallbacks: { smart: ['cheap'] },
  callbacks: {
    onRetry: (e) => console.log(`retry after ${e.error.name} on ${e.deployment}`),
    onFallback: (e) => console.log(`fallback ${e.fromGroup} -> ${e.toGroup}`),
  },
});

east.injectFaults([{ status: 503 }]);
const first = await router.complete({ model: 'smart', messages: [{ role: 'user', content: 'Hello' }] });
console.log(`served by ${first.routing?.servedBy.deployment} after ${first.routing?.attempts} attempts`);

// Both smart deployments down: the cheap group answers.
east.injectFaults([{ status: 500, times: 3 }]);
west.injectFaults([{ status: 500, times: 3 }]);
const second = await router.complete({ model: 'smart', messages: [{ role: 'user', content: 'Hello again' }] });
console.log(`served by ${second.routing?.servedBy.deployment} (${second.routing?.servedBy.group})`);

for (const entry of router.ledger.forCall(second.routing!.callId)) {
  console.log(`  attempt ${entry.attempt}: ${entry.deployment} ${entry.outcome}${entry.error ? ` ${entry.error.status}` : ''}`);
}
console.log(`call cost: $${second.routing?.totalCost.toFixed(8)}`);

await router.close();
await Promise.all([east.close(), west.close(), spare.close()]);
