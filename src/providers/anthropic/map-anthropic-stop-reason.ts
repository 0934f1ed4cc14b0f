/**
 * Anthropic `stop_reason` -> OpenAI `finish_reason`. Pure.
 */
import type { FinishReason } from '../../base/types.js';

/** Reasons whose OpenAI name says all there is to say; the others are also reported raw. */
const FAITHFUL: Readonly<Record<string, FinishReason>> = {
  end_turn: 'stop',
  stop_sequence: 'stop',
  max_tokens: 'length',
  tool_use: 'tool_calls',
  refusal: 'content_filter',
};

/** Reasons OpenAI's vocabulary can only approximate. */
const APPROXIMATE: Readonly<Record<string, FinishReason>> = {
  // A server tool loop paused; the caller continues by sending the turn back. Not an error.
  pause_turn: 'stop',
  model_context_window_exceeded: 'length',
};

export function mapAnthropicStopReason(reason: string | null | undefined): FinishReason {
  if (reason === null || reason === undefined) return 'stop';
  return FAITHFUL[reason] ?? APPROXIMATE[reason] ?? 'stop';
}

/**
 * The raw reason to expose as `provider_finish_reason` when the mapping loses information
 * (pause_turn, and reasons newer than this code), else undefined.
 */
export function providerFinishReason(reason: string | null | undefined): string | undefined {
  if (reason === null || reason === undefined || reason in FAITHFUL) return undefined;
  return reason;
}
