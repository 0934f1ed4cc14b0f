/**
 * OpenAI messages -> Anthropic `system` + `messages`. Pure.
 *
 * Anthropic has no system role inside the conversation, strictly alternating user/assistant
 * turns, and tool results that live in user turns; OpenAI has none of these rules, so system
 * and developer messages are hoisted, tool results become user blocks, and neighbours with the
 * same role are merged. Message `name`s are dropped: Anthropic has no per-message author.
 */
import { claudeFamily } from '../../util/model-id.js';
import { ConfigurationError } from '../../base/errors.js';
import type {
  ChatCompletionAssistantMessageParam,
  ChatCompletionMessageParam,
  ChatCompletionToolMessageParam,
  ReasoningDetail,
} from '../../base/types.js';
import type { AnthropicContentBlock, AnthropicMessage, AnthropicTextBlock, AnthropicToolUseBlock } from './anthropic-api-types.js';
import { convertTextContent, convertTextPart, convertUserContent } from './convert-to-anthropic-content.js';
import { messageAt } from '../../util/message-at.js';

export interface AnthropicPrompt {
  /** A plain string when there is one uncached system text, else text blocks; absent when none. */
  system?: string | AnthropicTextBlock[];
  messages: AnthropicMessage[];
}

interface Turn {
  role: 'user' | 'assistant';
  content: AnthropicContentBlock[];
}

/** The pre-tools function-calling shape, still sent by older callers. */
interface LegacyFunctionCall {
  name: string;
  arguments: string;
}

/**
 * `model`: the Claude model the request goes to. Signed reasoning another provider or another
 * Claude family produced (see `ReasoningDetail.origin`) is left out for it: its signature would be
 * refused.
 */
export function convertToAnthropicMessages(
  messages: readonly ChatCompletionMessageParam[],
  options: { model?: string } = {},
): AnthropicPrompt {
  const system: AnthropicTextBlock[] = [];
  const turns: Turn[] = [];
  // Legacy `function` results carry a name, not an id: they answer the latest unanswered call of that name.
  const pendingCallIds = new Map<string, string[]>();
  // Every tool result must answer a tool_use of the assistant turn before it, or Anthropic answers 400.
  let openCallIds: string[] = [];

  const push = (role: Turn['role'], blocks: AnthropicContentBlock[]): void => {
    if (blocks.length === 0) return;
    const last = turns[turns.length - 1];
    if (last !== undefined && last.role === role) last.content.push(...blocks);
    else turns.push({ role, content: blocks });
  };

  messages.forEach((message, i) => {
    switch (message.role) {
      case 'system':
      case 'developer':
        system.push(...convertTextContent(message.content));
        return;
      case 'user':
        push('user', convertUserContent(message.content, i));
        return;
      case 'assistant': {
        pendingCallIds.clear();
        const blocks = convertAssistant(message, i, options.model);
        openCallIds = [];
        for (const block of blocks) {
          if (block.type !== 'tool_use') continue;
          openCallIds.push(block.id);
          const ids = pendingCallIds.get(block.name) ?? [];
          ids.push(block.id);
          pendingCallIds.set(block.name, ids);
        }
        push('assistant', blocks);
        return;
      }
      case 'tool':
        if (!openCallIds.includes(message.tool_call_id)) {
          const made = openCallIds.length > 0 ? `it made ${openCallIds.map((id) => JSON.stringify(id)).join(', ')}` : 'it made none';
          throw new ConfigurationError(
            `${messageAt(i)}: a tool result for ${JSON.stringify(message.tool_call_id)} answers no tool call of the assistant message before it (${made}); ` +
              'Anthropic requires each tool result to follow the assistant turn that called the tool',
            { provider: 'anthropic' },
          );
        }
        push('user', [{ type: 'tool_result', tool_use_id: message.tool_call_id, content: toolResultContent(message.content) }]);
        return;
      case 'function': {
        const id = pendingCallIds.get(message.name)?.shift();
        if (id === undefined) {
          throw new ConfigurationError(
            `${messageAt(i)}: a "function" message answers an assistant tool call, but none named ${JSON.stringify(message.name)} precedes it`,
            { provider: 'anthropic' },
          );
        }
        push('user', [{ type: 'tool_result', tool_use_id: id, content: message.content ?? '' }]);
        return;
      }
      default:
        throw new ConfigurationError(`${messageAt(i)}: unknown role ${JSON.stringify((message as { role?: unknown }).role)}`, {
          provider: 'anthropic',
        });
    }
  });

  const prompt: AnthropicPrompt = { messages: turns.map(compactTurn) };
  if (system.length === 1 && system[0]!.cache_control === undefined) prompt.system = system[0]!.text;
  else if (system.length > 0) prompt.system = system;
  return prompt;
}

