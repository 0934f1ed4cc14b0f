import { collectText } from './collect-text.js';
import { isRecord } from './is-record.js';
import type { ConversationView, ResponseFormatView, ToolChoiceView, ToolView } from './generate-reply.js';

/** A validated Messages request. */
export interface AnthropicMessagesRequest {
  model: string;
  stream: boolean;
  view: ConversationView;
}

export type NormalizedAnthropicRequest = { ok: true; request: AnthropicMessagesRequest } | { ok: false; message: string };

const fail = (message: string): NormalizedAnthropicRequest => ({ ok: false, message });

/**
 * Validates a Messages body where the real API is strict and client conversions go wrong
 * (max_tokens required, no "system" role inside messages, tool_result answering a tool_use of
 * the previous turn) and reduces it to the conversation view the reply is generated from.
 */
export function normalizeAnthropicRequest(body: unknown): NormalizedAnthropicRequest {
  if (!isRecord(body)) return fail('Request body must be a JSON object.');
  if (body.model === undefined) return fail('model: Field required');
  if (typeof body.model !== 'string' || body.model === '') return fail('model: Input should be a non-empty string');
  if (body.max_tokens === undefined) return fail('max_tokens: Field required');
  if (!Number.isInteger(body.max_tokens) || (body.max_tokens as number) < 1) {
    return fail('max_tokens: Input should be an integer greater than or equal to 1');
  }
  const { messages } = body;
  if (messages === undefined) return fail('messages: Field required');
  if (!Array.isArray(messages)) return fail('messages: Input should be a valid list');
  if (messages.length === 0) return fail('messages: at least one message is required');

  const system = body.system ?? '';
  if (typeof system !== 'string' && !Array.isArray(system)) {
    return fail('system: Input should be a string or a list of text blocks');
  }
  let promptChars = collectText(system).length;
  let lastUserText = '';
  let lastToolResult: string | undefined;
  let previousToolUseIds = new Set<string>();

  for (const [index, message] of messages.entries()) {
    if (!isRecord(message)) return fail(`messages.${index}: Input should be an object`);
    if (message.role === 'system') {
      return fail(`messages.${index}.role: Unexpected role "system". Pass the system prompt as the top-level \`system\` parameter.`);
    }
    if (message.role !== 'user' && message.role !== 'assistant') {
      return fail(`messages.${index}.role: Input should be 'user' or 'assistant'`);
    }
    const blocks = typeof message.content === 'string' ? [{ type: 'text', text: message.content }] : message.content;
    if (!Array.isArray(blocks)) {
      return fail(`messages.${index}.content: Input should be a string or a list of content blocks`);
    }

    const toolUseIds = new Set<string>();
    const toolResults: string[] = [];
    for (const [blockIndex, block] of blocks.entries()) {
      if (!isRecord(block) || typeof block.type !== 'string') {
        return fail(`messages.${index}.content.${blockIndex}: Input should be a block with a 'type'`);
      }
      if (block.type === 'text') promptChars += collectText([block]).length;
      if (block.type === 'tool_use' && message.role === 'assistant') {
        if (typeof block.id === 'string') toolUseIds.add(block.id);
        promptChars += JSON.stringify(block.input ?? {}).length;
      }
      if (block.type === 'tool_result') {
        if (typeof block.tool_use_id !== 'string' || !previousToolUseIds.has(block.tool_use_id)) {
          return fail(
            `messages.${index}.content.${blockIndex}: tool_result block references tool_use_id ${String(block.tool_use_id)}, ` +
              'which has no tool_use block in the previous message.',
          );
        }
        const text = collectText(block.content);
        promptChars += text.length;
        toolResults.push(text);
      }
    }
    previousToolUseIds = toolUseIds;
    if (message.role === 'user') {
      lastToolResult = toolResults.length > 0 ? toolResults.join('\n') : undefined;
      if (toolResults.length === 0) lastUserText = collectText(blocks);
    } else {
      lastToolResult = undefined;
    }
  }

  const tools = readTools(body.tools);
  if (typeof tools === 'string') return fail(tools);
  const toolChoice = readToolChoice(body.tool_choice, tools);
  if (typeof toolChoice === 'string') return fail(toolChoice);
  const stop = body.stop_sequences ?? [];
  if (!Array.isArray(stop) || !stop.every((entry) => typeof entry === 'string')) {
    return fail('stop_sequences: Input should be a list of strings');
  }
  if (body.stream !== undefined && typeof body.stream !== 'boolean') return fail('stream: Input should be a valid boolean');
  const outputConfig = body.output_config;
  if (outputConfig !== undefined && !isRecord(outputConfig)) return fail('output_config: Input should be a valid dictionary');

  return {
    ok: true,
    request: {
      model: body.model,
      stream: body.stream === true,
      view: {
        lastUserText,
        lastToolResult,
        tools,
        toolChoice,
        responseFormat: readOutputFormat(outputConfig?.format ?? body.output_format),
        maxTokens: body.max_tokens as number,
        stopSequences: stop as string[],
        promptChars,
      },
    },
  };
}

function readTools(value: unknown): ToolView[] | string {
  if (value === undefined) return [];
  if (!Array.isArray(value)) return 'tools: Input should be a valid list';
  const tools: ToolView[] = [];
  for (const [index, tool] of value.entries()) {
    if (!isRecord(tool) || typeof tool.name !== 'string') return `tools.${index}.name: Field required`;
    // Server tools (web search, code execution, ...) carry a versioned type and run on the
    // provider's side; the mock cannot act them out, so it never calls them.
    const custom = tool.type === undefined || tool.type === 'custom';
    if (custom && !isRecord(tool.input_schema)) return `tools.${index}.input_schema: Field required`;
    if (custom) tools.push({ name: tool.name, parameters: tool.input_schema });
  }
  return tools;
}

function readToolChoice(value: unknown, tools: readonly ToolView[]): ToolChoiceView | string {
  if (value === undefined) return { type: 'auto' };
  if (!isRecord(value)) return 'tool_choice: Input should be an object';
  switch (value.type) {
    case 'auto':
    case 'none':
      return { type: value.type };
    case 'any':
      return { type: 'required' };
    case 'tool': {
      const { name } = value;
      if (typeof name !== 'string') return 'tool_choice.tool.name: Field required';
      if (!tools.some((tool) => tool.name === name)) return `tool_choice: Tool '${name}' not found in tools`;
      return { type: 'tool', name };
    }
    default:
      return "tool_choice.type: Input should be 'auto', 'any', 'tool' or 'none'";
  }
}

/**
 * Structured outputs: the reply text is JSON matching the schema, as with OpenAI's json_schema.
 * Read from `output_config.format` (the generally available form) or else `output_format` (the
 * earlier beta form).
 */
function readOutputFormat(value: unknown): ResponseFormatView | undefined {
  if (isRecord(value) && value.type === 'json_schema') return { type: 'json_schema', schema: value.schema };
  return undefined;
}
