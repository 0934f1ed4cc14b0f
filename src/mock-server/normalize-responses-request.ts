import { isRecord } from './is-record.js';
import type { ConversationView, ResponseFormatView, ToolChoiceView, ToolView } from './generate-reply.js';
import type { OpenAIRequestProblem } from './normalize-openai-request.js';

/** A validated Responses API request. */
export interface ResponsesRequest {
  model: string;
  stream: boolean;
  /** Whether the client asked for `reasoning.encrypted_content` (the reply then carries a reasoning item). */
  encryptedReasoning: boolean;
  view: ConversationView;
}

export type NormalizedResponsesRequest = { ok: true; request: ResponsesRequest } | { ok: false; problem: OpenAIRequestProblem };

const fail = (param: string | undefined, code: string | undefined, message: string): NormalizedResponsesRequest => ({
  ok: false,
  problem: { param, code, message },
});

/** Parameters of Chat Completions the Responses API refuses as unknown. */
const CHAT_ONLY = ['messages', 'stop', 'max_tokens', 'max_completion_tokens', 'response_format', 'n', 'stream_options'];

/** Text of an input message's content: a string, or its `input_text`/`output_text` parts. */
function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  const texts: string[] = [];
  for (const part of content) {
    if (isRecord(part) && (part.type === 'input_text' || part.type === 'output_text') && typeof part.text === 'string')
      texts.push(part.text);
  }
  return texts.join('\n');
}

/**
 * Validates a `POST /v1/responses` body where client bugs hide (chat parameters sent here, a
 * tool output answering no call, a reasoning item without the item it led to, a stateless
 * reasoning item without its encrypted content) and reduces it to the conversation view.
 */
export function normalizeResponsesRequest(body: unknown): NormalizedResponsesRequest {
  if (!isRecord(body)) return fail(undefined, 'invalid_type', 'The request body must be a JSON object.');
  if (typeof body.model !== 'string' || body.model === '')
    return fail('model', 'missing_required_parameter', "Missing required parameter: 'model'.");
  for (const key of CHAT_ONLY) {
    if (body[key] !== undefined) return fail(key, 'unknown_parameter', `Unknown parameter: '${key}'.`);
  }
  const rawInput = body.input;
  const input: unknown[] = typeof rawInput === 'string' ? [{ role: 'user', content: rawInput }] : Array.isArray(rawInput) ? rawInput : [];
  if (input.length === 0) return fail('input', 'missing_required_parameter', "Missing required parameter: 'input'.");
  let promptChars = typeof body.instructions === 'string' ? body.instructions.length : 0;
  let lastUserText = '';
  const calls = new Set<string>();
  for (const [index, item] of input.entries()) {
    if (!isRecord(item)) return fail(`input[${index}]`, 'invalid_type', `Invalid 'input[${index}]': expected an object.`);
    const type = item.type ?? 'message';
    if (type === 'message') {
      if (typeof item.role !== 'string' || !['user', 'system', 'developer', 'assistant'].includes(item.role)) {
        return fail(
          `input[${index}].role`,
          'invalid_value',
          `Invalid 'input[${index}].role': expected user, system, developer or assistant.`,
        );
      }
      const text = contentText(item.content);
      promptChars += text.length;
      if (item.role === 'user') lastUserText = text;
    } else if (type === 'function_call') {
      if (typeof item.call_id !== 'string' || typeof item.name !== 'string' || typeof item.arguments !== 'string') {
        return fail(`input[${index}]`, 'invalid_value', `Invalid 'input[${index}]': a function_call needs call_id, name and arguments.`);
      }
      calls.add(item.call_id);
      promptChars += item.name.length + item.arguments.length;
    } else if (type === 'function_call_output') {
      if (typeof item.call_id !== 'string' || !calls.has(item.call_id)) {
        return fail(
          `input[${index}].call_id`,
          undefined,
          `No tool call found for function call output with call_id ${String(item.call_id)}.`,
        );
      }
      promptChars += contentText(item.output).length;
    } else if (type === 'reasoning') {
      if (typeof item.id !== 'string' || typeof item.encrypted_content !== 'string') {
        return fail(
          `input[${index}]`,
          undefined,
          `Item with id '${String(item.id)}' not found. Items are not persisted when \`store\` is set to false: send reasoning back with its encrypted_content.`,
        );
      }
      if (index === input.length - 1) {
        return fail(
          `input[${index}]`,
          undefined,
          `Item '${item.id}' of type 'reasoning' was provided without its required following item.`,
        );
      }
    }
  }
  const last = input[input.length - 1] as Record<string, unknown>;
  const tools = readTools(body.tools);
  if (typeof tools === 'string') return fail('tools', 'invalid_value', tools);
  const toolChoice = readToolChoice(body.tool_choice, tools);
  if (typeof toolChoice === 'string') return fail('tool_choice', 'invalid_value', toolChoice);
  const format = isRecord(body.text) ? body.text.format : undefined;
  const responseFormat: ResponseFormatView | undefined = !isRecord(format)
    ? undefined
    : format.type === 'json_object'
      ? { type: 'json_object' }
      : format.type === 'json_schema'
        ? { type: 'json_schema', schema: format.schema }
        : undefined;
  const maxTokens = body.max_output_tokens;
  if (maxTokens != null && !(Number.isInteger(maxTokens) && (maxTokens as number) >= 1)) {
    return fail('max_output_tokens', 'integer_below_min_value', "Invalid 'max_output_tokens': expected an integer >= 1.");
  }
  return {
    ok: true,
    request: {
      model: body.model,
      stream: body.stream === true,
      encryptedReasoning: Array.isArray(body.include) && body.include.includes('reasoning.encrypted_content'),
      view: {
        lastUserText,
        lastToolResult: last.type === 'function_call_output' ? contentText(last.output) : undefined,
        tools,
        toolChoice,
        responseFormat,
        maxTokens: (maxTokens as number | null | undefined) ?? undefined,
        stopSequences: [],
        promptChars,
      },
    },
  };
}

/** Function tools (flat, as this API spells them); built-in tools are accepted and not acted out. */
function readTools(value: unknown): ToolView[] | string {
  if (value == null) return [];
  if (!Array.isArray(value)) return "Invalid 'tools': expected an array.";
  const tools: ToolView[] = [];
  for (const [index, tool] of value.entries()) {
    if (!isRecord(tool) || typeof tool.type !== 'string') return `Invalid 'tools[${index}]': expected an object with a type.`;
    if (tool.type !== 'function') continue;
    if (typeof tool.name !== 'string') return `Invalid 'tools[${index}]': expected { type: 'function', name, parameters }.`;
    tools.push({ name: tool.name, parameters: tool.parameters ?? { type: 'object', properties: {} } });
  }
  return tools;
}

function readToolChoice(value: unknown, tools: readonly ToolView[]): ToolChoiceView | string {
  if (value == null || value === 'auto') return { type: 'auto' };
  if (value === 'none' || value === 'required') return { type: value };
  if (isRecord(value) && value.type === 'function' && typeof value.name === 'string') {
    if (!tools.some((tool) => tool.name === value.name))
      return `Invalid value for 'tool_choice': no tool named '${value.name}' was offered.`;
    return { type: 'tool', name: value.name };
  }
  if (isRecord(value)) return { type: 'auto' };
  return "Invalid value for 'tool_choice': expected 'none', 'auto', 'required' or { type: 'function', name }.";
}
