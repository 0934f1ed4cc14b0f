/**
 * What llmux knows about a model: prices per token in USD, limits and capabilities. The
 * built-in table is generated from litellm's price map and OpenRouter's model list (see
 * `scripts/generate-model-table.mjs`); users add their own with `registerModel`.
 */

/** Prices in USD per token. An absent price is unknown, not free. */
export interface TokenPrices {
  /** Uncached prompt tokens. */
  inputCostPerToken?: number;
  /** Completion tokens (reasoning tokens too, unless `reasoningCostPerToken` is set). */
  outputCostPerToken?: number;
  /** Prompt tokens read from a prompt cache; the input price when absent. */
  cacheReadCostPerToken?: number;
  /** Prompt tokens written to a prompt cache (Anthropic's 5-minute cache); the input price when absent. */
  cacheWriteCostPerToken?: number;
  /** Prompt tokens written to Anthropic's 1-hour cache; the 5-minute price when absent. */
  cacheWrite1hCostPerToken?: number;
}

/** Prices that apply instead of the base ones once the prompt is longer than `aboveTokens`. */
export interface PriceTier extends TokenPrices {
  aboveTokens: number;
}

/** Everything the table can say about a model's price. */
export interface ModelPricing extends TokenPrices {
  /** Reasoning tokens, when the provider prices them apart from other output. */
  reasoningCostPerToken?: number;
  /**
   * One server-side web search request, USD (litellm's `search_context_cost_per_query` at the
   * default `search_context_size_medium`; OpenRouter's `web_search` price).
   */
  webSearchCostPerRequest?: number;
  /** Long-context prices, ascending by `aboveTokens` (e.g. 200,000 for Claude and Gemini). */
  tiers?: PriceTier[];
  /** Prices for OpenAI's `service_tier: "flex"` and `"priority"`. */
  serviceTiers?: { flex?: TokenPrices; priority?: TokenPrices };
}

/**
 * Capability flags. `false` means the table says no; `undefined` means unknown (a model the
 * table does not know, or a registered one that did not say), which checks treat as allowed.
 */
export interface ModelCapabilities {
  supportsFunctionCalling?: boolean | undefined;
  supportsParallelFunctionCalling?: boolean | undefined;
  supportsToolChoice?: boolean | undefined;
  supportsVision?: boolean | undefined;
  supportsReasoning?: boolean | undefined;
  /** JSON Schema structured output (`response_format: { type: "json_schema" }`). */
  supportsResponseSchema?: boolean | undefined;
  supportsPromptCaching?: boolean | undefined;
  supportsPdfInput?: boolean | undefined;
  supportsAssistantPrefill?: boolean | undefined;
  supportsAudioInput?: boolean | undefined;
  supportsAudioOutput?: boolean | undefined;
  supportsWebSearch?: boolean | undefined;
  /** Anthropic adaptive thinking (`thinking: { type: "adaptive" }` + `output_config.effort`); such models refuse `budget_tokens`. */
  supportsAdaptiveThinking?: boolean | undefined;
  /** `reasoning_effort: "none"` (reasoning off) on a model that otherwise reasons. */
  supportsNoneReasoningEffort?: boolean | undefined;
  /** `reasoning_effort: "minimal"`. */
  supportsMinimalReasoningEffort?: boolean | undefined;
  /** `reasoning_effort: "xhigh"`. */
  supportsXhighReasoningEffort?: boolean | undefined;
  /** `reasoning_effort: "max"`. */
  supportsMaxReasoningEffort?: boolean | undefined;
}

/** The names of the capability flags, in the order the compact table stores them. */
export const CAPABILITY_FLAGS = [
  'supportsFunctionCalling',
  'supportsParallelFunctionCalling',
  'supportsToolChoice',
  'supportsVision',
  'supportsReasoning',
  'supportsResponseSchema',
  'supportsPromptCaching',
  'supportsPdfInput',
  'supportsAssistantPrefill',
  'supportsAudioInput',
  'supportsAudioOutput',
  'supportsWebSearch',
  'supportsAdaptiveThinking',
  'supportsNoneReasoningEffort',
  'supportsMinimalReasoningEffort',
  'supportsXhighReasoningEffort',
  'supportsMaxReasoningEffort',
] as const satisfies readonly (keyof ModelCapabilities)[];

/** Where a model's entry came from. */
export type ModelInfoSource = 'litellm' | 'openrouter' | 'registered' | 'loaded';

/** A model's entry in the table. */
export interface ModelInfo extends ModelPricing, ModelCapabilities {
  /** The table id, `provider/model` (e.g. `openai/gpt-4o`, `openrouter/anthropic/claude-sonnet-4.5`). */
  id: string;
  /** The llmux provider id. */
  provider: string;
  /** The provider's own model id. */
  model: string;
  /** Most prompt tokens the model takes. */
  contextWindow?: number;
  /** Most completion tokens the model produces in one call. */
  maxOutputTokens?: number;
  /**
   * `responses`: the model is served by OpenAI's Responses API only (`/v1/responses`), where
   * llmux sends its calls; absent: Chat Completions.
   */
  mode?: 'responses';
  source: ModelInfoSource;
}

/**
 * What `registerModel` takes: any subset of a model's facts, merged over the model's current
 * entry. For a new model, capabilities and prices left out are unknown (a cost needs at least
 * the input and output prices).
 */
export type ModelInfoInput = Partial<Omit<ModelInfo, 'id' | 'provider' | 'model' | 'source'>>;
