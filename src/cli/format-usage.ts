/**
 * The one-line usage summary `llmux chat` prints to stderr. Pure.
 */
import type { ModelResponse } from '../types.js';

export function formatUsage(response: Pick<ModelResponse, 'model' | 'provider' | 'usage'>): string {
  const where = `model ${response.model || 'unknown'}, provider ${response.provider ?? 'unknown'}`;
  const usage = response.usage;
  if (usage === undefined) return `usage: not reported (${where})`;
  const tokens = `${usage.prompt_tokens} prompt + ${usage.completion_tokens} completion = ${usage.total_tokens} tokens`;
  const cost = usage.cost === undefined ? '' : `, $${usage.cost.toFixed(6)}`;
  return `usage: ${tokens}${cost} (${where})`;
}
