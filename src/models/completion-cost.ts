/**
 * What a call cost, in USD: from the provider when it reports a figure (OpenRouter's
 * `usage.cost`), otherwise from the model table's prices and the response's usage. The same
 * usage gives the same figure whether it came from a stream or a whole response.
 */
import type { Cost, CostBreakdown, ModelResponse, PartialModelResponse, Usage } from '../base/types.js';
import type { ModelInfo, TokenPrices } from './model-info.js';
import { type LookupOptions, findModel, tableGeneration } from './model-table.js';

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
  // Plain numbers, one object at the end: this runs once per priced response.
  const input = (promptTokens - cached - written) * inputRate;
  const cachedInput = cached * (prices.cacheReadCostPerToken ?? inputRate);
  const cacheWrite = write5m + write1h;
  const output = (completion - reasoningTokens) * outputRate;
  const reasoning = reasoningTokens * (info.reasoningCostPerToken ?? outputRate);
  const searches = tokens(usage.server_tool_use?.web_search_requests);
  const searchRate = info.webSearchCostPerRequest;
  const webSearch = searchRate === undefined ? 0 : searches * searchRate;
  const total = input + cachedInput + cacheWrite + output + reasoning + webSearch;
  const breakdown: CostBreakdown = {
    input: roundUsd(input),
    cachedInput: roundUsd(cachedInput),
    cacheWrite: roundUsd(cacheWrite),
    output: roundUsd(output),
    reasoning: roundUsd(reasoning),
  };
  if (written > 0) breakdown.cacheWriteByTtl = { '5m': roundUsd(write5m), '1h': roundUsd(write1h) };
  if (searches > 0 && searchRate !== undefined) breakdown.webSearch = roundUsd(webSearch);
  return { total: roundUsd(total), breakdown };
}

/** 1e0 ... 1e22, the powers of ten a double holds exactly (parsed, so exact). */
const POW10: readonly number[] = Array.from({ length: 23 }, (_, i) => Number(`1e${i}`));

/**
 * Twelve significant digits. Prices are per-token decimals with a few significant digits
 * each; products and sums of them in binary floating point carry noise beyond that
 * (1000 × 2.5e-6 + 200 × 1e-5 = 0.0045000000000000005), which no price means.
 */
function roundUsd(usd: number): number {
  // Zero (no cached tokens, no reasoning...) is most of a breakdown, and exact already.
  if (usd === 0) return 0;
  // The same figure as `Number(usd.toPrecision(12))` without a string each way (that costs
  // several times the rest of pricing a response): the 12 digits as an integer `n`, then
  // `n / 10^k`, one correctly rounded division of two exact doubles, which is the double
  // nearest the 12-digit decimal, as parsing it is. When the scaled value lies near a
  // half (where the product's own rounding could tip it), or outside the exact powers of
  // ten, the string way decides.
  const size = Math.abs(usd);
  const k = 11 - Math.floor(Math.log10(size));
  if (k >= 0 && k <= 22) {
    const scaled = size * POW10[k]!;
    const n = Math.round(scaled);
    if (n >= 1e11 && n < 1e12 && Math.abs(scaled - Math.floor(scaled) - 0.5) > 1e-3) return (usd < 0 ? -n : n) / POW10[k]!;
  }
  return Number(usd.toPrecision(12));
}

/** The table ids to try for a response's model: `provider/model` first, then the model string alone. */
function modelKeys(model: string, provider: string | undefined): string[] {
  if (provider === undefined || provider === '' || model.startsWith(`${provider}/`)) return [model];
  return [`${provider}/${model}`, model];
}

/**
 * Provider -> model string -> the entry `modelKeys` finds (null: none), so pricing a response
 * of a model already seen is two map reads: no id strings built, no table lookup. Dropped when
 * the table changes; bounded, as model strings can come from upstream responses.
 */
const priced = new Map<string, Map<string, ModelInfo | null>>();
let pricedGeneration = tableGeneration();
const PRICED_LIMIT = 4096;

function modelOf(model: string, provider: string | undefined): ModelInfo | undefined {
  if (pricedGeneration !== tableGeneration()) {
    priced.clear();
    pricedGeneration = tableGeneration();
  }
  const providerKey = provider ?? '';
  let byModel = priced.get(providerKey);
  if (byModel === undefined) {
    if (priced.size >= PRICED_LIMIT) priced.clear();
    priced.set(providerKey, (byModel = new Map()));
  }
  let info = byModel.get(model);
  if (info === undefined) {
    info = null;
    for (const key of modelKeys(model, provider)) if ((info = findModel(key) ?? null) !== null) break;
    if (byModel.size >= PRICED_LIMIT) byModel.delete(byModel.keys().next().value!);
    byModel.set(model, info);
  }
  return info ?? undefined;
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
  const info = modelOf(model, input.provider);
  if (info === undefined && options.strict) findModel(modelKeys(model, input.provider)[0]!, options);
  if (usage === undefined) return undefined;
  const price = info !== undefined ? priceUsage(info, usage, input.service_tier) : undefined;
  const reported = usage.cost;
  if (typeof reported === 'number' && Number.isFinite(reported)) {
    const cost: Cost = { total: reported, currency: 'USD', source: 'provider' };
    if (price !== undefined) cost.breakdown = price.breakdown;
    if (info !== undefined) cost.model = info.id;
    return cost;
  }
  if (price === undefined || info === undefined) return undefined;
  return { total: price.total, currency: 'USD', source: 'table', breakdown: price.breakdown, model: info.id };
}
