/**
 * A Responses API body -> an OpenAI `chat.completion`: message text (annotations re-indexed
 * into the joined text), refusals, function calls, reasoning summaries as `reasoning_content`,
 * reasoning items as `reasoning_details`, usage and the finish reason. Built-in tool call items
 * (web search, code interpreter) have no chat equivalent and show only through their effects
 * (the text, its citations). Pure.
 */
import type {
  ChatCompletionAnnotation,
  ChatCompletionMessage,
  ChatCompletionMessageToolCall,
  ModelResponse,
  ReasoningDetail,
  ServiceTier,
} from '../../base/types.js';
import type { ResponsesOutputItem, ResponsesResponse } from './responses-api-types.js';
import { mapResponsesFinishReason } from './map-responses-finish-reason.js';
import { mapResponsesUsage } from './map-responses-usage.js';
import { followingToolCalls, reasoningItemText, toReasoningDetail } from './responses-reasoning-details.js';

const SERVICE_TIERS = new Set(['auto', 'default', 'flex', 'scale', 'priority']);

export function mapResponsesResponse(response: ResponsesResponse, provider: string): ModelResponse {
  const output = Array.isArray(response.output) ? response.output.filter(isItem) : [];
  const next = followingToolCalls(output);
  let text = '';
  let refusal = '';
  let reasoning = '';
  let sawText = false;
  const annotations: ChatCompletionAnnotation[] = [];
  const toolCalls: ChatCompletionMessageToolCall[] = [];
  const details: ReasoningDetail[] = [];
  output.forEach((item, i) => {
    if (item.type === 'message' && Array.isArray(item.content)) {
      for (const part of item.content) {
        if (part?.type === 'output_text' && typeof part.text === 'string') {
          for (const a of part.annotations ?? []) {
            const citation = toCitation(a, text.length);
            if (citation !== undefined) annotations.push(citation);
          }
          text += part.text;
          sawText = true;
        } else if (part?.type === 'refusal' && typeof part.refusal === 'string') refusal += part.refusal;
      }
    } else if (item.type === 'function_call' && typeof item.call_id === 'string') {
      toolCalls.push({ id: item.call_id, type: 'function', function: { name: str(item.name), arguments: str(item.arguments) } });
    } else if (item.type === 'reasoning') {
      const summary = reasoningItemText(item);
      if (summary !== '') reasoning = reasoning === '' ? summary : `${reasoning}\n\n${summary}`;
      const detail = toReasoningDetail(item, details.length, next[i]);
      if (detail !== undefined) details.push(detail);
    }
  });
  const message: ChatCompletionMessage = { role: 'assistant', content: sawText ? text : null, refusal: refusal === '' ? null : refusal };
  if (toolCalls.length > 0) message.tool_calls = toolCalls;
  if (reasoning !== '') message.reasoning_content = reasoning;
  if (details.length > 0) message.reasoning_details = details;
  if (annotations.length > 0) message.annotations = annotations;
  const result: ModelResponse = {
    id: str(response.id),
    object: 'chat.completion',
    created: typeof response.created_at === 'number' ? Math.floor(response.created_at) : 0,
    model: str(response.model),
    choices: [{ index: 0, message, finish_reason: mapResponsesFinishReason(response, toolCalls.length > 0), logprobs: null }],
    provider,
  };
  const usage = mapResponsesUsage(response.usage);
  if (usage !== undefined) result.usage = usage;
  if (typeof response.service_tier === 'string' && SERVICE_TIERS.has(response.service_tier))
    result.service_tier = response.service_tier as ServiceTier;
  return result;
}

/** A `url_citation` annotation in the chat shape, its indices moved by `offset`; other kinds are left out. */
export function toCitation(annotation: unknown, offset: number): ChatCompletionAnnotation | undefined {
  if (annotation === null || typeof annotation !== 'object') return undefined;
  const a = annotation as Record<string, unknown>;
  if (a['type'] !== 'url_citation' || typeof a['url'] !== 'string') return undefined;
  const start = typeof a['start_index'] === 'number' ? a['start_index'] : 0;
  const end = typeof a['end_index'] === 'number' ? a['end_index'] : start;
  return {
    type: 'url_citation',
    url_citation: {
      start_index: start + offset,
      end_index: end + offset,
      url: a['url'],
      title: typeof a['title'] === 'string' ? a['title'] : '',
    },
  };
}

function isItem(item: unknown): item is ResponsesOutputItem {
  return item !== null && typeof item === 'object' && typeof (item as { type?: unknown }).type === 'string';
}

function str(value: unknown): string {
  return typeof value === 'string' ? value : '';
}
