/**
 * The public wire types of llmux: the OpenAI Chat Completions shape, which every provider's
 * requests and responses are translated to and from. Field names stay snake_case on purpose so
 * values move between llmux, openai-node and litellm without renaming.
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

/** A JSON Schema object; kept open because providers accept different dialects. */
export type JSONSchema = { [key: string]: unknown };

export interface FunctionDefinition {
  name: string;
  description?: string;
  parameters?: JSONSchema;
  strict?: boolean | null;
}

export interface ChatCompletionTool {
  type: 'function';
  function: FunctionDefinition;
  cache_control?: { type: 'ephemeral'; ttl?: '5m' | '1h' };
}

export type ChatCompletionToolChoiceOption =
  | 'none'
  | 'auto'
  | 'required'
  | { type: 'function'; function: { name: string } };

export type ResponseFormat =
  | { type: 'text' }
  | { type: 'json_object' }
  | {
      type: 'json_schema';
      json_schema: { name: string; description?: string; schema?: JSONSchema; strict?: boolean | null };
    };

/**
 * One reasoning scale for every provider, lowest to highest. `none` turns reasoning off. Each
 * provider maps it to its own field (see the README's effort table); a level the model table
 * says a model cannot take is moved to the nearest one it can, and the response's `warnings`
 * say so. A model the table does not know gets the level as asked.
 */
export type ReasoningEffort = 'none' | 'minimal' | 'low' | 'medium' | 'high' | 'xhigh' | 'max';

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

/**
 * A chat request in the OpenAI Chat Completions shape. `model` is an llmux model string:
 * `"provider/model"` (e.g. `"openai/gpt-4o-mini"`, `"ollama/llama3.2"`) or a well-known bare
 * name (`"gpt-4o"`, `"claude-sonnet-4-5"`).
 */
export interface ChatRequest {
  model: string;
  messages: ChatCompletionMessageParam[];
  tools?: ChatCompletionTool[];
  tool_choice?: ChatCompletionToolChoiceOption;
  parallel_tool_calls?: boolean;
  temperature?: number | null;
  top_p?: number | null;
  max_tokens?: number | null;
  max_completion_tokens?: number | null;
  stop?: string | string[] | null;
  seed?: number | null;
  n?: number | null;
  presence_penalty?: number | null;
  frequency_penalty?: number | null;
  logit_bias?: Record<string, number> | null;
  logprobs?: boolean | null;
  top_logprobs?: number | null;
  response_format?: ResponseFormat;
  user?: string;
  reasoning_effort?: ReasoningEffort | null;
  metadata?: Record<string, string> | null;
  /**
   * Provider-specific body fields merged into the outgoing JSON as they are (after llmux's own
   * mapping, so they win). Use it for anything llmux does not model, e.g. `{ top_k: 40 }`.
   */
  extra_body?: Record<string, unknown>;
  /** Extra HTTP headers for this request only, over every other layer (`null` unsets one). */
  extra_headers?: Record<string, string | null>;
  /**
   * Answer with this instead of calling the provider, on any model (litellm's `mock_response`):
   * the built-in mock answers, so no request is sent and no key is needed; usage and cost are
   * those of the model named. See `MockResponseSpec`. (`llmux/lite` refuses it unless the
   * provider is a mock: it carries no mock of its own.)
   */
  mock_response?: string | MockResponseSpec;
}

/** What the built-in `mock` provider answers; for users' own tests, no network involved. */
export interface MockResponseSpec {
  /** Text of the reply. Defaults to an echo of the last user message. */
  content?: string;
  /**
   * Tool calls to return, flat (`{ name, arguments }`) or OpenAI-shaped (`{ id, type:
   * "function", function: { name, arguments } }`); `arguments` may be an object (serialized for
   * you) or a JSON string.
   */
  tool_calls?: (MockToolCall | { id?: string; type?: 'function'; function: MockToolCall })[];
  /** Throw this instead of answering: an HTTP-like failure mapped through the normal error mapping. */
  error?: { status: number; message?: string; headers?: Record<string, string>; body?: unknown };
  /**
   * How the text is streamed: a number of chunks of near-equal word counts (default: one per
   * word), or the chunks themselves (`["Hel", "lo"]`, whose concatenation is the text).
   */
  chunks?: number | string[];
  /** Delay before each chunk, in ms (default 0). */
  chunk_delay_ms?: number;
  finish_reason?: FinishReason;
  usage?: Partial<Usage>;
  reasoning_content?: string;
}

/** A tool call the mock returns. */
export interface MockToolCall {
  id?: string;
  name: string;
  arguments: string | Record<string, unknown>;
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

/** Token usage, OpenAI-shaped. `prompt_tokens` includes cached prompt tokens. */
export interface Usage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  prompt_tokens_details?: {
    cached_tokens?: number;
    /** Tokens written to a prompt cache (Anthropic cache creation). */
    cache_creation_tokens?: number;
    /** Of `cache_creation_tokens`, those written to Anthropic's 1-hour cache (priced higher). */
    cache_creation_1h_tokens?: number;
    audio_tokens?: number;
  };
  completion_tokens_details?: {
    reasoning_tokens?: number;
    audio_tokens?: number;
    accepted_prediction_tokens?: number;
    rejected_prediction_tokens?: number;
  };
  /** Cost in USD when the provider reports it (e.g. OpenRouter). */
  cost?: number;
  /** Requests the provider's own tools made during the call, billed apart from tokens (Anthropic's `usage.server_tool_use`). */
  server_tool_use?: {
    /** Web searches run by the server-side web search tool. */
    web_search_requests?: number;
  };
}

/** A call's cost split by kind of token, in USD. */
export interface CostBreakdown {
  /** Uncached prompt tokens. */
  input: number;
  /** Prompt tokens read from a cache. */
  cachedInput: number;
  /** Prompt tokens written to a cache, whatever the cache's lifetime. */
  cacheWrite: number;
  /**
   * `cacheWrite` split by cache lifetime (Anthropic's 5-minute and 1-hour caches; every other
   * provider's writes count as `5m`). Present when the call wrote to a cache; the two add up to
   * `cacheWrite` (up to rounding), so they are not counted again in `total`.
   */
  cacheWriteByTtl?: { '5m': number; '1h': number };
  /** Server-side web search requests (`usage.server_tool_use.web_search_requests`); present when there were any and the table prices them. */
  webSearch?: number;
  /** Completion tokens other than reasoning. */
  output: number;
  /** Reasoning tokens. */
  reasoning: number;
}

/** The cost of one call, beside its `usage` (see `completionCost` in `llmux/models`). */
export interface Cost {
  /** USD. */
  total: number;
  currency: 'USD';
  /**
   * `provider`: the provider reported `total` (OpenRouter does; the breakdown, if any, is the
   * model table's view); `table`: computed from llmux's model table.
   */
  source: 'provider' | 'table';
  /** Always present for `table`; for `provider`, present when the table prices the model. */
  breakdown?: CostBreakdown;
  /** The model table entry used (e.g. `openai/gpt-4o-2024-08-06`), when one was. */
  model?: string;
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

/**
 * What a stream had assembled when it stopped: like `ModelResponse`, but a choice may have no
 * finish reason yet.
 */
export interface PartialModelResponse extends Omit<ModelResponse, 'choices'> {
  choices: (Omit<ChatCompletionChoice, 'finish_reason'> & { finish_reason: FinishReason | null })[];
}
