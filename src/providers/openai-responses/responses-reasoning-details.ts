/**
 * Reasoning items of the Responses API <-> the `reasoning_details` of an assistant message.
 * One item is one detail, tagged with {@link RESPONSES_REASONING_FORMAT}, holding the item's id,
 * its encrypted content and its summary text, and naming the tool call it led to so that the
 * next turn can send it back in the only order the API accepts. Pure.
 */
import type { ReasoningDetail } from '../../base/types.js';
import type { ResponsesInputItem, ResponsesOutputItem } from './responses-api-types.js';

/** The `format` of reasoning details that came from (and can go back to) the Responses API. */
const RESPONSES_REASONING_FORMAT = 'openai-responses-v1';
const ENCRYPTED = 'reasoning.encrypted';

/** The summary text of a reasoning item, parts separated by a blank line. */
function reasoningSummaryText(item: ResponsesOutputItem): string {
  const parts = Array.isArray(item.summary) ? item.summary : [];
  let text = '';
  for (const part of parts) {
    if (typeof part?.text !== 'string' || part.text === '') continue;
    text = text === '' ? part.text : `${text}\n\n${part.text}`;
  }
  return text;
}

/**
 * What a reasoning item shows of its reasoning: its summary, else its raw `reasoning_text`
 * content (which servers running open-weight models, such as vLLM and Ollama, send).
 */
export function reasoningItemText(item: ResponsesOutputItem): string {
  const summary = reasoningSummaryText(item);
  if (summary !== '' || !Array.isArray(item.content)) return summary;
  let text = '';
  for (const part of item.content) if (part?.type === 'reasoning_text' && typeof part.text === 'string') text += part.text;
  return text;
}

/**
 * The detail for a finished reasoning item, or undefined when it cannot be sent back (no id or
 * no encrypted content: without server-side storage the API has nothing to resolve it with).
 */
export function toReasoningDetail(item: ResponsesOutputItem, index: number, toolCallId: string | undefined): ReasoningDetail | undefined {
  const data = item.encrypted_content;
  if (typeof item.id !== 'string' || item.id === '' || typeof data !== 'string' || data === '') return undefined;
  const detail: ReasoningDetail = { type: ENCRYPTED, id: item.id, data, format: RESPONSES_REASONING_FORMAT, index };
  const summary = reasoningSummaryText(item);
  if (summary !== '') detail.summary = summary;
  if (toolCallId !== undefined) detail.tool_call_id = toolCallId;
  return detail;
}

/** Whether a detail is a Responses reasoning item this API can take back. */
export function isResponsesReasoning(detail: ReasoningDetail | undefined): detail is ReasoningDetail & { id: string; data: string } {
  return (
    detail !== undefined &&
    detail !== null &&
    detail.format === RESPONSES_REASONING_FORMAT &&
    detail.type === ENCRYPTED &&
    typeof detail.id === 'string' &&
    detail.id !== '' &&
    typeof detail.data === 'string'
  );
}

/** A detail as the input item it came from. */
export function toReasoningItem(detail: ReasoningDetail & { id: string; data: string }): ResponsesInputItem {
  const summary =
    typeof detail.summary === 'string' && detail.summary !== '' ? [{ type: 'summary_text' as const, text: detail.summary }] : [];
  return { type: 'reasoning', id: detail.id, encrypted_content: detail.data, summary };
}

/**
 * For each reasoning item of a response's output, the call id of the first function call after
 * it (the call that reasoning led to), or undefined when none follows.
 */
export function followingToolCalls(output: readonly ResponsesOutputItem[]): (string | undefined)[] {
  const result: (string | undefined)[] = Array.from({ length: output.length });
  let next: string | undefined;
  for (let i = output.length - 1; i >= 0; i--) {
    const item = output[i];
    if (item?.type === 'function_call' && typeof item.call_id === 'string') next = item.call_id;
    result[i] = next;
  }
  return result;
}
