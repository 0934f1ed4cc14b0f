import type { MockReply } from './generate-reply.js';
import type { MockResponse, SseEvent } from './mock-response.js';
import type { AnthropicMessagesRequest } from './normalize-anthropic-request.js';

/** Renders a reply as an Anthropic `message`, or as its event stream when asked. */
export function buildAnthropicMessageResponse(request: AnthropicMessagesRequest, reply: MockReply, n: number): MockResponse {
  const id = `msg_mock_${n}`;
  const toolUseId = `toolu_mock_${n}`;
  const stopSequence = reply.kind === 'text' ? (reply.stopSequence ?? null) : null;
  const stopReason =
    reply.finish === 'length'
      ? 'max_tokens'
      : reply.kind === 'tool_call'
        ? 'tool_use'
        : stopSequence === null
          ? 'end_turn'
          : 'stop_sequence';
  const usage = (outputTokens: number) => ({
    input_tokens: reply.usage.promptTokens,
    output_tokens: outputTokens,
    cache_creation_input_tokens: 0,
    cache_read_input_tokens: 0,
  });
  const message = (content: unknown[], stop: string | null, sequence: string | null, outputTokens: number) => ({
    id,
    type: 'message',
    role: 'assistant',
    model: request.model,
    content,
    stop_reason: stop,
    stop_sequence: sequence,
    usage: usage(outputTokens),
  });

  if (!request.stream) {
    const content =
      reply.kind === 'text'
        ? [{ type: 'text', text: reply.pieces.join('') }]
        : [{ type: 'tool_use', id: toolUseId, name: reply.toolName, input: parseInput(reply.argumentPieces.join('')) }];
    return { kind: 'json', status: 200, body: message(content, stopReason, stopSequence, reply.usage.completionTokens) };
  }

  const event = (type: string, payload: Record<string, unknown> = {}): SseEvent => ({
    event: type,
    data: JSON.stringify({ type, ...payload }),
  });
  const events: SseEvent[] = [event('message_start', { message: message([], null, null, 1) })];
  if (reply.kind === 'text') {
    events.push(event('content_block_start', { index: 0, content_block: { type: 'text', text: '' } }), event('ping'));
    for (const text of reply.pieces) {
      events.push(event('content_block_delta', { index: 0, delta: { type: 'text_delta', text } }));
    }
  } else {
    events.push(
      event('content_block_start', {
        index: 0,
        content_block: { type: 'tool_use', id: toolUseId, name: reply.toolName, input: {} },
      }),
      event('ping'),
    );
    for (const partial_json of reply.argumentPieces) {
      events.push(event('content_block_delta', { index: 0, delta: { type: 'input_json_delta', partial_json } }));
    }
  }
  events.push(
    event('content_block_stop', { index: 0 }),
    event('message_delta', {
      delta: { stop_reason: stopReason, stop_sequence: stopSequence },
      usage: { output_tokens: reply.usage.completionTokens },
    }),
    event('message_stop'),
  );
  // Anthropic clients only parse events with a known name, so the broken one must carry one.
  return { kind: 'sse', events, malformedEvent: { event: 'content_block_delta', data: '{not json' } };
}

// Arguments cut short by max_tokens are not valid JSON; the block still needs an object.
function parseInput(json: string): unknown {
  try {
    return JSON.parse(json) as unknown;
  } catch {
    return {};
  }
}
