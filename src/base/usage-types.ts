/**
 * What a call used and cost: OpenAI-shaped token usage and llmux's cost breakdown.
 */

/** Token usage, OpenAI-shaped. `prompt_tokens` includes cached prompt tokens. */
export interface Usage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  prompt_tokens_details?: {
    cached_tokens?: number;
    /** Tokens written to a prompt cache (Anthropic cache creation). */
    cache_creation_tokens?: number;
    /** Of `cache_creation_tokens`, those written to Anthropic's 1-hour cache (priced higher). */
    cache_creation_1h_tokens?: number;
    audio_tokens?: number;
  };
  completion_tokens_details?: {
    reasoning_tokens?: number;
    audio_tokens?: number;
    accepted_prediction_tokens?: number;
    rejected_prediction_tokens?: number;
  };
  /** Cost in USD when the provider reports it (e.g. OpenRouter). */
  cost?: number;
  /** Requests the provider's own tools made during the call, billed apart from tokens (Anthropic's `usage.server_tool_use`). */
  server_tool_use?: {
    /** Web searches run by the server-side web search tool. */
    web_search_requests?: number;
  };
}

/** A call's cost split by kind of token, in USD. */
export interface CostBreakdown {
  /** Uncached prompt tokens. */
  input: number;
  /** Prompt tokens read from a cache. */
  cachedInput: number;
  /** Prompt tokens written to a cache, whatever the cache's lifetime. */
  cacheWrite: number;
  /**
   * `cacheWrite` split by cache lifetime (Anthropic's 5-minute and 1-hour caches; every other
   * provider's writes count as `5m`). Present when the call wrote to a cache; the two add up to
   * `cacheWrite` (up to rounding), so they are not counted again in `total`.
   */
  cacheWriteByTtl?: { '5m': number; '1h': number };
  /** Server-side web search requests (`usage.server_tool_use.web_search_requests`); present when there were any and the table prices them. */
  webSearch?: number;
  /** Completion tokens other than reasoning. */
  output: number;
  /** Reasoning tokens. */
  reasoning: number;
}

/** The cost of one call, beside its `usage` (see `completionCost` in `llmux/models`). */
export interface Cost {
  /** USD. */
  total: number;
  currency: 'USD';
  /**
   * `provider`: the provider reported `total` (OpenRouter does; the breakdown, if any, is the
   * model table's view); `table`: computed from llmux's model table.
   */
  source: 'provider' | 'table';
  /** Always present for `table`; for `provider`, present when the table prices the model. */
  breakdown?: CostBreakdown;
  /** The model table entry used (e.g. `openai/gpt-4o-2024-08-06`), when one was. */
  model?: string;
}
