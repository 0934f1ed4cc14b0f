/**
 * llmux messages -> the GenAI semantic conventions' message shapes (`gen_ai.input.messages`,
 * `gen_ai.output.messages`, `gen_ai.tool.definitions`). Pure. Only used when content capture
 * is switched on, since prompts and replies can hold secrets and personal data.
 *
 * The conventions name a message's pieces "parts" (`text`, `tool_call`, `tool_call_response`,
 * `reasoning`, `blob`, `uri`, `file`) and its author a role (`system`, `user`, `assistant`,
 * `tool`); finish reasons of output messages use their own vocabulary (`tool_call`, `error`).
 */
import type {
  ChatCompletionContentPart,
  ChatCompletionMessageParam,
  ChatCompletionTool,
  FinishReason,
  ModelResponse,
  PartialModelResponse,
} from '../base/types.js';

/** One part of a message, as the conventions describe it. Open: extra properties are allowed. */
type GenAiPart = { type: string } & Record<string, unknown>;

export interface GenAiInputMessage {
  role: string;
  parts: GenAiPart[];
  name?: string;
}

export interface GenAiOutputMessage {
  role: 'assistant';
  parts: GenAiPart[];
  finish_reason: string;
}

export interface GenAiToolDefinition {
  /** `function`, or a provider's own tool type (Anthropic's `web_search_20250305`, say). */
  type: string;
  name: string;
  description?: string;
  parameters?: unknown;
}

/** The request's messages, in the order they are sent. */
export function toGenAiInputMessages(messages: readonly ChatCompletionMessageParam[]): GenAiInputMessage[] {
  return messages.map(toInputMessage);
}

/** One output message per choice, in choice order. */
export function toGenAiOutputMessages(response: ModelResponse | PartialModelResponse): GenAiOutputMessage[] {
  return response.choices.map((choice) => {
    const { message } = choice;
    const parts: GenAiPart[] = [];
    if (typeof message.reasoning_content === 'string' && message.reasoning_content !== '')
      parts.push({ type: 'reasoning', content: message.reasoning_content });
    if (typeof message.content === 'string' && message.content !== '') parts.push({ type: 'text', content: message.content });
    if (typeof message.refusal === 'string' && message.refusal !== '')
      parts.push({ type: 'text', content: message.refusal, refusal: true });
    for (const call of message.tool_calls ?? []) parts.push(toolCallPart(call.id, call.function.name, call.function.arguments));
    return { role: 'assistant', parts, finish_reason: outputFinishReason(choice.finish_reason) };
  });
}

/** The tools offered to the model. */
export function toGenAiToolDefinitions(tools: readonly ChatCompletionTool[]): GenAiToolDefinition[] {
  return tools.map((tool) => {
    // A provider's native tool (an Anthropic server tool) has a type and a name, no function.
    if (tool.function === undefined) return { type: String(tool.type), name: String((tool as unknown as { name?: unknown }).name ?? '') };
    const definition: GenAiToolDefinition = { type: 'function', name: tool.function.name };
    if (tool.function.description !== undefined) definition.description = tool.function.description;
    if (tool.function.parameters !== undefined) definition.parameters = tool.function.parameters;
    return definition;
  });
}

/** OpenAI's finish reason -> the output message vocabulary; a choice that never finished is `error`. */
export function outputFinishReason(reason: FinishReason | null | undefined): string {
  switch (reason) {
    case 'tool_calls':
    case 'function_call':
      return 'tool_call';
    case null:
    case undefined:
      return 'error';
    default:
      return reason;
  }
}

function toInputMessage(message: ChatCompletionMessageParam): GenAiInputMessage {
  switch (message.role) {
    case 'system':
    case 'developer':
      return named({ role: 'system', parts: textParts(message.content) }, message.name);
    case 'user':
      return named(
        { role: 'user', parts: typeof message.content === 'string' ? [textPart(message.content)] : message.content.map(contentPart) },
        message.name,
      );
    case 'assistant': {
      const parts: GenAiPart[] = [];
      if (typeof message.reasoning_content === 'string' && message.reasoning_content !== '')
        parts.push({ type: 'reasoning', content: message.reasoning_content });
      if (typeof message.content === 'string') {
        if (message.content !== '') parts.push(textPart(message.content));
      } else if (Array.isArray(message.content)) {
        for (const part of message.content)
          parts.push(part.type === 'text' ? textPart(part.text) : { type: 'text', content: part.refusal, refusal: true });
      }
      if (typeof message.refusal === 'string' && message.refusal !== '')
        parts.push({ type: 'text', content: message.refusal, refusal: true });
      for (const call of message.tool_calls ?? []) {
        parts.push(
          call.type === 'function'
            ? toolCallPart(call.id, call.function.name, call.function.arguments)
            : toolCallPart(call.id, call.custom.name, call.custom.input),
        );
      }
      return named({ role: 'assistant', parts }, message.name);
    }
    case 'tool':
      return { role: 'tool', parts: [{ type: 'tool_call_response', id: message.tool_call_id, response: joinText(message.content) }] };
    case 'function':
      return { role: 'tool', parts: [{ type: 'tool_call_response', id: null, name: message.name, response: message.content ?? '' }] };
  }
}

function contentPart(part: ChatCompletionContentPart): GenAiPart {
  switch (part.type) {
    case 'text':
      return textPart(part.text);
    case 'image_url':
      return mediaPart(part.image_url.url, 'image');
    case 'file':
      if (part.file.file_data !== undefined) return mediaPart(part.file.file_data, 'document');
      return { type: 'file', modality: 'document', file_id: part.file.file_id ?? '' };
    case 'input_audio':
      return {
        type: 'blob',
        modality: 'audio',
        mime_type: part.input_audio.format === 'mp3' ? 'audio/mpeg' : 'audio/wav',
        content: part.input_audio.data,
      };
  }
}

/** A `data:` URL becomes an inline blob (base64 content, MIME type); any other URL stays a reference. */
function mediaPart(url: string, modality: 'image' | 'document'): GenAiPart {
  const match = /^data:([^;,]*)(;base64)?,/.exec(url);
  if (match === null) return { type: 'uri', modality, uri: url };
  const data = url.slice(match[0].length);
  const content = match[2] === undefined ? percentEncodedToBase64(data) : data;
  if (content === undefined) return { type: 'uri', modality, uri: url };
  return { type: 'blob', modality, mime_type: match[1] === '' || match[1] === undefined ? null : match[1], content };
}

/** Base64 of a percent-encoded `data:` URL payload; undefined when it does not decode. */
function percentEncodedToBase64(data: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(data);
  } catch {
    return undefined;
  }
  let binary = '';
  for (const byte of new TextEncoder().encode(decoded)) binary += String.fromCharCode(byte);
  return btoa(binary);
}

function toolCallPart(id: string, name: string, args: string): GenAiPart {
  return { type: 'tool_call', id, name, arguments: parseArguments(args) };
}

/** Arguments are recorded as an object when the model's JSON parses, else as the raw text. */
function parseArguments(text: string): unknown {
  if (text === '') return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function textPart(content: string): GenAiPart {
  return { type: 'text', content };
}

function textParts(content: string | readonly { text: string }[]): GenAiPart[] {
  return typeof content === 'string' ? [textPart(content)] : content.map((part) => textPart(part.text));
}

function joinText(content: string | readonly { text: string }[]): string {
  return typeof content === 'string' ? content : content.map((part) => part.text).join('');
}

function named(message: GenAiInputMessage, name: string | undefined): GenAiInputMessage {
  if (name !== undefined) message.name = name;
  return message;
}
