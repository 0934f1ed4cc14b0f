/**
 * Whether a failed request means "this provider or model does not do this mode" (so `auto` may
 * try the next one) rather than a failure any mode would meet; and whether it refused `json`
 * mode's prefill on Anthropic (so the mode is sent again without one). Pure.
 */
import { isLlmuxError } from '../base/errors.js';
import type { StructuredMode } from './structured-types.js';

/** What a rejection of each mode mentions. */
const FEATURE: Record<StructuredMode, RegExp | undefined> = {
  json_schema: /response_format|json_schema|json schema|schema|structured output|output_config|output_format/i,
  tools: /tool|function/i,
  json: /response_format|json_object|json mode|json/i,
  prompt: undefined,
};

/** OpenRouter's answer when no provider behind a model takes the request's parameters. */
const NO_ENDPOINT = /no endpoints found|requested parameters|require_parameters/i;

export function isModeRejection(error: unknown, mode: StructuredMode): boolean {
  const feature = FEATURE[mode];
  if (feature === undefined || !isLlmuxError(error)) return false;
  // These say something about the prompt, not the mode.
  if (error.name === 'ContextWindowExceededError' || error.name === 'ContentPolicyViolationError') return false;
  const text = `${error.message} ${error.providerMessage ?? ''} ${error.code ?? ''}`;
  // An adapter refusing the mode before sending (e.g. Anthropic and json_object).
  if (error.name === 'ConfigurationError') return /response_format|tool_choice|json_object/i.test(text) && feature.test(text);
  if (error.status === 400 || error.status === 422) return feature.test(text);
  if (error.status === 404) return NO_ENDPOINT.test(text);
  return false;
}

/**
 * Anthropic refusing the `{` prefill of `json` mode: models that take no prefill ("This model does
 * not support assistant message prefill. The conversation must end with a user message."), or a
 * prefill beside thinking ("a final `assistant` message must start with a thinking block").
 */
const PREFILL = /prefill|must end with a user message|final .?assistant.? (?:message|turn|content)/i;

export function isPrefillRejection(error: unknown): boolean {
  if (!isLlmuxError(error) || (error.status !== 400 && error.status !== 422)) return false;
  if (error.name === 'ContextWindowExceededError' || error.name === 'ContentPolicyViolationError') return false;
  return PREFILL.test(`${error.message} ${error.providerMessage ?? ''}`);
}
