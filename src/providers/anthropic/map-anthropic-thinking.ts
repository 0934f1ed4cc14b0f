/**
 * `reasoning_effort` -> Anthropic thinking, and the `max_tokens` that leaves room for it. Pure.
 * Models with adaptive thinking take `thinking: { type: "adaptive" }` plus `output_config.effort`
 * and refuse a budget; older thinking models take a budget per level.
 */
import { ConfigurationError } from '../../base/errors.js';
import type { ReasoningEffort } from '../../base/types.js';
import type { AnthropicThinkingConfig } from './anthropic-api-types.js';

/**
 * Thinking budgets per level for models without adaptive thinking. 1024 is Anthropic's minimum
 * budget, so `minimal` cannot go lower; the others grow by 4x, then 2x, a step large enough to
 * change answers noticeably. A model the table knows takes xhigh/max only if the table says so
 * (else they are lowered to `high` before this point); an unknown model gets the budget as asked.
 */
const THINKING_BUDGETS: Readonly<Record<Exclude<ReasoningEffort, 'none'>, number>> = {
  minimal: 1024,
  low: 1024,
  medium: 4096,
  high: 16384,
  xhigh: 32768,
  max: 65536,
};

/** The levels `output_config.effort` takes on an adaptive-thinking model. */
const ADAPTIVE_EFFORTS: ReadonlySet<string> = new Set(['low', 'medium', 'high', 'xhigh', 'max']);

/** What a level becomes on the wire. */
export interface AnthropicThinking {
  thinking: AnthropicThinkingConfig;
  /** `output_config.effort`, for adaptive thinking. */
  effort?: string;
}

/**
 * `undefined` and `none` mean no thinking; an adaptive model gets `adaptive` + the effort
 * (`minimal`, which Anthropic's effort does not have, goes as `low`); others a budget.
 */
export function thinkingFromEffort(effort: ReasoningEffort | null | undefined, adaptive = false): AnthropicThinking | undefined {
  if (effort === undefined || effort === null || effort === 'none') return undefined;
  if (adaptive) return { thinking: { type: 'adaptive' }, effort: ADAPTIVE_EFFORTS.has(effort) ? effort : 'low' };
  const budget = (THINKING_BUDGETS as Record<string, number>)[effort];
  if (budget === undefined) {
    throw new ConfigurationError(
      `reasoning_effort ${JSON.stringify(effort)} is not supported for Anthropic; use none, minimal, low, medium, high, xhigh or max, or extra_body.thinking`,
      { provider: 'anthropic' },
    );
  }
  return { thinking: { type: 'enabled', budget_tokens: budget } };
}

/** The budget of a thinking config, if it is an enabled one with a numeric budget. */
export function thinkingBudget(thinking: unknown): number | undefined {
  if (thinking === null || typeof thinking !== 'object') return undefined;
  const config = thinking as { type?: unknown; budget_tokens?: unknown };
  return config.type === 'enabled' && typeof config.budget_tokens === 'number' ? config.budget_tokens : undefined;
}

/**
 * Anthropic counts thinking inside `max_tokens` and rejects a budget that does not fit. When the
 * requested limit cannot hold the budget, it is read as the answer's share and the budget is
 * added on top, so the caller still gets the answer length they asked for.
 */
export function maxTokensWithThinking(maxTokens: number, budget: number | undefined): number {
  if (budget === undefined || maxTokens > budget) return maxTokens;
  return budget + maxTokens;
}
