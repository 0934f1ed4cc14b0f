import type { MockReply } from './generate-reply.js';
import type { MockResponse, SseEvent } from './mock-response.js';
import type { OpenAIChatRequest } from './normalize-openai-request.js';

type FinishReason = 'stop' | 'length' | 'tool_calls';

/** Renders a reply as a `chat.completion`, or as the `chat.completion.chunk` stream when asked. */
export function buildOpenAIChatResponse(request: OpenAIChatRequest, reply: MockReply, n: number): MockResponse {
  const head = {
    id: `chatcmpl-mock-${n}`,
    created: 1700000000 + n,
    model: request.model,
    system_fingerprint: 'fp_mock',
  };
  const toolCallId = `call_mock_${n}`;
  const usage = {
    prompt_tokens: reply.usage.promptTokens,
    completion_tokens: reply.usage.completionTokens,
    total_tokens: reply.usage.promptTokens + reply.usage.completionTokens,
    prompt_tokens_details: { cached_tokens: 0 },
    completion_tokens_details: { reasoning_tokens: 0 },
  };

  if (!request.stream) {
    const message =
      reply.kind === 'text'
        ? { role: 'assistant', content: reply.pieces.join(''), refusal: null }
        : {
            role: 'assistant',
            content: null,
            refusal: null,
            tool_calls: [
              {
                id: toolCallId,
                type: 'function',
                function: { name: reply.toolName, arguments: reply.argumentPieces.join('') },
              },
            ],
          };
    return {
      kind: 'json',
      status: 200,
      body: {
        id: head.id,
        object: 'chat.completion',
        created: head.created,
        model: head.model,
        system_fingerprint: head.system_fingerprint,
        choices: [{ index: 0, message, logprobs: null, finish_reason: reply.finish }],
        usage,
      },
    };
  }

  // With include_usage the real API puts `usage: null` on every chunk but the last.
  const usageField = request.includeUsage ? { usage: null } : {};
  const chunk = (delta: Record<string, unknown>, finishReason: FinishReason | null = null): SseEvent => ({
    data: JSON.stringify({
      id: head.id,
      object: 'chat.completion.chunk',
      created: head.created,
      model: head.model,
      system_fingerprint: head.system_fingerprint,
      choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
      ...usageField,
    }),
  });

  const events: SseEvent[] = [];
  if (reply.kind === 'text') {
    events.push(chunk({ role: 'assistant', content: '' }));
    for (const piece of reply.pieces) events.push(chunk({ content: piece }));
  } else {
    events.push(chunk({ role: 'assistant', content: null }));
    events.push(
      chunk({
        tool_calls: [{ index: 0, id: toolCallId, type: 'function', function: { name: reply.toolName, arguments: '' } }],
      }),
    );
    for (const piece of reply.argumentPieces) {
      events.push(chunk({ tool_calls: [{ index: 0, function: { arguments: piece } }] }));
    }
  }
  events.push(chunk({}, reply.finish));
  if (request.includeUsage) {
    const { id, created, model, system_fingerprint } = head;
    events.push({
      data: JSON.stringify({ id, object: 'chat.completion.chunk', created, model, system_fingerprint, choices: [], usage }),
    });
  }
  events.push({ data: '[DONE]' });
  return { kind: 'sse', events, malformedEvent: { data: '{not json' } };
}
