/**
 * The parts of OpenRouter's wire format that go beyond OpenAI Chat Completions.
 *
 * What passes where:
 * - `HTTP-Referer` / `X-Title` attribution headers: from the client's provider options
 *   `appUrl` / `appName` (`createClient({ providers: { openrouter: { appUrl, appName } } })`).
 * - `reasoning_effort` (the OpenAI field) becomes `reasoning: { effort }`.
 * - Everything else OpenRouter-specific goes in `ChatRequest.extra_body`, typed by
 *   {@link OpenRouterExtraBody}: it is merged into the body as given, after llmux's own mapping.
 * - Responses: `reasoning` arrives as `reasoning_content`; `reasoning_details` and
 *   `usage.cost` (USD) are kept as OpenRouter sent them.
 */

/** Provider routing preferences (`extra_body.provider`), passed through as given. */
interface OpenRouterProviderPreferences {
  /** Providers to try first, in order (e.g. `['anthropic', 'amazon-bedrock']`). */
  order?: string[];
  /** Whether other providers may serve the request when those in `order` fail (default true). */
  allow_fallbacks?: boolean;
  /** Only route to providers that support every parameter of the request. */
  require_parameters?: boolean;
  data_collection?: 'allow' | 'deny';
  /** Only route to zero-data-retention endpoints. */
  zdr?: boolean;
  only?: string[];
  ignore?: string[];
  quantizations?: string[];
  sort?: 'price' | 'throughput' | 'latency' | (string & {});
  max_price?: { prompt?: number; completion?: number; request?: number; image?: number };
  /** Fields newer than this type. */
  [field: string]: unknown;
}

/**
 * `extra_body.reasoning`. OpenRouter takes either `effort` or `max_tokens`, not both; `exclude`
 * keeps the reasoning out of the response while the model still reasons.
 */
export interface OpenRouterReasoningConfig {
  effort?: 'xhigh' | 'high' | 'medium' | 'low' | 'minimal' | 'none' | (string & {});
  max_tokens?: number;
  exclude?: boolean;
  enabled?: boolean;
}

/** OpenRouter request fields that OpenAI's shape has no place for; put them in `extra_body`. */
export interface OpenRouterExtraBody {
  provider?: OpenRouterProviderPreferences;
  /** Fallback models, tried in order when the primary model (the request's `model`) fails. */
  models?: string[];
  /** Wins over `reasoning_effort`; see {@link OpenRouterReasoningConfig}. */
  reasoning?: OpenRouterReasoningConfig;
  /** Prompt transforms, e.g. `['middle-out']` to fit an over-long prompt. */
  transforms?: string[];
  /** Deprecated by OpenRouter (usage, with `cost`, now always comes); still accepted. */
  usage?: { include: boolean };
  [field: string]: unknown;
}

/** The `format` OpenRouter gives reasoning that came from (and can go back to) Claude. */
export const ANTHROPIC_REASONING_FORMAT = 'anthropic-claude-v1';
