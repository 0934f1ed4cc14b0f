/**
 * Anthropic usage -> OpenAI usage. Pure.
 *
 * Anthropic's `input_tokens` counts only the uncached part of the prompt; OpenAI's
 * `prompt_tokens` counts all of it, with the cached share broken out. Cost accounting relies on
 * the OpenAI reading, so the cache reads and writes are added back in.
 *
 * Server-side compaction: a response that compacted its context reports `usage.iterations`, one
 * entry per sampling step (`compaction`, then `message`). The top-level counts then leave the
 * compaction steps out, although every step is billed. When `iterations` is a non-empty array,
 * the mapped usage is the sum of EVERY iteration, whatever its type (input, output, cache reads
 * and writes alike); the top-level counts are used only when there is no such array.
 */
import type { Usage } from '../../base/types.js';
import type { AnthropicUsage, AnthropicUsageIteration } from './anthropic-api-types.js';

export function mapAnthropicUsage(usage: AnthropicUsage): Usage {
  const steps = billedSteps(usage);
  const sum = (read: (step: AnthropicUsageIteration) => number | null | undefined): number =>
    steps.reduce((total, step) => total + count(read(step)), 0);
  const input = sum((step) => step.input_tokens);
  const cacheRead = sum((step) => step.cache_read_input_tokens);
  const cacheCreation = sum((step) => step.cache_creation_input_tokens);
  const output = sum((step) => step.output_tokens);
  const promptTokens = input + cacheRead + cacheCreation;
  const mapped: Usage = {
    prompt_tokens: promptTokens,
    completion_tokens: output,
    total_tokens: promptTokens + output,
    prompt_tokens_details: { cached_tokens: cacheRead, cache_creation_tokens: cacheCreation },
  };
  // The 1-hour cache costs more to write than the 5-minute one; cost accounting needs the split.
  // Steps that report no split fall back to the top-level one, which covers the final step.
  const splitSteps = steps.filter((step) => step.cache_creation != null);
  const oneHourSource = splitSteps.length > 0 ? splitSteps : [usage];
  const oneHour = Math.min(
    oneHourSource.reduce((total, step) => total + count(step.cache_creation?.ephemeral_1h_input_tokens), 0),
    cacheCreation,
  );
  if (oneHour > 0) mapped.prompt_tokens_details!.cache_creation_1h_tokens = oneHour;
  // Thinking is part of `output_tokens`, as reasoning is of OpenAI's `completion_tokens`. Reported
  // for the whole response, so it is capped by the summed output.
  const thinking = Math.min(count(usage.output_tokens_details?.thinking_tokens), output);
  if (thinking > 0) mapped.completion_tokens_details = { reasoning_tokens: thinking };
  // Billed per request, apart from tokens; the top level reports the whole response's count.
  const searches = count(usage.server_tool_use?.web_search_requests);
  if (searches > 0) mapped.server_tool_use = { web_search_requests: searches };
  return mapped;
}

/** The steps whose counts are billed: every iteration when there are any, else the top level. */
function billedSteps(usage: AnthropicUsage): AnthropicUsageIteration[] {
  const iterations = Array.isArray(usage.iterations) ? usage.iterations.filter((step) => step !== null && typeof step === 'object') : [];
  return iterations.length > 0 ? iterations : [usage];
}

/**
 * Folds a later usage report into an earlier one. Stream counts are cumulative: the
 * `message_delta` numbers replace those of `message_start`, and a field it omits keeps its value.
 */
export function mergeAnthropicUsage(base: AnthropicUsage, update: AnthropicUsage | undefined): AnthropicUsage {
  if (update === undefined) return base;
  const merged: AnthropicUsage = Object.assign({}, base); // not a spread: keys added to a spread copy cost a hidden class each on Node 20 (see copyWith)
  for (const key of ['input_tokens', 'output_tokens', 'cache_creation_input_tokens', 'cache_read_input_tokens'] as const) {
    const value = update[key];
    if (typeof value === 'number') merged[key] = value;
  }
  if (update.cache_creation != null) merged.cache_creation = update.cache_creation;
  if (Array.isArray(update.iterations)) merged.iterations = update.iterations;
  if (update.server_tool_use != null) merged.server_tool_use = update.server_tool_use;
  if (update.output_tokens_details != null) merged.output_tokens_details = update.output_tokens_details;
  return merged;
}

function count(value: number | null | undefined): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : 0;
}
