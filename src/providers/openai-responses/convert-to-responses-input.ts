/**
 * Chat messages -> the Responses API's `instructions` and `input` items. Leading system and
 * developer messages become `instructions`; later ones, developer items. Assistant tool calls
 * become `function_call` items, tool results `function_call_output` items, and reasoning the
 * Responses API returned earlier goes back as `reasoning` items directly before the call it led
 * to (reasoning of other providers is left out: this API cannot read it). Pure.
 */
import { ConfigurationError } from '../../base/errors.js';
import type { ChatCompletionAssistantMessageParam, ChatCompletionMessageParam, ReasoningDetail } from '../../base/types.js';
import type { ResponsesInputItem } from './responses-api-types.js';
import { contentText, convertToResponsesContent } from './convert-to-responses-content.js';
import { isResponsesReasoning, toReasoningItem } from './responses-reasoning-details.js';

export interface ResponsesInput {
  instructions: string | undefined;
  input: ResponsesInputItem[];
}

export function convertToResponsesInput(messages: readonly ChatCompletionMessageParam[], model: string): ResponsesInput {
  const instructions: string[] = [];
  const input: ResponsesInputItem[] = [];
  for (const message of messages) {
    switch (message.role) {
      case 'system':
      case 'developer': {
        const text = contentText(message.content);
        if (input.length === 0) instructions.push(text);
        else input.push({ role: 'developer', content: text });
        break;
      }
      case 'user':
        input.push({
          role: 'user',
          content: typeof message.content === 'string' ? message.content : convertToResponsesContent(message.content, model),
        });
        break;
      case 'assistant':
        pushAssistant(message, input);
        break;
      case 'tool':
        input.push({ type: 'function_call_output', call_id: message.tool_call_id, output: contentText(message.content) });
        break;
      default:
        throw new ConfigurationError(
          `The OpenAI Responses API takes no "${message.role}" messages: a function result needs the id of its call; send it as { role: "tool", tool_call_id, content }`,
          { model },
        );
    }
  }
  return { instructions: instructions.length > 0 ? instructions.join('\n\n') : undefined, input };
}

/**
 * An assistant turn: its text, then each tool call preceded by the reasoning that led to it;
 * reasoning that led to no call goes first, where the text follows it.
 */
function pushAssistant(message: ChatCompletionAssistantMessageParam, input: ResponsesInputItem[]): void {
  const details = Array.isArray(message.reasoning_details) ? message.reasoning_details.filter(isResponsesReasoning) : [];
  const calls = Array.isArray(message.tool_calls) ? message.tool_calls : [];
  const callIds = new Set(calls.map((c) => c.id));
  const beforeCall = new Map<string, ReasoningDetail[]>();
  for (const detail of details) {
    const target = detail.tool_call_id;
    if (target === undefined || !callIds.has(target)) input.push(toReasoningItem(detail));
    else beforeCall.set(target, [...(beforeCall.get(target) ?? []), detail]);
  }
  const text = contentText(message.content as string | { type: string; text?: string }[] | null | undefined);
  if (text !== '') input.push({ role: 'assistant', content: text });
  for (const call of calls) {
    for (const detail of beforeCall.get(call.id) ?? [])
      input.push(toReasoningItem(detail as ReasoningDetail & { id: string; data: string }));
    if (call.type === 'custom')
      input.push({ type: 'custom_tool_call', call_id: call.id, name: call.custom.name, input: call.custom.input });
    else input.push({ type: 'function_call', call_id: call.id, name: call.function.name, arguments: call.function.arguments });
  }
}
