/**
 * Responses API stream events -> `chat.completion.chunk`s. Text, refusal and function-call
 * argument deltas (keyed by the item they belong to) pass on as they arrive; reasoning summary
 * deltas become `reasoning_content`; a reasoning item's encrypted content is taken from its
 * `done` event (the `added` one has none yet) and handed out as a `reasoning_details` entry just
 * before the tool call it led to, or at the end. `response.completed`/`response.incomplete`
 * end the stream with the finish reason and usage; `response.failed` and `error` events become
 * typed errors; every other event type is ignored. Holds per-stream state; no I/O.
 */
import type { ChatCompletionChunk, ChatCompletionChunkDelta, FinishReason, ReasoningDetail } from '../../base/types.js';
import type { ResponsesOutputItem, ResponsesResponse } from './responses-api-types.js';
import { mapResponsesFinishReason } from './map-responses-finish-reason.js';
import { toCitation } from './map-responses-response.js';
import { mapResponsesUsage } from './map-responses-usage.js';
import { reasoningItemText, toReasoningDetail } from './responses-reasoning-details.js';

export interface ResponsesStreamMapper {
  /** Maps one parsed event into `out`; returns false once the response is over. Throws what `fail` builds for a failure event. */
  map(event: unknown, out: ChatCompletionChunk[]): boolean;
}

type Loose = Record<string, unknown>;

