/**
 * A chat request in the OpenAI Chat Completions shape, with llmux's reasoning scale and the
 * built-in mock's answer spec.
 */
import type { ChatCompletionMessageParam } from './message-types.js';
import type { FinishReason } from './response-types.js';
import type { ChatCompletionTool, ChatCompletionToolChoiceOption, JSONSchema } from './tool-types.js';
import type { Usage } from './usage-types.js';

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
