/**
 * OpenAI `reasoning_effort` + `extra_body.reasoning` -> OpenRouter's `reasoning` object. Pure.
 */
import { ConfigurationError } from '../../base/errors.js';
import type { ReasoningEffort } from '../../base/types.js';
import type { OpenRouterReasoningConfig } from './openrouter-api-types.js';

/**
 * The `reasoning` to send, or undefined for none.
 * - Only `reasoning_effort`: `{ effort }` (`none` included: it turns reasoning off).
 * - An explicit `reasoning` with neither `effort` nor `max_tokens` (say `{ exclude: true }`):
 *   `reasoning_effort` fills in the effort.
 * - An explicit `reasoning` with its own `effort` or `max_tokens`: it is sent as given and
 *   `reasoning_effort` is left out, as every `extra_body` field wins over llmux's mapping.
 */
export function mapOpenRouterReasoning(
  effort: ReasoningEffort | null | undefined,
  explicit: unknown,
): OpenRouterReasoningConfig | undefined {
  if (effort !== undefined && effort !== null && (typeof effort !== 'string' || (effort as string) === '')) {
    throw new ConfigurationError(`reasoning_effort must be a string such as "low", "medium" or "high"; got ${JSON.stringify(effort)}`, {
      provider: 'openrouter',
    });
  }
  const wanted = effort ?? undefined;
  if (explicit === undefined || explicit === null) return wanted === undefined ? undefined : { effort: wanted };
  const reasoning = checkReasoning(explicit);
  if (wanted === undefined || reasoning.effort !== undefined || reasoning.max_tokens !== undefined) return reasoning;
  return { ...reasoning, effort: wanted };
}

/** OpenRouter answers these mistakes with a 400 after routing; caught here with the field named. */
function checkReasoning(value: unknown): OpenRouterReasoningConfig {
  const fail = (why: string): never => {
    throw new ConfigurationError(`extra_body.reasoning ${why}`, { provider: 'openrouter' });
  };
  if (typeof value !== 'object' || Array.isArray(value))
    return fail(`must be an object like { effort: "high" } or { max_tokens: 2000 }; got ${JSON.stringify(value)}`);
  const reasoning = value as OpenRouterReasoningConfig;
  if (reasoning.effort !== undefined && reasoning.max_tokens !== undefined) {
    fail('takes either effort or max_tokens, not both');
  }
  if (reasoning.effort !== undefined && typeof reasoning.effort !== 'string')
    fail(`.effort must be a string; got ${JSON.stringify(reasoning.effort)}`);
  if (reasoning.max_tokens !== undefined && !(Number.isInteger(reasoning.max_tokens) && reasoning.max_tokens > 0)) {
    fail(`.max_tokens must be a positive integer; got ${JSON.stringify(reasoning.max_tokens)}`);
  }
  for (const flag of ['exclude', 'enabled'] as const) {
    if (reasoning[flag] !== undefined && typeof reasoning[flag] !== 'boolean')
      fail(`.${flag} must be true or false; got ${JSON.stringify(reasoning[flag])}`);
  }
  return reasoning;
}
