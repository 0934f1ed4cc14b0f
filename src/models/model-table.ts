/**
 * The model table in memory: the built-in table (parsed one provider at a time, on the first
 * lookup that needs it), a table loaded with `loadModelTable`, and models registered at run
 * time. Lookups never throw unless asked to (`strict`), so the call path can price any response.
 */
import { knownProviders } from '../core/resolve-provider.js';
import { ConfigurationError } from '../base/errors.js';
import { type ModelInfo, type ModelInfoInput, type ModelInfoSource } from './model-info.js';
import { closestNames, modelIdCandidates, splitModelId } from './model-id-candidates.js';
import { MODEL_TABLE_SHARDS, MODEL_TABLE_SOURCE } from './model-table-data.js';
import { type CompactModelRow, type ModelTableFile, type ModelTableSource, decodeModelRow } from './model-table-format.js';

type Rows = Record<string, CompactModelRow>;
interface ProviderModels {
  rows: Rows;
  source: ModelInfoSource;
  /** Lower-cased model id -> the id as stored; built on the first lookup that misses an exact id. */
  lower: Map<string, string> | undefined;
}

const builtIn = new Map<string, ProviderModels>();
let loaded: ModelTableFile | undefined;
const loadedParsed = new Map<string, ProviderModels>();
/** provider -> lower-cased model id -> entry. */
const registered = new Map<string, Map<string, ModelInfo>>();
/** Lookups already answered (misses too), so pricing each response costs one map read. */
const found = new Map<string, ModelInfo | null>();
/** Model strings can come from users or upstream responses: the memo is bounded. */
const FOUND_LIMIT = 4096;
/** Bumped whenever an answer of `findModel` may change (a registration, a loaded table), so memos over it know to drop theirs. */
let generation = 0;

/** Changes whenever a lookup may answer differently than before. */
export function tableGeneration(): number {
  return generation;
}

function index(rows: Rows, source: ModelInfoSource): ProviderModels {
  return { rows, source, lower: undefined };
}

/** The stored id `candidate` names in `models`: itself, else the id it spells in other case. */
function storedId(models: ProviderModels, candidate: string): string | undefined {
  if (Object.hasOwn(models.rows, candidate)) return candidate;
  let lower = models.lower;
  if (lower === undefined) {
    // Built only when an exact id misses: the usual first lookup of a process (the model a call
    // names, the dated one a response names) does not pay for lower-casing every id of a provider.
    lower = models.lower = new Map<string, string>();
    for (const id of Object.keys(models.rows)) if (!lower.has(id.toLowerCase())) lower.set(id.toLowerCase(), id);
  }
  return lower.get(candidate.toLowerCase());
}

/** The rows a lookup searches for `provider`: a loaded table's when it has the provider, else the built-in ones. */
function modelsOf(provider: string): ProviderModels | undefined {
  const fromFile = loaded?.providers[provider];
  if (fromFile !== undefined) {
    let parsed = loadedParsed.get(provider);
    if (parsed === undefined) loadedParsed.set(provider, (parsed = index(fromFile, 'loaded')));
    return parsed;
  }
  let parsed = builtIn.get(provider);
  if (parsed === undefined) {
    const text = MODEL_TABLE_SHARDS[provider];
    if (text === undefined) return undefined;
    builtIn.set(provider, (parsed = index(JSON.parse(text) as Rows, 'litellm')));
  }
  return parsed;
}

/** Every provider id the table has models for. */
function tableProviders(): Set<string> {
  return new Set([...Object.keys(MODEL_TABLE_SHARDS), ...Object.keys(loaded?.providers ?? {}), ...registered.keys()]);
}

/** `providerIds()` and the table generation it was built for. */
let providerIdsOf: { generation: number; ids: ReadonlySet<string> } | undefined;

/** Provider ids a model string may start with: llmux's providers and any the table knows. Kept until the table changes. */
function providerIds(): ReadonlySet<string> {
  if (providerIdsOf === undefined || providerIdsOf.generation !== generation) {
    const ids = tableProviders();
    for (const id of knownProviders()) ids.add(id);
    providerIdsOf = { generation, ids };
  }
  return providerIdsOf.ids;
}

function lookup(model: string): ModelInfo | undefined {
  const { provider, model: id } = splitModelId(model, providerIds());
  if (provider === undefined) return undefined;
  const own = registered.get(provider);
  const models = modelsOf(provider);
  // The id as given is the first candidate: most lookups end there, before the other spellings are made.
  if (id !== '') {
    const mine = own?.get(id.toLowerCase());
    if (mine !== undefined) return mine;
    if (models !== undefined && Object.hasOwn(models.rows, id)) return decodeModelRow(provider, id, models.rows[id]!, models.source);
  }
  for (const candidate of modelIdCandidates(id)) {
    const registeredAs = own?.get(candidate.toLowerCase());
    if (registeredAs !== undefined) return registeredAs;
    if (models === undefined) continue;
    const key = storedId(models, candidate);
    if (key !== undefined) return decodeModelRow(provider, key, models.rows[key]!, models.source);
  }
  return undefined;
}

export interface LookupOptions {
  /** Throw a `ConfigurationError` naming the closest known models instead of returning undefined. */
  strict?: boolean;
}

/**
 * The table's entry for a model string: `openai/gpt-4o`, `gpt-4o`, a dated snapshot
 * (`gpt-4o-2024-08-06`), `anthropic/claude-sonnet-4-5` or its dated id, an OpenRouter id
 * (`openrouter/anthropic/claude-sonnet-4.5`), `ollama/llama3.1:8b`... Undefined for a model
 * the table does not know (or a `ConfigurationError` with `strict`). Entries are shared: do
 * not modify them.
 */
