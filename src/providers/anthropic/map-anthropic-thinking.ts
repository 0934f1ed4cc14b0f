/**
 * OpenAI `reasoning_effort` -> Anthropic extended thinking, and the `max_tokens` that leaves
 * room for it. Pure.
 */
import { ConfigurationError } from '../../errors.js';
import type { ReasoningEffort } from '../../types.js';
import type { AnthropicThinkingConfig } from './anthropic-api-types.js';

/**
 * Thinking budgets per effort. 1024 is Anthropic's minimum budget, so `minimal` cannot go lower;
 * the others grow by 4x, a step large enough to change answers noticeably.
 */
export const THINKING_BUDGETS: Readonly<Record<'minimal' | 'low' | 'medium' | 'high', number>> = {
  minimal: 1024,
  low: 1024,
  medium: 4096,
  high: 16384,
};

/** `undefined` (and OpenAI's `none`) mean no thinking; an effort llmux cannot map is a configuration error. */
export function thinkingFromEffort(effort: ReasoningEffort | null | undefined): AnthropicThinkingConfig | undefined {
  if (effort === undefined || effort === null || effort === 'none') return undefined;
  const budget = (THINKING_BUDGETS as Record<string, number>)[effort];
  if (budget === undefined) {
    throw new ConfigurationError(
      `reasoning_effort ${JSON.stringify(effort)} is not supported for Anthropic; use minimal, low, medium or high, or extra_body.thinking`,
      { provider: 'anthropic' },
    );
  }
  return { type: 'enabled', budget_tokens: budget };
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
