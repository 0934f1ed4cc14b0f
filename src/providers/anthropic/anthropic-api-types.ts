/**
 * The parts of Anthropic's Messages API wire format this adapter reads and writes. Response
 * types are deliberately loose (optional fields, open strings): the API adds block, delta and
 * event types over time, and an unknown one must be skipped, not crash the mapping.
 */

interface AnthropicCacheControl {
  type: 'ephemeral';
  ttl?: '5m' | '1h';
}

export interface AnthropicTextBlock {
  type: 'text';
  text: string;
  cache_control?: AnthropicCacheControl;
}

export interface AnthropicImageBlock {
  type: 'image';
  source: { type: 'base64'; media_type: string; data: string } | { type: 'url'; url: string };
  cache_control?: AnthropicCacheControl;
}

export interface AnthropicDocumentBlock {
  type: 'document';
  source:
    | { type: 'base64'; media_type: 'application/pdf'; data: string }
    | { type: 'text'; media_type: 'text/plain'; data: string }
    | { type: 'file'; file_id: string };
  title?: string;
  cache_control?: AnthropicCacheControl;
}

export interface AnthropicToolUseBlock {
  type: 'tool_use';
  id: string;
  name: string;
  input: Record<string, unknown>;
  cache_control?: AnthropicCacheControl;
}

interface AnthropicToolResultBlock {
  type: 'tool_result';
  tool_use_id: string;
  content: string | AnthropicTextBlock[];
  cache_control?: AnthropicCacheControl;
}

interface AnthropicThinkingBlock {
  type: 'thinking';
  thinking: string;
  signature: string;
}

interface AnthropicRedactedThinkingBlock {
  type: 'redacted_thinking';
  data: string;
}

export type AnthropicContentBlock =
  | AnthropicTextBlock
  | AnthropicImageBlock
  | AnthropicDocumentBlock
  | AnthropicToolUseBlock
  | AnthropicToolResultBlock
  | AnthropicThinkingBlock
  | AnthropicRedactedThinkingBlock;

export interface AnthropicMessage {
  role: 'user' | 'assistant';
  content: string | AnthropicContentBlock[];
}

export interface AnthropicTool {
  name: string;
  description?: string;
  input_schema: Record<string, unknown>;
  cache_control?: AnthropicCacheControl;
}

/** One of Anthropic's server tools (web search, web fetch, code execution), in its own shape. */
export interface AnthropicServerTool {
  type: string;
  name: string;
  [field: string]: unknown;
}

export type AnthropicToolChoice =
  | { type: 'auto'; disable_parallel_tool_use?: boolean }
  | { type: 'any'; disable_parallel_tool_use?: boolean }
  | { type: 'tool'; name: string; disable_parallel_tool_use?: boolean }
  | { type: 'none' };

/** Extended thinking: a budget (`enabled`), or the model decides (`adaptive`, with `output_config.effort`). */
export type AnthropicThinkingConfig = { type: 'enabled'; budget_tokens: number } | { type: 'adaptive' };

/** Token counts as Anthropic reports them; `input_tokens` excludes cached prompt tokens. */
export interface AnthropicUsage {
  input_tokens?: number | null;
  output_tokens?: number | null;
  cache_creation_input_tokens?: number | null;
  cache_read_input_tokens?: number | null;
  /** The cache writes split by cache lifetime. */
  cache_creation?: { ephemeral_5m_input_tokens?: number | null; ephemeral_1h_input_tokens?: number | null } | null;
  /**
   * One entry per sampling step when the server compacted the context (`compaction`, then
   * `message`). The top-level counts then leave out the compaction steps; these add to the bill.
   */
  iterations?: AnthropicUsageIteration[] | null;
  /** Requests made by server tools during the response (web search is billed per request). */
  server_tool_use?: { web_search_requests?: number | null; web_fetch_requests?: number | null } | null;
  /** The share of `output_tokens` spent on thinking (newer models report it). */
  output_tokens_details?: { thinking_tokens?: number | null } | null;
}

/** The usage of one sampling step of a response (see `AnthropicUsage.iterations`). */
export interface AnthropicUsageIteration {
  type?: string;
  input_tokens?: number | null;
  output_tokens?: number | null;
  cache_creation_input_tokens?: number | null;
  cache_read_input_tokens?: number | null;
  cache_creation?: { ephemeral_5m_input_tokens?: number | null; ephemeral_1h_input_tokens?: number | null } | null;
}

/** A content block of a response, as received. */
export interface AnthropicResponseBlock {
  type: string;
  text?: string;
  id?: string;
  name?: string;
  input?: unknown;
  thinking?: string;
  signature?: string;
  data?: string;
}

/** A non-streamed `message` response body. */
export interface AnthropicResponseMessage {
  id: string;
  type: 'message';
  role: 'assistant';
  model: string;
  content: AnthropicResponseBlock[];
  stop_reason: string | null;
  stop_sequence?: string | null;
  usage?: AnthropicUsage;
}

/** One parsed `data:` payload of the Messages event stream. */
export interface AnthropicStreamEvent {
  type: string;
  message?: Partial<AnthropicResponseMessage>;
  index?: number;
  content_block?: AnthropicResponseBlock;
  delta?: {
    type?: string;
    text?: string;
    partial_json?: string;
    thinking?: string;
    signature?: string;
    stop_reason?: string | null;
    stop_sequence?: string | null;
  };
  usage?: AnthropicUsage;
  error?: { type?: string; message?: string };
}