/** `fail` turns a failure (`{ code, message }`) into the error to throw. */
export function createResponsesStreamMapper(fail: (failure: unknown) => Error): ResponsesStreamMapper {
  let id = '';
  let model = '';
  let created = 0;
  let started = false;
  let toolCount = 0;
  let detailCount = 0;
  let sawToolCalls = false;
  let textLength = 0;
  let lastReasoningKey: string | undefined;
  const tools = new Map<string, number>();
  const argumentsStreamed = new Set<number>();
  const reasoningStreamed = new Set<string>();
  const partStart = new Map<string, number>();
  let pending: ReasoningDetail[] = [];

  const chunk = (delta: ChatCompletionChunkDelta, finish: FinishReason | null = null): ChatCompletionChunk => ({
    id,
    object: 'chat.completion.chunk',
    created,
    model,
    choices: [{ index: 0, delta, finish_reason: finish }],
  });
  const note = (response: unknown): void => {
    if (response === null || typeof response !== 'object') return;
    const r = response as ResponsesResponse;
    if (typeof r.id === 'string') id = r.id;
    if (typeof r.model === 'string') model = r.model;
    if (typeof r.created_at === 'number') created = Math.floor(r.created_at);
  };
  const start = (out: ChatCompletionChunk[]): void => {
    if (started) return;
    started = true;
    out.push(chunk({ role: 'assistant', content: '' }));
  };
  const keyOf = (e: Loose): string => (typeof e['item_id'] === 'string' ? e['item_id'] : `#${String(e['output_index'])}`);
  const flushReasoning = (out: ChatCompletionChunk[], toolCallId: string | undefined): void => {
    if (pending.length === 0) return;
    if (toolCallId !== undefined) for (const detail of pending) detail.tool_call_id = toolCallId;
    out.push(chunk({ reasoning_details: pending }));
    pending = [];
  };
  const reasoningText = (key: string, text: string, out: ChatCompletionChunk[]): void => {
    if (text === '') return;
    const separate = lastReasoningKey !== undefined && lastReasoningKey !== key;
    lastReasoningKey = key;
    out.push(chunk({ reasoning_content: separate ? `\n\n${text}` : text }));
  };
  const addTool = (e: Loose, item: ResponsesOutputItem, out: ChatCompletionChunk[]): number => {
    const index = toolCount++;
    if (typeof item.id === 'string') tools.set(item.id, index);
    tools.set(`#${String(e['output_index'])}`, index);
    const callId = typeof item.call_id === 'string' ? item.call_id : '';
    flushReasoning(out, callId === '' ? undefined : callId);
    sawToolCalls = true;
    const args = typeof item.arguments === 'string' ? item.arguments : '';
    if (args !== '') argumentsStreamed.add(index);
    out.push(
      chunk({
        tool_calls: [
          { index, id: callId, type: 'function', function: { name: typeof item.name === 'string' ? item.name : '', arguments: args } },
        ],
      }),
    );
    return index;
  };
  const toolIndex = (e: Loose): number | undefined => tools.get(keyOf(e)) ?? tools.get(`#${String(e['output_index'])}`);

  return {
    map(event, out) {
      if (event === null || typeof event !== 'object') return true;
      const e = event as Loose;
      switch (e['type']) {
        case 'response.created':
        case 'response.in_progress':
          note(e['response']);
          start(out);
          return true;
        case 'response.output_item.added': {
          start(out);
          const item = e['item'] as ResponsesOutputItem | undefined;
          if (item?.type === 'function_call') addTool(e, item, out);
          return true;
        }
        case 'response.content_part.added':
          partStart.set(`${keyOf(e)}:${String(e['content_index'])}`, textLength);
          return true;
        case 'response.output_text.delta': {
          const delta = e['delta'];
          if (typeof delta !== 'string' || delta === '') return true;
          start(out);
          const part = `${keyOf(e)}:${String(e['content_index'])}`;
          if (!partStart.has(part)) partStart.set(part, textLength);
          textLength += delta.length;
          out.push(chunk({ content: delta }));
          return true;
        }
        case 'response.output_text.annotation.added': {
          const citation = toCitation(e['annotation'], partStart.get(`${keyOf(e)}:${String(e['content_index'])}`) ?? 0);
          if (citation !== undefined) out.push(chunk({ annotations: [citation] }));
          return true;
        }
        case 'response.refusal.delta':
          if (typeof e['delta'] === 'string' && e['delta'] !== '') out.push(chunk({ refusal: e['delta'] }));
          return true;
        case 'response.function_call_arguments.delta': {
          const index = toolIndex(e);
          if (index === undefined || typeof e['delta'] !== 'string' || e['delta'] === '') return true;
          argumentsStreamed.add(index);
          out.push(chunk({ tool_calls: [{ index, function: { arguments: e['delta'] } }] }));
          return true;
        }
        case 'response.function_call_arguments.done': {
          // A server that sends the arguments only whole.
          const index = toolIndex(e);
          if (index === undefined || argumentsStreamed.has(index) || typeof e['arguments'] !== 'string' || e['arguments'] === '')
            return true;
          argumentsStreamed.add(index);
          out.push(chunk({ tool_calls: [{ index, function: { arguments: e['arguments'] } }] }));
          return true;
        }
        case 'response.reasoning_summary_text.delta':
        case 'response.reasoning_text.delta':
          if (typeof e['delta'] !== 'string') return true;
          start(out);
          reasoningStreamed.add(keyOf(e));
          reasoningText(`${keyOf(e)}:${String(e['summary_index'] ?? e['content_index'])}`, e['delta'], out);
          return true;
        case 'response.output_item.done':
          itemDone(e, out);
          return true;
        case 'response.completed':
        case 'response.incomplete': {
          note(e['response']);
          start(out);
          const response = (e['response'] ?? {}) as ResponsesResponse;
          flushReasoning(out, undefined);
          out.push(chunk({}, mapResponsesFinishReason(response, sawToolCalls)));
          const usage = mapResponsesUsage(response.usage);
          if (usage !== undefined) out.push({ id, object: 'chat.completion.chunk', created, model, choices: [], usage });
          return false;
        }
        case 'response.failed': {
          const response = e['response'] as ResponsesResponse | undefined;
          throw fail(response?.error ?? { code: 'server_error', message: 'The response failed without an error' });
        }
        case 'error':
          throw fail(e['error'] !== null && typeof e['error'] === 'object' ? e['error'] : e);
        default:
          return true;
      }
    },
  };

  function itemDone(e: Loose, out: ChatCompletionChunk[]): void {
    const item = e['item'] as ResponsesOutputItem | undefined;
    if (item === null || typeof item !== 'object') return;
    if (item.type === 'function_call') {
      // A server that never announced the call: it arrives whole.
      if (toolIndex(e) === undefined && (typeof item.id !== 'string' || !tools.has(item.id))) addTool(e, item, out);
      return;
    }
    if (item.type !== 'reasoning') return;
    const key = typeof item.id === 'string' ? item.id : keyOf(e);
    if (!reasoningStreamed.has(key)) reasoningText(key, reasoningItemText(item), out);
    const detail = toReasoningDetail(item, detailCount, undefined);
    if (detail === undefined) return;
    detailCount++;
    pending.push(detail);
  }
}
