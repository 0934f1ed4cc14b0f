/**
 * The parts of OpenAI's Responses API (`POST /v1/responses`) that llmux reads and writes.
 * Loose on purpose: fields llmux does not use are not described, and every value read from a
 * server is checked before use.
 */

/** A content part of an input message. */
export type ResponsesInputContent =
  | { type: 'input_text'; text: string }
  | { type: 'input_image'; image_url?: string; file_id?: string; detail: 'auto' | 'low' | 'high' }
  | { type: 'input_file'; file_data?: string; file_id?: string; filename?: string }
  | { type: 'input_audio'; input_audio: { data: string; format: string } }
  | { type: 'output_text'; text: string; annotations?: unknown[] }
  | { type: 'refusal'; refusal: string };

/** One item of the `input` list. */
export type ResponsesInputItem =
  | { role: 'user' | 'system' | 'developer' | 'assistant'; content: string | ResponsesInputContent[]; type?: 'message' }
  | { type: 'function_call'; call_id: string; name: string; arguments: string }
  | { type: 'custom_tool_call'; call_id: string; name: string; input: string }
  | { type: 'function_call_output'; call_id: string; output: string }
  | { type: 'reasoning'; id: string; encrypted_content?: string; summary: { type: 'summary_text'; text: string }[] };

/** A summary part of a reasoning output item. */
interface ResponsesSummaryPart {
  type: 'summary_text';
  text: string;
}

/** What `usage` holds on a response. */
export interface ResponsesUsage {
  input_tokens?: number;
  input_tokens_details?: { cached_tokens?: number };
  output_tokens?: number;
  output_tokens_details?: { reasoning_tokens?: number };
  total_tokens?: number;
}

/** One item of a response's `output` list (message, reasoning, function_call, built-in tool calls...). */
export interface ResponsesOutputItem {
  type: string;
  id?: string;
  role?: string;
  status?: string;
  /** message */
  content?: { type: string; text?: string; refusal?: string; annotations?: unknown[] }[];
  /** function_call */
  call_id?: string;
  name?: string;
  arguments?: string;
  /** reasoning */
  summary?: ResponsesSummaryPart[];
  encrypted_content?: string | null;
}

/** A response object, as `POST /v1/responses` returns it and stream events carry it. */
export interface ResponsesResponse {
  id?: string;
  object?: 'response';
  created_at?: number;
  model?: string;
  status?: 'completed' | 'incomplete' | 'failed' | 'in_progress' | 'queued' | 'cancelled' | (string & {});
  error?: { code?: string; message?: string } | null;
  incomplete_details?: { reason?: string } | null;
  output?: ResponsesOutputItem[];
  usage?: ResponsesUsage | null;
  service_tier?: string | null;
}
