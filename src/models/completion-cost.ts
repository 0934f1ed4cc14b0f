/**
 * What a call cost, in USD: from the provider when it reports a figure (OpenRouter's
 * `usage.cost`), otherwise from the model table's prices and the response's usage. The same
 * usage gives the same figure whether it came from a stream or a whole response.
 */
import type { Cost, CostBreakdown, ModelResponse, PartialModelResponse, Usage } from '../base/types.js';
import type { ModelInfo, TokenPrices } from './model-info.js';
import { type LookupOptions, findModel } from './model-table.js';

/** What `completionCost` takes besides a whole response. */
export interface CostInput {
  /** `provider/model`, or a provider's own model id together with `provider`. */
  model: string;
  usage?: Partial<Usage> | null;
  /** The llmux provider id that served the call (responses carry it). */
  provider?: string;
  /** OpenAI's service tier (`flex`, `priority`) when it changes the price. */
  service_tier?: string | null;
}

const tokens = (value: unknown): number => (typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : 0);

/** The prices for a call: long-context tier and service tier applied. */
function pricesFor(info: ModelInfo, promptTokens: number, serviceTier: string | null | undefined): TokenPrices {
  let prices: TokenPrices = info;
  for (const tier of info.tiers ?? []) if (promptTokens > tier.aboveTokens) prices = { ...info, ...tier };
  const special = serviceTier === 'flex' || serviceTier === 'priority' ? info.serviceTiers?.[serviceTier] : undefined;
  if (special !== undefined) prices = { ...prices, ...special };
  return prices;
}

/**
 * The cost of `usage` at `info`'s prices, or undefined when the table lacks an input or output
 * price for the model. Pure. Each figure is rounded to 12 significant digits (see `roundUsd`).
 *
 * `prompt_tokens` includes cached reads and cache writes (the OpenAI reading, which every
 * adapter produces); `completion_tokens` includes reasoning tokens. Cache writes to the 1-hour
 * cache (`cache_creation_1h_tokens`) are charged at the table's 1-hour write price, the other
 * writes at the (5-minute) write price, reads at the read price. Cached reads and writes
 * without their own price are charged at the input price (a 1-hour write without its own price
 * at the 5-minute write price); reasoning without its own price at
 * the output price. A prompt longer than a tier's threshold is charged at that tier's prices
 * for all its tokens, as providers bill it. Server-side web searches
 * (`server_tool_use.web_search_requests`) are charged per request at the table's
 * `webSearchCostPerRequest`; without that price they add nothing and the breakdown has no
 * `webSearch` (unknown, not free).
 */
export function priceUsage(
  info: ModelInfo,
  usage: Partial<Usage>,
  serviceTier?: string | null,
): { total: number; breakdown: CostBreakdown } | undefined {
  const promptTokens = tokens(usage.prompt_tokens);
  const prices = pricesFor(info, promptTokens, serviceTier);
  const inputRate = prices.inputCostPerToken;
  const outputRate = prices.outputCostPerToken;
  if (inputRate === undefined || outputRate === undefined) return undefined;
  const details = usage.prompt_tokens_details ?? {};
  const cached = Math.min(tokens(details.cached_tokens), promptTokens);
  const written = Math.min(tokens(details.cache_creation_tokens), promptTokens - cached);
  const written1h = Math.min(tokens(details.cache_creation_1h_tokens), written);
  const completion = tokens(usage.completion_tokens);
  const reasoningTokens = Math.min(tokens(usage.completion_tokens_details?.reasoning_tokens), completion);
  const writeRate = prices.cacheWriteCostPerToken ?? inputRate;
  const write5m = (written - written1h) * writeRate;
  const write1h = written1h * (prices.cacheWrite1hCostPerToken ?? writeRate);
  const exact: CostBreakdown = {
    input: (promptTokens - cached - written) * inputRate,
    cachedInput: cached * (prices.cacheReadCostPerToken ?? inputRate),
    cacheWrite: write5m + write1h,
    output: (completion - reasoningTokens) * outputRate,
    reasoning: reasoningTokens * (info.reasoningCostPerToken ?? outputRate),
  };
  const searches = tokens(usage.server_tool_use?.web_search_requests);
  const searchRate = info.webSearchCostPerRequest;
  const webSearch = searchRate === undefined ? 0 : searches * searchRate;
  const total = exact.input + exact.cachedInput + exact.cacheWrite + exact.output + exact.reasoning + webSearch;
  const breakdown: CostBreakdown = {
    input: roundUsd(exact.input),
    cachedInput: roundUsd(exact.cachedInput),
    cacheWrite: roundUsd(exact.cacheWrite),
    output: roundUsd(exact.output),
    reasoning: roundUsd(exact.reasoning),
  };
  if (written > 0) breakdown.cacheWriteByTtl = { '5m': roundUsd(write5m), '1h': roundUsd(write1h) };
  if (searches > 0 && searchRate !== undefined) breakdown.webSearch = roundUsd(webSearch);
  return { total: roundUsd(total), breakdown };
}

/**
 * Twelve significant digits. Prices are per-token decimals with a few significant digits
 * each; products and sums of them in binary floating point carry noise beyond that
 * (1000 × 2.5e-6 + 200 × 1e-5 = 0.0045000000000000005), which no price means.
 */
function roundUsd(usd: number): number {
  // Zero (no cached tokens, no reasoning...) is most of a breakdown, and exact already.
  return usd === 0 ? 0 : Number(usd.toPrecision(12));
}

/** The table ids to try for a response's model: `provider/model` first, then the model string alone. */
function modelKeys(model: string, provider: string | undefined): string[] {
  if (provider === undefined || provider === '' || model.startsWith(`${provider}/`)) return [model];
  return [`${provider}/${model}`, model];
}

/**
 * The cost of a call, from a response (streamed or not, or a partial one) or from
 * `{ model, usage }`. Undefined when it cannot be known: no usage, or a model the table does
 * not price and no provider figure (with `strict`, an unknown model throws instead).
 *
 * @example
 * ```ts
 * import { completionCost } from 'llmux/models';
 * completionCost({ model: 'openai/gpt-4o', usage: { prompt_tokens: 1000, completion_tokens: 200 } });
 * // { total: 0.0045, currency: 'USD', source: 'table', breakdown: { input: 0.0025, output: 0.002, ... }, model: 'openai/gpt-4o' }
 * ```
 */
export function completionCost(input: CostInput | ModelResponse | PartialModelResponse, options: LookupOptions = {}): Cost | undefined {
  const usage = input.usage ?? undefined;
  const model = typeof input.model === 'string' ? input.model : '';
  let info: ModelInfo | undefined;
  const keys = modelKeys(model, input.provider);
  for (const key of keys) if ((info = findModel(key)) !== undefined) break;
  if (info === undefined && options.strict) findModel(keys[0]!, options);
  if (usage === undefined) return undefined;
  const priced = info !== undefined ? priceUsage(info, usage, input.service_tier) : undefined;
  const reported = usage.cost;
  if (typeof reported === 'number' && Number.isFinite(reported)) {
    const cost: Cost = { total: reported, currency: 'USD', source: 'provider' };
    if (priced !== undefined) cost.breakdown = priced.breakdown;
    if (info !== undefined) cost.model = info.id;
    return cost;
  }
  if (priced === undefined || info === undefined) return undefined;
  return { total: priced.total, currency: 'USD', source: 'table', breakdown: priced.breakdown, model: info.id };
}
