/**
 * Anthropic usage -> OpenAI usage. Pure.
 *
 * Anthropic's `input_tokens` counts only the uncached part of the prompt; OpenAI's
 * `prompt_tokens` counts all of it, with the cached share broken out. Cost accounting relies on
 * the OpenAI reading, so the cache reads and writes are added back in.
 */
import type { Usage } from '../../types.js';
import type { AnthropicUsage } from './anthropic-api-types.js';

export function mapAnthropicUsage(usage: AnthropicUsage): Usage {
  const input = count(usage.input_tokens);
  const cacheRead = count(usage.cache_read_input_tokens);
  const cacheCreation = count(usage.cache_creation_input_tokens);
  const output = count(usage.output_tokens);
  const promptTokens = input + cacheRead + cacheCreation;
  const mapped: Usage = {
    prompt_tokens: promptTokens,
    completion_tokens: output,
    total_tokens: promptTokens + output,
    prompt_tokens_details: { cached_tokens: cacheRead, cache_creation_tokens: cacheCreation },
  };
  // The 1-hour cache costs more to write than the 5-minute one; cost accounting needs the split.
  const oneHour = count(usage.cache_creation?.ephemeral_1h_input_tokens);
  if (oneHour > 0) mapped.prompt_tokens_details!.cache_creation_1h_tokens = oneHour;
  return mapped;
}

/**
 * Folds a later usage report into an earlier one. Stream counts are cumulative: the
 * `message_delta` numbers replace those of `message_start`, and a field it omits keeps its value.
 */
export function mergeAnthropicUsage(base: AnthropicUsage, update: AnthropicUsage | undefined): AnthropicUsage {
  if (update === undefined) return base;
  const merged: AnthropicUsage = { ...base };
  for (const key of ['input_tokens', 'output_tokens', 'cache_creation_input_tokens', 'cache_read_input_tokens'] as const) {
    const value = update[key];
    if (typeof value === 'number') merged[key] = value;
  }
  if (update.cache_creation != null) merged.cache_creation = update.cache_creation;
  return merged;
}

function count(value: number | null | undefined): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : 0;
}
