/**
 * The model table's file format: what the generator writes, what `llmux models import` writes
 * and what `loadModelTable` reads. Models are grouped by provider so that a lookup parses only
 * its provider's group, and each model is one positional row (a sixth of the size of named
 * fields). Pure codec, no I/O.
 */
import { CAPABILITY_FLAGS, type ModelInfo, type ModelInfoSource, type PriceTier, type TokenPrices } from './model-info.js';

export const MODEL_TABLE_FORMAT = 'llmux-model-table';
export const MODEL_TABLE_VERSION = 1;

/**
 * One model: `[flags, contextWindow, maxOutputTokens, input, output, cacheRead, cacheWrite,
 * cacheWrite1h, reasoning, tiers, serviceTiers, webSearchPerRequest]`, prices in USD per token, `null` for unknown,
 * trailing nulls left out. `flags` holds the capabilities in `CAPABILITY_FLAGS` order, bit 0
 * first, and bit 12 marks an entry taken from OpenRouter's list; capabilities added after the
 * first twelve (the reasoning-scale flags) take bits 13 and up, so older files still read the same;
 * the bit after the last capability marks a model served by the Responses API only
 * (`mode: "responses"`).
 */
export type CompactModelRow = (number | null | CompactTier[] | CompactServiceTiers)[];
/** `[aboveTokens, input, output, cacheRead, cacheWrite, cacheWrite1h]`. */
type CompactTier = (number | null)[];
/** `{ flex?: [input, output, cacheRead, cacheWrite, cacheWrite1h], priority?: [...] }`. */
interface CompactServiceTiers {
  flex?: (number | null)[];
  priority?: (number | null)[];
}

/** Facts about where a table came from, shown by `llmux models --source`. */
export type ModelTableSource = Record<string, string | number>;

export interface ModelTableFile {
  format: typeof MODEL_TABLE_FORMAT;
  version: typeof MODEL_TABLE_VERSION;
  source: ModelTableSource;
  /** provider id -> provider's model id -> row. */
  providers: Record<string, Record<string, CompactModelRow>>;
}

/** The OpenRouter marker sits where the first file version put it, after the first twelve flags. */
const OPENROUTER_BIT_INDEX = 12;
const OPENROUTER_BIT = 2 ** OPENROUTER_BIT_INDEX;
/** The bit of the capability at `index` in `CAPABILITY_FLAGS` (the OpenRouter marker's bit is skipped). */
const flagBit = (index: number): number => 2 ** (index < OPENROUTER_BIT_INDEX ? index : index + 1);
/** After the last capability's bit. */
const RESPONSES_BIT = 2 ** (CAPABILITY_FLAGS.length + 1);
const PRICE_FIELDS = [
  'inputCostPerToken',
  'outputCostPerToken',
  'cacheReadCostPerToken',
  'cacheWriteCostPerToken',
  'cacheWrite1hCostPerToken',
] as const;

function trimNulls<T>(values: (T | null)[]): (T | null)[] {
  let end = values.length;
  while (end > 0 && values[end - 1] === null) end--;
  return values.slice(0, end);
}

const priceList = (prices: TokenPrices): (number | null)[] => trimNulls(PRICE_FIELDS.map((f) => prices[f] ?? null));

function readPrices(values: readonly (number | null)[] | undefined, offset = 0): TokenPrices {
  const prices: TokenPrices = {};
  if (values === undefined) return prices;
  PRICE_FIELDS.forEach((field, i) => {
    const value = values[offset + i];
    if (typeof value === 'number') prices[field] = value;
  });
  return prices;
}

/** A model's facts as a compact row. */
export function encodeModelRow(info: Omit<ModelInfo, 'id' | 'provider' | 'model'>): CompactModelRow {
  let flags = 0;
  CAPABILITY_FLAGS.forEach((name, index) => {
    if (info[name]) flags |= flagBit(index);
  });
  if (info.source === 'openrouter') flags |= OPENROUTER_BIT;
  if (info.mode === 'responses') flags |= RESPONSES_BIT;
  const tiers = info.tiers?.map((t) => trimNulls([t.aboveTokens, ...PRICE_FIELDS.map((f) => t[f] ?? null)]));
  let serviceTiers: CompactServiceTiers | null = null;
  if (info.serviceTiers?.flex !== undefined || info.serviceTiers?.priority !== undefined) {
    serviceTiers = {};
    if (info.serviceTiers.flex !== undefined) serviceTiers.flex = priceList(info.serviceTiers.flex);
    if (info.serviceTiers.priority !== undefined) serviceTiers.priority = priceList(info.serviceTiers.priority);
  }
  return trimNulls<CompactModelRow[number]>([
    flags,
    info.contextWindow ?? null,
    info.maxOutputTokens ?? null,
    info.inputCostPerToken ?? null,
    info.outputCostPerToken ?? null,
    info.cacheReadCostPerToken ?? null,
    info.cacheWriteCostPerToken ?? null,
    info.cacheWrite1hCostPerToken ?? null,
    info.reasoningCostPerToken ?? null,
    tiers !== undefined && tiers.length > 0 ? tiers : null,
    serviceTiers,
    info.webSearchCostPerRequest ?? null,
  ]);
}

/** The full entry for a compact row. `source` applies unless the row is marked as OpenRouter's. */
export function decodeModelRow(provider: string, model: string, row: CompactModelRow, source: ModelInfoSource): ModelInfo {
  const flags = typeof row[0] === 'number' ? row[0] : 0;
  const info = { id: `${provider}/${model}`, provider, model } as ModelInfo;
  CAPABILITY_FLAGS.forEach((name, index) => {
    info[name] = (flags & flagBit(index)) !== 0;
  });
  info.source = source === 'litellm' && (flags & OPENROUTER_BIT) !== 0 ? 'openrouter' : source;
  if ((flags & RESPONSES_BIT) !== 0) info.mode = 'responses';
  const num = (i: number): number | undefined => (typeof row[i] === 'number' ? (row[i] as number) : undefined);
  const set = <K extends keyof ModelInfo>(key: K, value: ModelInfo[K] | undefined): void => {
    if (value !== undefined) info[key] = value;
  };
  set('contextWindow', num(1));
  set('maxOutputTokens', num(2));
  Object.assign(info, readPrices(row.slice(3, 8) as (number | null)[]));
  set('reasoningCostPerToken', num(8));
  const tiers = row[9];
  if (Array.isArray(tiers) && tiers.length > 0) {
    info.tiers = (tiers as CompactTier[]).map((t): PriceTier => ({ aboveTokens: t[0] ?? 0, ...readPrices(t, 1) }));
  }
  const service = row[10];
  if (service !== null && typeof service === 'object' && !Array.isArray(service)) {
    info.serviceTiers = {};
    if (service.flex !== undefined) info.serviceTiers.flex = readPrices(service.flex);
    if (service.priority !== undefined) info.serviceTiers.priority = readPrices(service.priority);
  }
  set('webSearchCostPerRequest', num(11));
  return info;
}

/** Whether `value` looks like a table file (as opposed to a raw litellm price map). */
export function isModelTableFile(value: unknown): value is ModelTableFile {
  return value !== null && typeof value === 'object' && (value as { format?: unknown }).format === MODEL_TABLE_FORMAT;
}
