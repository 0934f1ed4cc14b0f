/**
 * `llmux/models`: the model table, cost, token counting and capability checks. Loaded only when
 * imported (the client loads it on its first priced response); the table itself is parsed one
 * provider at a time, on the first lookup that needs it.
 *
 * @example
 * ```ts
 * import { completionCost, getModelInfo, supportsVision } from 'llmux/models';
 * getModelInfo('anthropic/claude-sonnet-4-5')?.contextWindow; // 200000
 * supportsVision('gpt-4o'); // true
 * completionCost({ model: 'gpt-4o', usage: { prompt_tokens: 1000, completion_tokens: 100 } })?.total; // 0.0035
 * ```
 */
import type { ModelInfo } from './model-info.js';
import { type LookupOptions, findModel } from './model-table.js';

export type { ModelCapabilities, ModelInfo, ModelInfoInput, ModelInfoSource, ModelPricing, PriceTier, TokenPrices } from './model-info.js';
export type { CompactModelRow, ModelTableFile, ModelTableSource } from './model-table-format.js';
export type { LookupOptions } from './model-table.js';
export { listModels, modelTableSource, registerModel, resetModelTable } from './model-table.js';
export type { Cost, CostBreakdown } from '../base/types.js';
export { type CostInput, completionCost, priceUsage } from './completion-cost.js';
export * from './capabilities.js';
export { type LoadedModelTable, loadModelTable } from './load-model-table.js';
export { type ImportOptions, type OpenRouterModel, importPriceMap } from './import-price-map.js';
export { type CountTokensInput, type TokenCount, countTokens } from './count-tokens.js';
export { checkContextWindow } from './check-context-window.js';

/**
 * What the table knows about a model: prices (USD per token), context window, max output and
 * capabilities. Undefined for a model it does not know; with `{ strict: true }` a
 * `ConfigurationError` naming the closest known models instead.
 */
export function getModelInfo(model: string, options?: LookupOptions): ModelInfo | undefined {
  return findModel(model, options);
}
