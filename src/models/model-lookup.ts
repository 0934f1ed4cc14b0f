/**
 * What a call needs of the model table, and nothing else: the table with its state (registered
 * and loaded models), a model's facts and the price of a response. Its own lazily loaded file:
 * a client's first priced response, the OpenAI adapter's API choice and the Router's cost-based
 * routing load this, not all of `llmux/models` (token counting, price-map import, capability
 * checks), which re-exports it so that both see one table.
 */
import type { ModelInfo } from './model-info.js';
import { type LookupOptions, findModel } from './model-table.js';

export * from './model-table.js';
export { type CostInput, completionCost, priceUsage } from './completion-cost.js';

/**
 * What the table knows about a model: prices (USD per token), context window, max output and
 * capabilities. Undefined for a model it does not know; with `{ strict: true }` a
 * `ConfigurationError` naming the closest known models instead.
 */
export function getModelInfo(model: string, options?: LookupOptions): ModelInfo | undefined {
  return findModel(model, options);
}
