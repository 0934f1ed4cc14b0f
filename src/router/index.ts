/**
 * `llmux/router`: retries, fallbacks, load balancing and cooldowns over many deployments, with
 * per-instance callbacks and a cost ledger.
 *
 * @example
 * ```ts
 * import { Router } from 'llmux/router';
 * const router = new Router({
 *   deployments: [
 *     { group: 'smart', model: 'openai/gpt-4o', rpm: 500 },
 *     { group: 'smart', model: 'anthropic/claude-sonnet-4-5', rpm: 100 },
 *     { group: 'cheap', model: 'groq/llama-3.3-70b-versatile' },
 *   ],
 *   fallbacks: { smart: ['cheap'] },
 * });
 * const response = await router.complete({ model: 'smart', messages: [{ role: 'user', content: 'Hi' }] });
 * ```
 */
export { Router, type RouterCallOptions } from './router.js';
export type { Deployment, RetryPolicy, RouterOptions, RoutingStrategy } from './router-types.js';
export { CostLedger, type LedgerEntry } from './cost-ledger.js';
export type { MinuteUsage, RouterStateStore } from './state-store.js';
export { createMemoryStateStore, type MemoryStateStoreOptions } from './memory-state-store.js';
