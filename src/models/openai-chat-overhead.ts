/**
 * How OpenAI frames a chat before tokenizing it: the published per-message figures, and the
 * reduction of an llmux chat to the flat shape (role, text, name, function call, function
 * definitions) that OpenAI's billing is known to depend on. Pure.
 *
 * The exact count feeds that shape to gpt-tokenizer's chat-completion counter, which renders
 * tool definitions into the TypeScript-namespace text OpenAI puts in the system prompt; the
 * estimate prices the same shape with the figures below.
 */
import type {
  ChatCompletionContentPart,
  ChatCompletionContentPartRefusal,
  ChatCompletionMessageParam,
  ChatCompletionTool,
} from '../base/types.js';

/**
 * Tokens OpenAI adds around the text, from OpenAI's token-counting cookbook (messages) and the
 * reverse-engineered, API-verified figures for function calling. gpt-tokenizer uses the same.
 */
export const OPENAI_CHAT_OVERHEAD = {
  /** Per message: start, role separator and end markers. */
  perMessage: 3,
  /** Per message that carries a `name`, on top of the name's own tokens. */
  perName: 1,
  /** Once per request: the `assistant` header the reply is primed with. */
  replyPriming: 3,
  /** Per function (tool) call in an assistant message, on top of its name and arguments. */
  perFunctionCall: 3,
  /** A function-result message costs this much less than a plain message. */
  functionResultDiscount: 2,
  /** Once when tool definitions are present: the namespace wrapper. */
  toolDefinitions: 9,
  /** Taken off when tool definitions and a system message are both present (they share one). */
  toolDefinitionsWithSystem: 4,
} as const;

/** A message as OpenAI's billing sees it: plain text fields only. */
export interface CountableMessage {
  role: string;
  content: string;
  name?: string;
  function_call?: { name: string; arguments: string };
}

/** A function definition, as in the `functions` field tools replaced. */
export interface CountableFunction {
  name: string;
  description?: string;
  parameters?: Record<string, unknown>;
}

/** An llmux chat reduced to what its token count depends on. */
export interface CountableChat {
  messages: CountableMessage[];
  functions: CountableFunction[];
  /** The `detail` of each image part (`auto` when unset); images are not text and are priced apart. */
  images: ('auto' | 'low' | 'high')[];
  /** File and audio parts: neither the tokenizer nor the estimate can size them. */
  uncountedParts: number;
}

/**
 * Reduces `messages` and `tools` to a {@link CountableChat}.
 *
 * - Text parts of a message are joined as they are; image parts are listed in `images`.
 * - An assistant message's tool calls become function calls; calls after the first are framed
 *   as messages of their own, as OpenAI renders each call (a guess where nothing is published).
 * - A tool result is framed as the function-result message it replaced, named after the tool
 *   whose call it answers.
 * - Reasoning fields are left out: OpenAI does not take them back as input.
 */
export function toCountableChat(messages: readonly ChatCompletionMessageParam[], tools: readonly ChatCompletionTool[] = []): CountableChat {
  const chat: CountableChat = { messages: [], functions: [], images: [], uncountedParts: 0 };
  const toolNames = new Map<string, string>();
  for (const message of messages) {
    const content = flattenContent(message.content, chat);
    switch (message.role) {
      case 'assistant': {
        const text = message.refusal ? content + message.refusal : content;
        const calls = (message.tool_calls ?? []).map((call) => {
          toolNames.set(call.id, call.type === 'custom' ? call.custom.name : call.function.name);
          return call.type === 'custom'
            ? { name: call.custom.name, arguments: call.custom.input }
            : { name: call.function.name, arguments: call.function.arguments };
        });
        const [first, ...rest] = calls;
        chat.messages.push({
          role: 'assistant',
          content: text,
          ...(message.name ? { name: message.name } : {}),
          ...(first ? { function_call: first } : {}),
        });
        for (const call of rest) chat.messages.push({ role: 'assistant', content: '', function_call: call });
        break;
      }
      case 'tool': {
        const name = toolNames.get(message.tool_call_id);
        chat.messages.push(name === undefined ? { role: 'tool', content } : { role: 'function', name, content });
        break;
      }
      default:
        chat.messages.push({ role: message.role, content, ...(message.name ? { name: message.name } : {}) });
    }
  }
  for (const tool of tools) {
    if (tool.type !== 'function') continue;
    const { name, description, parameters } = tool.function;
    chat.functions.push({
      name,
      ...(description !== undefined ? { description } : {}),
      ...(parameters !== undefined ? { parameters } : {}),
    });
  }
  return chat;
}

type Content = string | null | undefined | readonly (ChatCompletionContentPart | ChatCompletionContentPartRefusal)[];

function flattenContent(content: Content, chat: CountableChat): string {
  if (content === null || content === undefined) return '';
  if (typeof content === 'string') return content;
  let text = '';
  for (const part of content) {
    switch (part.type) {
      case 'text':
        text += part.text;
        break;
      case 'refusal':
        text += part.refusal;
        break;
      case 'image_url':
        chat.images.push(part.image_url.detail ?? 'auto');
        break;
      default:
        chat.uncountedParts += 1;
    }
  }
  return text;
}
