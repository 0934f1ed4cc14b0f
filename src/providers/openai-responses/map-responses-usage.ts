/**
 * Responses usage -> Chat Completions usage: `input_tokens` (with `cached_tokens`) as prompt
 * tokens, `output_tokens` (with `reasoning_tokens`) as completion tokens. Pure.
 */
import type { Usage } from '../../base/types.js';
import type { ResponsesUsage } from './responses-api-types.js';

const count = (value: unknown): number => (typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : 0);

export function mapResponsesUsage(usage: ResponsesUsage | null | undefined): Usage | undefined {
  if (usage === null || typeof usage !== 'object') return undefined;
  const prompt = count(usage.input_tokens);
  const completion = count(usage.output_tokens);
  const out: Usage = {
    prompt_tokens: prompt,
    completion_tokens: completion,
    total_tokens: typeof usage.total_tokens === 'number' ? count(usage.total_tokens) : prompt + completion,
  };
  const cached = usage.input_tokens_details?.cached_tokens;
  if (typeof cached === 'number') out.prompt_tokens_details = { cached_tokens: count(cached) };
  const reasoning = usage.output_tokens_details?.reasoning_tokens;
  if (typeof reasoning === 'number') out.completion_tokens_details = { reasoning_tokens: count(reasoning) };
  return out;
}
