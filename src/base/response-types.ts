/**
 * A complete response in the OpenAI `chat.completion` shape, whatever the provider, with what
 * llmux adds to it (cost, routing, warnings), and the partial response a stopped stream leaves.
 */
import type { ChatCompletionMessageToolCall, ProviderBlocks, ReasoningDetail } from './message-types.js';
import type { Cost, Usage } from './usage-types.js';

/**
 * Something llmux changed about a call instead of failing it, reported on the response (and to
 * an `onWarning` callback). `code` is stable; `message` is for people.
 */
export interface LlmuxWarning {
  /** `reasoning_effort_adjusted`: the model cannot take the level asked for; `used` is what was sent. */
  code: 'reasoning_effort_adjusted' | (string & {});
  message: string;
  /** What the caller asked for. */
  requested?: string;
  /** What llmux sent instead (`none`: reasoning left off). */
  used?: string;
}

/** Why generation ended, in OpenAI's vocabulary (providers' own reasons are mapped onto it). */
export type FinishReason = 'stop' | 'length' | 'tool_calls' | 'content_filter' | 'function_call';

export type ServiceTier = 'auto' | 'default' | 'flex' | 'scale' | 'priority';

/** Log probability of one token. */
export interface TokenLogprob {
  token: string;
  bytes: number[] | null;
  logprob: number;
  top_logprobs: { token: string; bytes: number[] | null; logprob: number }[];
}

export interface ChoiceLogprobs {
  content: TokenLogprob[] | null;
  refusal: TokenLogprob[] | null;
}

/** A note on the answer's text: a web source it cites (OpenAI's and OpenRouter's `url_citation`). */
export interface ChatCompletionAnnotation {
  type: 'url_citation';
  url_citation: { url: string; title: string; start_index: number; end_index: number; content?: string };
}

/** The assistant message of a response. */
export interface ChatCompletionMessage {
  role: 'assistant';
  content: string | null;
  refusal: string | null;
  tool_calls?: ChatCompletionMessageToolCall[];
  reasoning_content?: string | null;
  reasoning_details?: ReasoningDetail[];
  /** Web sources the answer cites, as the provider reported them (streamed ones collected in order). */
  annotations?: ChatCompletionAnnotation[];
  /** The turn's provider-native blocks (Anthropic server tools, citations); see {@link ProviderBlocks}. */
  provider_blocks?: ProviderBlocks;
}

export interface ChatCompletionChoice {
  index: number;
  message: ChatCompletionMessage;
  finish_reason: FinishReason;
  logprobs: ChoiceLogprobs | null;
  /** The provider's own stop reason when the mapped `finish_reason` loses information (`pause_turn`, `refusal`, `model_context_window_exceeded`). */
  provider_finish_reason?: string;
}

/** A complete response: an OpenAI `chat.completion` object, whatever the provider. */
export interface ModelResponse {
  id: string;
  object: 'chat.completion';
  created: number;
  model: string;
  choices: ChatCompletionChoice[];
  usage?: Usage;
  system_fingerprint?: string;
  service_tier?: ServiceTier | null;
  /** The llmux provider id that served the call (e.g. `"openai"`, `"groq"`). */
  provider?: string;
  /**
   * Behind a gateway that routes among providers (OpenRouter): the provider that served the
   * call, as the gateway names it (e.g. `"Anthropic"`, `"Google"`).
   */
  upstream_provider?: string;
  /** What the call cost, when the provider reported it or the model table prices the model. */
  cost?: Cost;
  /** For calls through a Router: how the call was served. */
  routing?: RoutingInfo;
  /** What llmux changed about the request to make it fit the model (see {@link LlmuxWarning}). */
  warnings?: LlmuxWarning[];
}

/** How a Router served a call. */
export interface RoutingInfo {
  /** The call's id in callbacks and the cost ledger. */
  callId: string;
  /** The model group asked for, and the one that answered (differs after a fallback). */
  group: string;
  servedBy: { group: string; deployment: string; model: string };
  /** Attempts made, failed ones included. */
  attempts: number;
  /** USD of every attempt of the call (known costs only); the response's `cost` is the last attempt's. */
  totalCost: number;
}

/**
 * What a stream had assembled when it stopped: like `ModelResponse`, but a choice may have no
 * finish reason yet.
 */
export interface PartialModelResponse extends Omit<ModelResponse, 'choices'> {
  choices: (Omit<ChatCompletionChoice, 'finish_reason'> & { finish_reason: FinishReason | null })[];
}