export function findModel(model: string, options: LookupOptions = {}): ModelInfo | undefined {
  if (typeof model !== 'string' || model === '') {
    if (options.strict)
      throw new ConfigurationError(`A model must be a non-empty string like "openai/gpt-4o"; got ${JSON.stringify(model)}`);
    return undefined;
  }
  let info = found.get(model);
  if (info === undefined) {
    info = lookup(model) ?? null;
    // Dropping the oldest answer keeps a process that sees endless distinct ids at a fixed size.
    if (found.size >= FOUND_LIMIT) found.delete(found.keys().next().value!);
    found.set(model, info);
  }
  if (info === null && options.strict) throw unknownModel(model);
  return info ?? undefined;
}

function unknownModel(model: string): ConfigurationError {
  const { provider, model: id } = splitModelId(model, providerIds());
  const pool = provider !== undefined ? listModels({ provider }) : listModels();
  const names = closestNames(
    provider !== undefined ? `${provider}/${id}` : model,
    pool.map((m) => m.id),
  );
  const hint =
    names.length > 0
      ? ` Closest known: ${names.join(', ')}.`
      : provider !== undefined
        ? ` The table has no models of provider "${provider}".`
        : '';
  return new ConfigurationError(
    `Unknown model "${model}": it is not in llmux's model table.${hint} Add it with registerModel("${model}", { inputCostPerToken, outputCostPerToken, contextWindow, ... }).`,
    { model },
  );
}

/** Every model of the table, or of one provider, sorted by id. Registered models included. */
export function listModels(options: { provider?: string } = {}): ModelInfo[] {
  const providers = options.provider !== undefined ? [options.provider] : [...tableProviders()].sort();
  const out = new Map<string, ModelInfo>();
  for (const provider of providers) {
    const models = modelsOf(provider);
    if (models !== undefined)
      for (const [id, row] of Object.entries(models.rows))
        out.set(`${provider}/${id}`.toLowerCase(), decodeModelRow(provider, id, row, models.source));
    for (const info of registered.get(provider)?.values() ?? []) out.set(info.id.toLowerCase(), info);
  }
  return [...out.values()].sort((a, b) => a.id.localeCompare(b.id));
}

/**
 * Adds a model, or corrects what the table says about one: a custom deployment, a fine-tune,
 * or a price the table has wrong. `id` is `provider/model` (a bare name is filed under the
 * provider its name implies). The facts given are merged over the model's current entry (the
 * table's, or an earlier registration), so fixing a price keeps its limits and capabilities; a
 * fact given as `undefined` is cleared. For a model the table does not know, a capability left
 * out is unknown (`undefined`), which checks treat as allowed, not as "no". It wins over the
 * table for this process.
 */
export function registerModel(id: string, info: ModelInfoInput): ModelInfo {
  if (typeof id !== 'string' || id.trim() === '')
    throw new ConfigurationError(`registerModel needs an id like "openai/my-fine-tune"; got ${JSON.stringify(id)}`);
  const ids = new Set(providerIds());
  if (id.indexOf('/') > 0) ids.add(id.slice(0, id.indexOf('/')).toLowerCase());
  const { provider, model } = splitModelId(id, ids);
  if (provider === undefined) {
    throw new ConfigurationError(`registerModel("${id}"): say which provider serves it, as "provider/model" (e.g. "vllm/${id}").`);
  }
  if (info === null || typeof info !== 'object')
    throw new ConfigurationError(
      `registerModel("${id}"): the facts must be an object like { inputCostPerToken, outputCostPerToken }; got ${JSON.stringify(info)}`,
    );
  for (const [key, value] of Object.entries(info)) {
    if (
      /CostPerToken$|^contextWindow$|^maxOutputTokens$/.test(key) &&
      value !== undefined &&
      (typeof value !== 'number' || !(value >= 0))
    ) {
      throw new ConfigurationError(
        `registerModel("${id}"): ${key} must be a number >= 0 (USD per token for prices); got ${JSON.stringify(value)}`,
      );
    }
    if (/^supports[A-Z]/.test(key) && value !== undefined && typeof value !== 'boolean') {
      throw new ConfigurationError(
        `registerModel("${id}"): ${key} must be true, false or undefined (unknown); got ${JSON.stringify(value)}`,
      );
    }
  }
  // The entry a lookup of this id finds today, when it is this provider's: what the caller is correcting.
  const current = lookup(`${provider}/${model}`);
  const base = current !== undefined && current.provider === provider ? current : undefined;
  const entry: ModelInfo = {
    ...base,
    ...info,
    id: `${provider}/${model}`,
    provider,
    model,
    source: 'registered',
  };
  let own = registered.get(provider);
  if (own === undefined) registered.set(provider, (own = new Map()));
  own.set(model.toLowerCase(), entry);
  found.clear();
  generation++;
  return entry;
}

/** Makes `table` the source for the providers it lists (built-in entries serve the rest). */
export function useModelTable(table: ModelTableFile): void {
  loaded = table;
  loadedParsed.clear();
  found.clear();
  generation++;
}

/** Where the table in use came from. */
export function modelTableSource(): ModelTableSource {
  return loaded !== undefined ? { ...loaded.source, loaded: 'loadModelTable' } : MODEL_TABLE_SOURCE;
}

/** Back to the built-in table only: loaded tables and registered models are dropped. For tests. */
export function resetModelTable(): void {
  loaded = undefined;
  loadedParsed.clear();
  registered.clear();
  found.clear();
  generation++;
}
