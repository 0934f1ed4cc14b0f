/**
 * Builds a model table from litellm's price map (`model_prices_and_context_window.json`) and,
 * optionally, OpenRouter's `GET /api/v1/models` list: chat models of the providers llmux
 * serves, keyed by llmux provider and the provider's own model id. Pure; used by the table
 * generator, by `llmux models import` and by `loadModelTable`.
 */
import type { ModelInfo, PriceTier, TokenPrices } from './model-info.js';
import {
  MODEL_TABLE_FORMAT,
  MODEL_TABLE_VERSION,
  type CompactModelRow,
  type ModelTableFile,
  type ModelTableSource,
  encodeModelRow,
} from './model-table-format.js';

/** litellm's `litellm_provider` -> llmux provider id, for the providers llmux serves. */
const LITELLM_PROVIDERS: Readonly<Record<string, string>> = {
  openai: 'openai',
  text_completion_openai: 'openai',
  anthropic: 'anthropic',
  openrouter: 'openrouter',
  groq: 'groq',
  deepseek: 'deepseek',
  xai: 'xai',
  mistral: 'mistral',
  together_ai: 'together',
  fireworks_ai: 'fireworks',
  gemini: 'gemini',
  ollama: 'ollama',
  lm_studio: 'lmstudio',
  hosted_vllm: 'vllm',
};

type LitellmEntry = Record<string, unknown>;

/** One model of OpenRouter's models list, the fields read here. */
export interface OpenRouterModel {
  id: string;
  context_length?: number | null;
  architecture?: { input_modalities?: string[]; output_modalities?: string[] } | null;
  pricing?: Record<string, string | number | null | undefined> | null;
  top_provider?: { context_length?: number | null; max_completion_tokens?: number | null } | null;
  supported_parameters?: string[] | null;
}

export interface ImportOptions {
  /** OpenRouter's list (`{ data: [...] }` or the array); its prices win for OpenRouter models. */
  openrouter?: { data: OpenRouterModel[] } | OpenRouterModel[];
  /** Extra facts recorded in the table's `source`. */
  source?: ModelTableSource;
}

const num = (value: unknown): number | undefined => (typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined);

function pricesFrom(entry: LitellmEntry, suffix: string): TokenPrices {
  const prices: TokenPrices = {};
  const set = (field: keyof TokenPrices, key: string): void => {
    const value = num(entry[key + suffix]);
    if (value !== undefined) prices[field] = value;
  };
  set('inputCostPerToken', 'input_cost_per_token');
  set('outputCostPerToken', 'output_cost_per_token');
  set('cacheReadCostPerToken', 'cache_read_input_token_cost');
  set('cacheWriteCostPerToken', 'cache_creation_input_token_cost');
  set('cacheWrite1hCostPerToken', 'cache_creation_input_token_cost_above_1hr');
  return prices;
}

/** Long-context tiers: every `*_above_<N>k_tokens` price (N thousand prompt tokens). */
function tiersFrom(entry: LitellmEntry): PriceTier[] {
  const thresholds = new Set<number>();
  for (const key of Object.keys(entry)) {
    const match = /_above_(\d+)k_tokens$/.exec(key);
    if (match !== null) thresholds.add(Number(match[1]));
  }
  return [...thresholds]
    .sort((a, b) => a - b)
    .map((k) => ({ aboveTokens: k * 1000, ...pricesFrom(entry, `_above_${k}k_tokens`) }))
    .filter((tier) => Object.keys(tier).length > 1);
}

