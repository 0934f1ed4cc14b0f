import { collectText } from './collect-text.js';
import { isRecord } from './is-record.js';
import type { ConversationView, ResponseFormatView, ToolChoiceView, ToolView } from './generate-reply.js';

/** A validated Chat Completions request. */
export interface OpenAIChatRequest {
  model: string;
  stream: boolean;
  includeUsage: boolean;
  view: ConversationView;
}

/** Why a request was refused, in the fields of an OpenAI 400. */
export interface OpenAIRequestProblem {
  message: string;
  param: string | undefined;
  code: string | undefined;
}

export type NormalizedOpenAIRequest = { ok: true; request: OpenAIChatRequest } | { ok: false; problem: OpenAIRequestProblem };

const roles = new Set(['system', 'developer', 'user', 'assistant', 'tool', 'function']);

const fail = (param: string | undefined, code: string | undefined, message: string): NormalizedOpenAIRequest => ({
  ok: false,
  problem: { param, code, message },
});

/**
 * Validates a Chat Completions body as strictly as the real API does where client bugs hide
 * (missing fields, tool messages answering no tool call, tool_choice without tools) and reduces
 * it to the conversation view the reply is generated from.
 */
export function normalizeOpenAIRequest(body: unknown): NormalizedOpenAIRequest {
  if (!isRecord(body)) return fail(undefined, 'invalid_type', 'The request body must be a JSON object.');
  if (body.model === undefined) {
    return fail('model', 'missing_required_parameter', "Missing required parameter: 'model'.");
  }
  if (typeof body.model !== 'string' || body.model === '') {
    return fail('model', 'invalid_type', "Invalid 'model': expected a non-empty string.");
  }
  const { messages } = body;
  if (messages === undefined) {
    return fail('messages', 'missing_required_parameter', "Missing required parameter: 'messages'.");
  }
  if (!Array.isArray(messages)) {
    return fail('messages', 'invalid_type', "Invalid type for 'messages': expected an array.");
  }
  if (messages.length === 0) {
    return fail('messages', 'empty_array', "Invalid 'messages': empty array. Expected an array with minimum length 1.");
  }

  let promptChars = 0;
  let lastUserText = '';
  let openToolCallIds = new Set<string>();
  for (const [index, message] of messages.entries()) {
    if (!isRecord(message) || typeof message.role !== 'string' || !roles.has(message.role)) {
      const expected = [...roles].join(', ');
      const problem = `Invalid 'messages[${index}]': expected an object with a role of ${expected}.`;
      return fail(`messages[${index}].role`, 'invalid_value', problem);
    }
    promptChars += collectText(message.content).length;
    if (message.role === 'user') lastUserText = collectText(message.content);
    // A tool message answers the assistant turn just before it, not any earlier one.
    if (message.role !== 'tool') openToolCallIds = new Set();
    if (message.role === 'assistant') {
      const toolCalls = Array.isArray(message.tool_calls) ? message.tool_calls : [];
      for (const call of toolCalls) {
        if (!isRecord(call)) continue;
        if (typeof call.id === 'string') openToolCallIds.add(call.id);
        if (isRecord(call.function)) {
          promptChars += String(call.function.name ?? '').length + String(call.function.arguments ?? '').length;
        }
      }
    }
    const answersOpenCall = typeof message.tool_call_id === 'string' && openToolCallIds.has(message.tool_call_id);
    if (message.role === 'tool' && !answersOpenCall) {
      return fail(
        `messages[${index}].tool_call_id`,
        undefined,
        `Invalid parameter: messages with role 'tool' must be a response to a preceding message with 'tool_calls' (messages[${index}]).`,
      );
    }
  }

  const last = messages[messages.length - 1] as Record<string, unknown>;
  const tools = readTools(body.tools);
  if (typeof tools === 'string') return fail('tools', 'invalid_value', tools);
  const toolChoice = readToolChoice(body.tool_choice, tools);
  if (typeof toolChoice === 'string') return fail('tool_choice', 'invalid_value', toolChoice);
  const responseFormat = readResponseFormat(body.response_format);
  if (typeof responseFormat === 'string') return fail('response_format', 'invalid_value', responseFormat);

  const maxParam = body.max_completion_tokens != null ? 'max_completion_tokens' : 'max_tokens';
  const maxTokens = body[maxParam];
  if (maxTokens != null && !(Number.isInteger(maxTokens) && (maxTokens as number) >= 1)) {
    return fail(maxParam, 'integer_below_min_value', `Invalid '${maxParam}': expected an integer >= 1.`);
  }
  const stopSequences = readStop(body.stop);
  if (stopSequences === undefined) {
    return fail('stop', 'invalid_type', "Invalid 'stop': expected a string or an array of strings.");
  }
  if (body.stream != null && typeof body.stream !== 'boolean') {
    return fail('stream', 'invalid_type', "Invalid 'stream': expected a boolean.");
  }
  const stream = body.stream === true;
  if (body.stream_options != null && !stream) {
    return fail('stream_options', 'invalid_value', "The 'stream_options' parameter is only allowed when 'stream' is enabled.");
  }

  return {
    ok: true,
    request: {
      model: body.model,
      stream,
      includeUsage: isRecord(body.stream_options) && body.stream_options.include_usage === true,
      view: {
        lastUserText,
        lastToolResult: last.role === 'tool' || last.role === 'function' ? collectText(last.content) : undefined,
        tools,
        toolChoice,
        responseFormat,
        maxTokens: (maxTokens as number | null | undefined) ?? undefined,
        stopSequences,
        promptChars,
      },
    },
  };
}

