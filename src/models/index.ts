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
export type { ModelCapabilities, ModelInfo, ModelInfoInput, ModelInfoSource, ModelPricing, PriceTier, TokenPrices } from './model-info.js';
export type { CompactModelRow, ModelTableFile, ModelTableSource } from './model-table-format.js';
export type { LookupOptions } from './model-table.js';
export { getModelInfo, listModels, modelTableSource, registerModel, resetModelTable } from './model-lookup.js';
export type { Cost, CostBreakdown } from '../base/types.js';
export { type CostInput, completionCost, priceUsage } from './model-lookup.js';
export * from './capabilities.js';
export { type LoadedModelTable, loadModelTable } from './load-model-table.js';
export { type ImportOptions, type OpenRouterModel, importPriceMap } from './import-price-map.js';
export { type CountTokensInput, type TokenCount, countTokens } from './count-tokens.js';
export { checkContextWindow } from './check-context-window.js';
