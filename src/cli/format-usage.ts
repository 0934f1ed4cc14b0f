/**
 * The one-line usage summary `llmux chat` prints to stderr. Pure.
 */
import type { ModelResponse } from '../base/types.js';

export function formatUsage(response: Pick<ModelResponse, 'model' | 'provider' | 'usage' | 'cost'>): string {
  const where = `model ${response.model || 'unknown'}, provider ${response.provider ?? 'unknown'}`;
  const usage = response.usage;
  if (usage === undefined) return `usage: not reported (${where})`;
  const tokens = `${usage.prompt_tokens} prompt + ${usage.completion_tokens} completion = ${usage.total_tokens} tokens`;
  // The response's cost (the provider's figure or the model table's); a bare usage.cost otherwise.
  const total = response.cost?.total ?? usage.cost;
  const cost = total === undefined ? '' : `, $${total.toFixed(6)}${response.cost?.source === 'table' ? ' (list price)' : ''}`;
  return `usage: ${tokens}${cost} (${where})`;
}