function readTools(value: unknown): ToolView[] | string {
  if (value == null) return [];
  if (!Array.isArray(value)) return "Invalid 'tools': expected an array.";
  const tools: ToolView[] = [];
  for (const [index, tool] of value.entries()) {
    const fn = isRecord(tool) && tool.type === 'function' && isRecord(tool.function) ? tool.function : undefined;
    if (fn === undefined || typeof fn.name !== 'string') {
      return `Invalid 'tools[${index}]': expected { type: 'function', function: { name, parameters } }.`;
    }
    tools.push({ name: fn.name, parameters: fn.parameters ?? { type: 'object', properties: {} } });
  }
  return tools;
}

function readToolChoice(value: unknown, tools: readonly ToolView[]): ToolChoiceView | string {
  if (value == null) return { type: 'auto' };
  if (tools.length === 0) {
    return "Invalid value for 'tool_choice': 'tool_choice' is only allowed when 'tools' are specified.";
  }
  if (value === 'auto' || value === 'none' || value === 'required') return { type: value };
  const name = isRecord(value) && value.type === 'function' && isRecord(value.function) ? value.function.name : undefined;
  if (typeof name === 'string') {
    if (!tools.some((tool) => tool.name === name)) {
      return `Invalid value for 'tool_choice': no tool named '${name}' was offered.`;
    }
    return { type: 'tool', name };
  }
  return "Invalid value for 'tool_choice': expected 'none', 'auto', 'required' or { type: 'function', function: { name } }.";
}

function readResponseFormat(value: unknown): ResponseFormatView | undefined | string {
  if (value == null) return undefined;
  if (!isRecord(value)) return "Invalid 'response_format': expected an object.";
  if (value.type === 'text') return undefined;
  if (value.type === 'json_object') return { type: 'json_object' };
  if (value.type === 'json_schema') {
    if (!isRecord(value.json_schema) || typeof value.json_schema.name !== 'string') {
      return "Invalid 'response_format.json_schema': expected an object with a 'name' and a 'schema'.";
    }
    return { type: 'json_schema', schema: value.json_schema.schema };
  }
  return "Invalid 'response_format.type': expected 'text', 'json_object' or 'json_schema'.";
}

function readStop(value: unknown): string[] | undefined {
  if (value == null) return [];
  if (typeof value === 'string') return [value];
  if (Array.isArray(value) && value.every((entry) => typeof entry === 'string')) return value;
  return undefined;
}