/** Reasoning first (Anthropic requires the signed thinking to precede what it led to), then text, then tool calls. */
function convertAssistant(message: ChatCompletionAssistantMessageParam, index: number, model: string | undefined): AnthropicContentBlock[] {
  // A turn Anthropic returned with server tool blocks or citations goes back as it came, block
  // for block (a `pause_turn` continuation needs exactly that); the fields beside it are views of it.
  const kept = message.provider_blocks;
  if (
    kept !== undefined &&
    kept !== null &&
    Array.isArray(kept.blocks) &&
    isOwnReasoning({ type: 'provider_blocks', origin: kept }, model)
  ) {
    return kept.blocks.map((block) => structuredClone(block) as unknown as AnthropicContentBlock);
  }
  const blocks: AnthropicContentBlock[] = [];
  // `reasoning_content` alone cannot go back: without a signature Anthropic rejects the block.
  for (const detail of message.reasoning_details ?? []) {
    if (!isOwnReasoning(detail, model)) continue;
    const block = reasoningBlock(detail);
    if (block !== undefined) blocks.push(block);
  }
  const content = message.content;
  if (typeof content === 'string') {
    // Anthropic rejects empty text blocks; an empty assistant string carries nothing anyway.
    if (content !== '') blocks.push({ type: 'text', text: content });
  } else if (Array.isArray(content)) {
    for (const part of content) {
      if (part.type === 'text' && part.text !== '') blocks.push(convertTextPart(part));
      else if (part.type === 'refusal' && part.refusal !== '') blocks.push({ type: 'text', text: part.refusal });
    }
  }
  (message.tool_calls ?? []).forEach((call, j) => {
    if (call.type !== 'function') {
      throw new ConfigurationError(
        `${messageAt(index, `.tool_calls[${j}]`)}: Anthropic supports function tool calls only, not ${JSON.stringify(call.type)}`,
        {
          provider: 'anthropic',
        },
      );
    }
    blocks.push(toolUse(call.id, call.function.name, call.function.arguments, index, j));
  });
  const legacy = (message as { function_call?: LegacyFunctionCall | null }).function_call;
  if (legacy !== undefined && legacy !== null) {
    // Legacy calls have no id; a stable one lets the following `function` message refer to it.
    blocks.push(toolUse(`toolu_legacy_${index}`, legacy.name, legacy.arguments, index));
  }
  return blocks;
}

/**
 * Whether a block may go back to `model`: untagged ones may (the caller vouches for them); tagged
 * ones only to Anthropic and, when the model is known, to the Claude family that signed them.
 */
function isOwnReasoning(detail: ReasoningDetail, model: string | undefined): boolean {
  const origin = detail.origin;
  if (origin === undefined || origin === null) return true;
  if (origin.provider !== 'anthropic') return false;
  return model === undefined || typeof origin.model !== 'string' || claudeFamily(origin.model) === claudeFamily(model);
}

function reasoningBlock(detail: ReasoningDetail): AnthropicContentBlock | undefined {
  if (detail.type === 'thinking' && typeof detail.signature === 'string' && detail.signature !== '') {
    return { type: 'thinking', thinking: detail.thinking ?? '', signature: detail.signature };
  }
  if (detail.type === 'redacted_thinking' && typeof detail.data === 'string') return { type: 'redacted_thinking', data: detail.data };
  // Unsigned or foreign reasoning (another provider's) would be rejected; it is only a record.
  return undefined;
}

/** A tool call as a `tool_use` block; `call` is its place in `tool_calls` (none: the legacy `function_call`). */
function toolUse(id: string, name: string, args: string, index: number, call?: number): AnthropicToolUseBlock {
  return { type: 'tool_use', id, name, input: parseToolArguments(args, index, call) };
}

/** Anthropic wants the arguments as an object, so the JSON string must really be one. */
function parseToolArguments(args: string | undefined, index: number, call: number | undefined): Record<string, unknown> {
  // Some clients send '' for a call without arguments.
  if (args === undefined || args.trim() === '') return {};
  let value: unknown;
  try {
    value = JSON.parse(args);
  } catch (cause) {
    throw new ConfigurationError(
      `${messageAt(index, call === undefined ? '.function_call' : `.tool_calls[${call}]`)}.function.arguments is not valid JSON: ${snippet(args)}`,
      { provider: 'anthropic', cause },
    );
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new ConfigurationError(
      `${messageAt(index, call === undefined ? '.function_call' : `.tool_calls[${call}]`)}.function.arguments must be a JSON object, got ${snippet(args)}`,
      { provider: 'anthropic' },
    );
  }
  return value as Record<string, unknown>;
}

function toolResultContent(content: ChatCompletionToolMessageParam['content']): string | AnthropicTextBlock[] {
  return typeof content === 'string' ? content : convertTextContent(content);
}

/** A lone uncached text block is sent as a plain string: the shorter, more common form. */
function compactTurn(turn: Turn): AnthropicMessage {
  const only = turn.content[0];
  if (turn.content.length === 1 && only !== undefined && only.type === 'text' && only.cache_control === undefined) {
    return { role: turn.role, content: only.text };
  }
  return turn;
}

function snippet(text: string): string {
  return text.length > 80 ? `${JSON.stringify(text.slice(0, 80))}…` : JSON.stringify(text);
}
