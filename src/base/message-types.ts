/**
 * The messages of a chat in the OpenAI Chat Completions shape: content parts, the message of
 * each role, tool calls and the reasoning and provider blocks an assistant turn carries back.
 */

/** A text part of a message's content. */
export interface ChatCompletionContentPartText {
  type: 'text';
  text: string;
  /** Provider-specific passthrough (e.g. Anthropic prompt caching). */
  cache_control?: { type: 'ephemeral'; ttl?: '5m' | '1h' };
}

/** An image part: an http(s) URL or a `data:` URL. */
export interface ChatCompletionContentPartImage {
  type: 'image_url';
  image_url: { url: string; detail?: 'auto' | 'low' | 'high' };
  cache_control?: { type: 'ephemeral'; ttl?: '5m' | '1h' };
}

/** A file part (e.g. a PDF), as a base64 `file_data` data URL or an uploaded `file_id`. */
export interface ChatCompletionContentPartFile {
  type: 'file';
  file: { file_data?: string; file_id?: string; filename?: string };
  cache_control?: { type: 'ephemeral'; ttl?: '5m' | '1h' };
}

/** An audio part (OpenAI input audio). */
export interface ChatCompletionContentPartInputAudio {
  type: 'input_audio';
  input_audio: { data: string; format: 'wav' | 'mp3' };
}

export type ChatCompletionContentPart =
  | ChatCompletionContentPartText
  | ChatCompletionContentPartImage
  | ChatCompletionContentPartFile
  | ChatCompletionContentPartInputAudio;

export interface ChatCompletionSystemMessageParam {
  role: 'system';
  content: string | ChatCompletionContentPartText[];
  name?: string;
}

export interface ChatCompletionDeveloperMessageParam {
  role: 'developer';
  content: string | ChatCompletionContentPartText[];
  name?: string;
}

export interface ChatCompletionUserMessageParam {
  role: 'user';
  content: string | ChatCompletionContentPart[];
  name?: string;
}

/** A function tool call made by the assistant. */
export interface ChatCompletionMessageToolCall {
  id: string;
  type: 'function';
  function: { name: string; arguments: string };
}

/** One block of model reasoning, kept so it can be sent back on the next turn. */
export interface ReasoningDetail {
  /** `thinking`/`redacted_thinking` (Anthropic), `reasoning.text`/`reasoning.encrypted`/`reasoning.summary` (OpenRouter), ... */
  type: 'thinking' | 'redacted_thinking' | (string & {});
  /** Reasoning text (Anthropic's field name). */
  thinking?: string;
  /** Reasoning text (OpenRouter's field name). */
  text?: string;
  summary?: string;
  signature?: string | null;
  /** Opaque (redacted or encrypted) reasoning. */
  data?: string;
  format?: string | null;
  index?: number;
  /** The provider's id of the block (OpenAI Responses reasoning items: `rs_...`). */
  id?: string;
  /**
   * The tool call this block led to (OpenAI Responses): a reasoning item is sent back directly
   * before that call, the only order the API accepts.
   */
  tool_call_id?: string;
  /**
   * Who produced a signed block, as llmux tags it (`{ provider: "anthropic", model }`): it is
   * replayed only to that provider and model family, and dropped on a switch to another, whose
   * server would refuse the signature. Never sent to a provider. Absent (reasoning written by
   * hand or by an older llmux): replayed wherever the block's type is understood.
   */
  origin?: ReasoningOrigin;
}

/** The provider family and model that produced a signed reasoning block (see `ReasoningDetail.origin`). */
export interface ReasoningOrigin {
  provider: string;
  model: string;
}

/**
 * A provider's own content blocks of an assistant turn, kept whole because they have no Chat
 * Completions form (Anthropic's `server_tool_use`, `web_search_tool_result`, text with
 * `citations`): the turn's blocks in their original order, sent back verbatim, and only, to the
 * provider (and model family) that produced them; other providers never see them.
 */
export interface ProviderBlocks extends ReasoningOrigin {
  blocks: Record<string, unknown>[];
}

/** A refusal part, as assistant messages returned by OpenAI may carry. */
export interface ChatCompletionContentPartRefusal {
  type: 'refusal';
  refusal: string;
}

/** A custom (free-form input) tool call; OpenAI only. */
export interface ChatCompletionMessageCustomToolCall {
  id: string;
  type: 'custom';
  custom: { name: string; input: string };
}

export interface ChatCompletionAssistantMessageParam {
  role: 'assistant';
  content?: string | (ChatCompletionContentPartText | ChatCompletionContentPartRefusal)[] | null;
  name?: string;
  refusal?: string | null;
  tool_calls?: (ChatCompletionMessageToolCall | ChatCompletionMessageCustomToolCall)[];
  /** Reasoning text returned by reasoning models (litellm's `reasoning_content`). */
  reasoning_content?: string | null;
  /** Structured reasoning blocks with signatures, for providers that need them sent back. */
  reasoning_details?: ReasoningDetail[];
  /** The turn's provider-native blocks (server tool calls and results, citations), sent back verbatim to their provider. */
  provider_blocks?: ProviderBlocks;
}

export interface ChatCompletionToolMessageParam {
  role: 'tool';
  content: string | ChatCompletionContentPartText[];
  tool_call_id: string;
}

/** @deprecated Legacy function-result message; sent on as a tool result where possible. */
export interface ChatCompletionFunctionMessageParam {
  role: 'function';
  content: string | null;
  name: string;
}

export type ChatCompletionMessageParam =
  | ChatCompletionFunctionMessageParam
  | ChatCompletionSystemMessageParam
  | ChatCompletionDeveloperMessageParam
  | ChatCompletionUserMessageParam
  | ChatCompletionAssistantMessageParam
  | ChatCompletionToolMessageParam;
