import type { MockReply } from './generate-reply.js';
import type { MockResponse, SseEvent } from './mock-response.js';
import type { ResponsesRequest } from './normalize-responses-request.js';

/**
 * Renders a reply as a Responses API `response`, or as its event stream when asked: a reasoning
 * item first when the client asked for encrypted reasoning, then the message or the function
 * call; `response.incomplete` when the token limit cut the reply short.
 */
export function buildResponsesResponse(request: ResponsesRequest, reply: MockReply, n: number): MockResponse {
  const id = `resp_mock_${n}`;
  const createdAt = 1700000000 + n;
  const incomplete = reply.finish === 'length';
  const usage = {
    input_tokens: reply.usage.promptTokens,
    input_tokens_details: { cached_tokens: 0 },
    output_tokens: reply.usage.completionTokens,
    output_tokens_details: { reasoning_tokens: request.encryptedReasoning ? 1 : 0 },
    total_tokens: reply.usage.promptTokens + reply.usage.completionTokens,
  };
  const reasoning = {
    type: 'reasoning',
    id: `rs_mock_${n}`,
    summary: [{ type: 'summary_text', text: 'The mock thinks briefly.' }],
    encrypted_content: `mock-encrypted-reasoning-${n}`,
  };
  const text = reply.kind === 'text' ? reply.pieces.join('') : '';
  const message = {
    type: 'message',
    id: `msg_mock_${n}`,
    status: incomplete ? 'incomplete' : 'completed',
    role: 'assistant',
    content: [{ type: 'output_text', text, annotations: [] }],
  };
  const call =
    reply.kind === 'tool_call'
      ? {
          type: 'function_call',
          id: `fc_mock_${n}`,
          call_id: `call_mock_${n}`,
          name: reply.toolName,
          arguments: reply.argumentPieces.join(''),
          status: 'completed',
        }
      : undefined;
  const output = [...(request.encryptedReasoning ? [reasoning] : []), call ?? message];
  const base = { id, object: 'response', created_at: createdAt, model: request.model, store: false };
  const final = {
    ...base,
    status: incomplete ? 'incomplete' : 'completed',
    incomplete_details: incomplete ? { reason: 'max_output_tokens' } : null,
    error: null,
    output,
    usage,
  };
  if (!request.stream) return { kind: 'json', status: 200, body: final };

  let sequence = 0;
  const events: SseEvent[] = [];
  const emit = (type: string, fields: Record<string, unknown>): void => {
    events.push({ event: type, data: JSON.stringify({ type, sequence_number: sequence++, ...fields }) });
  };
  const pending = { ...base, status: 'in_progress', incomplete_details: null, error: null, output: [], usage: null };
  emit('response.created', { response: pending });
  emit('response.in_progress', { response: pending });
  let index = 0;
  if (request.encryptedReasoning) {
    // As the real API does: the item's encrypted content arrives on its done event only.
    emit('response.output_item.added', { output_index: index, item: { ...reasoning, summary: [], encrypted_content: null } });
    emit('response.reasoning_summary_part.added', {
      item_id: reasoning.id,
      output_index: index,
      summary_index: 0,
      part: { type: 'summary_text', text: '' },
    });
    emit('response.reasoning_summary_text.delta', {
      item_id: reasoning.id,
      output_index: index,
      summary_index: 0,
      delta: reasoning.summary[0]!.text,
    });
    emit('response.reasoning_summary_text.done', {
      item_id: reasoning.id,
      output_index: index,
      summary_index: 0,
      text: reasoning.summary[0]!.text,
    });
    emit('response.output_item.done', { output_index: index, item: reasoning });
    index++;
  }
  if (call !== undefined && reply.kind === 'tool_call') {
    emit('response.output_item.added', { output_index: index, item: { ...call, arguments: '', status: 'in_progress' } });
    for (const piece of reply.argumentPieces)
      emit('response.function_call_arguments.delta', { item_id: call.id, output_index: index, delta: piece });
    emit('response.function_call_arguments.done', { item_id: call.id, output_index: index, arguments: call.arguments });
    emit('response.output_item.done', { output_index: index, item: call });
  } else if (reply.kind === 'text') {
    emit('response.output_item.added', { output_index: index, item: { ...message, status: 'in_progress', content: [] } });
    emit('response.content_part.added', {
      item_id: message.id,
      output_index: index,
      content_index: 0,
      part: { type: 'output_text', text: '', annotations: [] },
    });
    for (const piece of reply.pieces)
      emit('response.output_text.delta', { item_id: message.id, output_index: index, content_index: 0, delta: piece });
    emit('response.output_text.done', { item_id: message.id, output_index: index, content_index: 0, text });
    emit('response.content_part.done', { item_id: message.id, output_index: index, content_index: 0, part: message.content[0] });
    emit('response.output_item.done', { output_index: index, item: message });
  }
  emit(incomplete ? 'response.incomplete' : 'response.completed', { response: final });
  return { kind: 'sse', events, malformedEvent: { event: 'response.output_text.delta', data: '{not json' } };
}