/** A litellm entry as llmux facts. */
function fromLitellmEntry(entry: LitellmEntry): Omit<ModelInfo, 'id' | 'provider' | 'model'> {
  const flag = (key: string): boolean => entry[key] === true;
  const info: Omit<ModelInfo, 'id' | 'provider' | 'model'> = {
    ...pricesFrom(entry, ''),
    supportsFunctionCalling: flag('supports_function_calling'),
    supportsParallelFunctionCalling: flag('supports_parallel_function_calling'),
    supportsToolChoice: flag('supports_tool_choice'),
    supportsVision: flag('supports_vision'),
    supportsReasoning: flag('supports_reasoning'),
    supportsResponseSchema: flag('supports_response_schema'),
    supportsPromptCaching: flag('supports_prompt_caching'),
    supportsPdfInput: flag('supports_pdf_input'),
    supportsAssistantPrefill: flag('supports_assistant_prefill'),
    supportsAudioInput: flag('supports_audio_input'),
    supportsAudioOutput: flag('supports_audio_output'),
    supportsWebSearch: flag('supports_web_search'),
    supportsAdaptiveThinking: flag('supports_adaptive_thinking'),
    supportsNoneReasoningEffort: flag('supports_none_reasoning_effort'),
    supportsMinimalReasoningEffort: flag('supports_minimal_reasoning_effort'),
    supportsXhighReasoningEffort: flag('supports_xhigh_reasoning_effort'),
    supportsMaxReasoningEffort: flag('supports_max_reasoning_effort'),
    source: 'litellm',
  };
  if (entry['mode'] === 'responses') info.mode = 'responses';
  const contextWindow = num(entry['max_input_tokens']) ?? num(entry['max_tokens']);
  if (contextWindow !== undefined) info.contextWindow = contextWindow;
  const maxOutput = num(entry['max_output_tokens']) ?? num(entry['max_tokens']);
  if (maxOutput !== undefined) info.maxOutputTokens = maxOutput;
  const reasoning = num(entry['output_cost_per_reasoning_token']);
  if (reasoning !== undefined) info.reasoningCostPerToken = reasoning;
  const search = entry['search_context_cost_per_query'];
  const perSearch =
    search !== null && typeof search === 'object' ? num((search as Record<string, unknown>)['search_context_size_medium']) : undefined;
  if (perSearch !== undefined && perSearch > 0) info.webSearchCostPerRequest = perSearch;
  const tiers = tiersFrom(entry);
  if (tiers.length > 0) info.tiers = tiers;
  const flex = pricesFrom(entry, '_flex');
  const priority = pricesFrom(entry, '_priority');
  if (Object.keys(flex).length > 0 || Object.keys(priority).length > 0) {
    info.serviceTiers = {};
    if (Object.keys(flex).length > 0) info.serviceTiers.flex = flex;
    if (Object.keys(priority).length > 0) info.serviceTiers.priority = priority;
  }
  return info;
}

const price = (value: unknown): number | undefined => {
  const n = typeof value === 'string' ? Number(value) : value;
  return num(n);
};

/** An OpenRouter list entry as llmux facts; `fallback` (litellm's entry) fills what the list lacks. */
function fromOpenRouterModel(
  model: OpenRouterModel,
  fallback?: Omit<ModelInfo, 'id' | 'provider' | 'model'>,
): Omit<ModelInfo, 'id' | 'provider' | 'model'> {
  const params = new Set(model.supported_parameters ?? []);
  const inputs = new Set(model.architecture?.input_modalities ?? []);
  const outputs = new Set(model.architecture?.output_modalities ?? []);
  const pricing = model.pricing ?? {};
  const info: Omit<ModelInfo, 'id' | 'provider' | 'model'> = {
    supportsFunctionCalling: params.has('tools'),
    supportsParallelFunctionCalling: fallback?.supportsParallelFunctionCalling ?? false,
    supportsToolChoice: params.has('tool_choice'),
    supportsVision: inputs.has('image'),
    supportsReasoning: params.has('reasoning') || params.has('include_reasoning'),
    supportsResponseSchema: params.has('structured_outputs'),
    supportsPromptCaching: (price(pricing['input_cache_read']) ?? 0) > 0,
    supportsPdfInput: inputs.has('file'),
    supportsAssistantPrefill: fallback?.supportsAssistantPrefill ?? false,
    supportsAudioInput: inputs.has('audio'),
    supportsAudioOutput: outputs.has('audio'),
    supportsWebSearch: price(pricing['web_search']) !== undefined,
    supportsAdaptiveThinking: fallback?.supportsAdaptiveThinking ?? false,
    supportsNoneReasoningEffort: fallback?.supportsNoneReasoningEffort ?? false,
    supportsMinimalReasoningEffort: fallback?.supportsMinimalReasoningEffort ?? false,
    supportsXhighReasoningEffort: fallback?.supportsXhighReasoningEffort ?? false,
    supportsMaxReasoningEffort: fallback?.supportsMaxReasoningEffort ?? false,
    source: 'openrouter',
  };
  const set = <K extends keyof typeof info>(key: K, value: (typeof info)[K] | undefined): void => {
    if (value !== undefined) info[key] = value;
  };
  set('inputCostPerToken', price(pricing['prompt']));
  set('outputCostPerToken', price(pricing['completion']));
  set('cacheReadCostPerToken', price(pricing['input_cache_read']));
  set('cacheWriteCostPerToken', price(pricing['input_cache_write']));
  set('reasoningCostPerToken', price(pricing['internal_reasoning']) || undefined);
  set('webSearchCostPerRequest', price(pricing['web_search']) || fallback?.webSearchCostPerRequest);
  set('contextWindow', num(model.top_provider?.context_length) ?? num(model.context_length) ?? fallback?.contextWindow);
  set('maxOutputTokens', num(model.top_provider?.max_completion_tokens) ?? fallback?.maxOutputTokens);
  set('tiers', fallback?.tiers);
  return info;
}

