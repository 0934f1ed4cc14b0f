/**
 * A streamed chunk in the OpenAI `chat.completion.chunk` shape, whatever the provider.
 */
import type { ProviderBlocks, ReasoningDetail } from './message-types.js';
import type { ChatCompletionAnnotation, ChoiceLogprobs, FinishReason, LlmuxWarning, ServiceTier } from './response-types.js';
import type { Cost, Usage } from './usage-types.js';

export interface ChatCompletionChunkToolCallDelta {
  index: number;
  id?: string;
  type?: 'function';
  function?: { name?: string; arguments?: string };
}

export interface ChatCompletionChunkDelta {
  /** Always `assistant` from llmux adapters; wider only to match openai-node's type. */
  role?: 'developer' | 'system' | 'user' | 'assistant' | 'tool';
  content?: string | null;
  refusal?: string | null;
  tool_calls?: ChatCompletionChunkToolCallDelta[];
  reasoning_content?: string | null;
  reasoning_details?: ReasoningDetail[];
  /** Citations added to the text so far; indices count from the start of the whole text. */
  annotations?: ChatCompletionAnnotation[];
  /** The whole turn's provider-native blocks, sent once when the turn ends (replaces any earlier). */
  provider_blocks?: ProviderBlocks;
}

export interface ChatCompletionChunkChoice {
  index: number;
  delta: ChatCompletionChunkDelta;
  finish_reason: FinishReason | null;
  logprobs?: ChoiceLogprobs | null;
  /** The provider's own stop reason when the mapped `finish_reason` loses information (Anthropic's `pause_turn`, say). */
  provider_finish_reason?: string;
}

/** A streamed chunk: an OpenAI `chat.completion.chunk` object, whatever the provider. */
export interface ChatCompletionChunk {
  id: string;
  object: 'chat.completion.chunk';
  created: number;
  model: string;
  choices: ChatCompletionChunkChoice[];
  usage?: Usage | null;
  system_fingerprint?: string;
  service_tier?: ServiceTier | null;
  /** On the chunk that carries `usage`: what the call cost (see `ModelResponse.cost`). */
  cost?: Cost;
  /** What the adapter changed about the request (see `ModelResponse.warnings`), on the first chunk. */
  warnings?: LlmuxWarning[];
  /**
   * Behind a gateway that routes among providers (OpenRouter): the provider that served the
   * call, as the gateway names it (e.g. `"Anthropic"`, `"Google"`).
   */
  upstream_provider?: string;
}