/**
 * The table for a litellm price map (and OpenRouter's list). Keeps the `mode: "chat"` and
 * `mode: "responses"` (served by OpenAI's Responses API only) entries of the providers in
 * `LITELLM_PROVIDERS`; an id litellm lists both bare and provider-prefixed
 * (`deepseek-chat`, `deepseek/deepseek-chat`) keeps the prefixed entry.
 */
export function importPriceMap(priceMap: Record<string, unknown>, options: ImportOptions = {}): ModelTableFile {
  const merged = new Map<string, { provider: string; model: string; entry: LitellmEntry; prefixed: boolean }>();
  for (const [key, value] of Object.entries(priceMap)) {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) continue;
    const entry = value as LitellmEntry;
    if (entry['mode'] !== 'chat' && entry['mode'] !== 'responses') continue;
    const provider = LITELLM_PROVIDERS[String(entry['litellm_provider'])];
    if (provider === undefined) continue;
    const prefix = `${String(entry['litellm_provider'])}/`;
    const llmuxPrefix = `${provider}/`;
    const prefixed = key.startsWith(prefix) || key.startsWith(llmuxPrefix);
    const model = key.startsWith(prefix) ? key.slice(prefix.length) : key.startsWith(llmuxPrefix) ? key.slice(llmuxPrefix.length) : key;
    if (model === '') continue;
    const id = `${provider}/${model}`;
    const existing = merged.get(id);
    // The prefixed entry is the provider-specific one; mixing fields of two entries could pair
    // one entry's prices with the other's tiers, so one wins whole.
    if (existing === undefined || (prefixed && !existing.prefixed)) merged.set(id, { provider, model, entry, prefixed });
  }

  const providers: Record<string, Record<string, CompactModelRow>> = {};
  const put = (provider: string, model: string, row: CompactModelRow): void => {
    (providers[provider] ??= {})[model] = row;
  };
  for (const { provider, model, entry } of merged.values()) put(provider, model, encodeModelRow(fromLitellmEntry(entry)));

  let openrouterCount = 0;
  const list = options.openrouter === undefined ? [] : Array.isArray(options.openrouter) ? options.openrouter : options.openrouter.data;
  for (const model of list) {
    if (typeof model?.id !== 'string' || model.id === '') continue;
    const fallback = merged.get(`openrouter/${model.id}`);
    put(
      'openrouter',
      model.id,
      encodeModelRow(fromOpenRouterModel(model, fallback === undefined ? undefined : fromLitellmEntry(fallback.entry))),
    );
    openrouterCount++;
  }

  // Stable output: providers and models sorted, so a regenerated table diffs cleanly.
  const sorted: Record<string, Record<string, CompactModelRow>> = {};
  for (const provider of Object.keys(providers).sort()) {
    const models = providers[provider]!;
    sorted[provider] = Object.fromEntries(
      Object.keys(models)
        .sort()
        .map((m) => [m, models[m]!]),
    );
  }
  const updated = priceMap['last_updated'];
  const source: ModelTableSource = {
    litellmModels: merged.size,
    ...(typeof updated === 'string' ? { litellmUpdated: updated.slice(0, 10) } : {}),
    ...(list.length > 0 ? { openrouterModels: openrouterCount } : {}),
    ...options.source,
  };
  return { format: MODEL_TABLE_FORMAT, version: MODEL_TABLE_VERSION, source, providers: sorted };
}
