/**
 * A complete third-party adapter, written on llmux/adapter-kit: "Echo Chat", a made-up provider
 * with its own wire format (POST /v1/chat, `{ role, text }` turns, `reply`/`stop`/`usage`
 * answers, SSE deltas ending with `[END]`). Everything that is not Echo Chat's format (sending,
 * caps, timeouts, typed errors, redaction, Retry-After, the stream loop) comes from the kit.
 * docs/adapter-kit.md walks through it; examples/write-an-adapter.ts runs it.
 */
import type { ChatCompletionChunk, ChatCompletionChunkDelta, ChatRequest, FinishReason, ModelResponse, Usage } from 'llmux';
import {
  type AdapterContext,
  type ProviderAdapter,
  buildRequestHeaders,
  mapHttpError,
  parseJsonBody,
  postJson,
  streamEvents,
  truncated,
  unexpected,
} from 'llmux/adapter-kit';

interface EchoUsage {
  input: number;
  output: number;
}
interface EchoReply {
  id: string;
  model: string;
  reply: string;
  stop: string;
  usage?: EchoUsage;
}
interface EchoEvent {
  delta?: string;
  stop?: string;
  usage?: EchoUsage;
}

const STOP_REASONS: Record<string, FinishReason> = { done: 'stop', max_tokens: 'length', filtered: 'content_filter' };

/** The OpenAI-shaped request as Echo Chat's body. */
function echoBody(request: ChatRequest, context: AdapterContext, stream: boolean): Record<string, unknown> {
  const turns = request.messages.map((message) => ({ role: message.role, text: textOf(message.content) }));
  const maxTokens = request.max_completion_tokens ?? request.max_tokens;
  return { model: context.model, turns, stream, ...(typeof maxTokens === 'number' ? { max_tokens: maxTokens } : {}) };
}

function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content.map((part: { type?: string; text?: string }) => (part.type === 'text' ? (part.text ?? '') : '')).join('');
}

function usageOf(usage: EchoUsage | undefined): Usage | undefined {
  if (usage === undefined) return undefined;
  return { prompt_tokens: usage.input, completion_tokens: usage.output, total_tokens: usage.input + usage.output };
}

/** One POST: defaults, then the key as a bearer token, then the caller's headers (which may replace it). */
function send(request: ChatRequest, context: AdapterContext, stream: boolean) {
  const defaults = { 'content-type': 'application/json', accept: stream ? 'text/event-stream' : 'application/json' };
  const auth = context.apiKey === undefined ? undefined : { authorization: `Bearer ${context.apiKey}` };
  const headers = buildRequestHeaders(context, defaults, auth);
  // mapHttpError reads `{ error: { message, code } }`, scrubs context.secrets and honours Retry-After.
  return postJson(context, `${context.baseURL}/v1/chat`, headers, echoBody(request, context, stream), mapHttpError);
}

export const echoChatAdapter: ProviderAdapter = {
  specificationVersion: 'v1',
  provider: 'echo-chat',

  async complete(request, context): Promise<ModelResponse> {
    const response = await send(request, context, false);
    const reply = parseJsonBody<EchoReply>(await response.text(), context, response.headers['x-request-id']);
    if (typeof reply.reply !== 'string') throw unexpected('an answer without a reply', context);
    const usage = usageOf(reply.usage);
    return {
      id: reply.id,
      object: 'chat.completion',
      created: Math.floor(Date.now() / 1000),
      model: reply.model,
      choices: [
        {
          index: 0,
          message: { role: 'assistant', content: reply.reply, refusal: null },
          finish_reason: STOP_REASONS[reply.stop] ?? 'stop',
          logprobs: null,
        },
      ],
      ...(usage === undefined ? {} : { usage }),
    };
  },

  stream(request, context): AsyncIterable<ChatCompletionChunk> {
    const id = `echo-${Date.now().toString(36)}`;
    const created = Math.floor(Date.now() / 1000);
    const chunk = (delta: ChatCompletionChunkDelta, finish: FinishReason | null, usage?: Usage): ChatCompletionChunk => ({
      id,
      object: 'chat.completion.chunk',
      created,
      model: context.model,
      choices: [{ index: 0, delta, finish_reason: finish }],
      ...(usage === undefined ? {} : { usage }),
    });
    let first = true;
    let ended = false;
    return streamEvents(context, {
      open: () => send(request, context, true),
      // One SSE event in, any number of chunks out; false once the terminator is seen.
      map(event, out) {
        if (event.data === '[END]') return !(ended = true);
        const payload = parseJsonBody<EchoEvent>(event.data, context);
        const role = first ? { role: 'assistant' as const } : {};
        first = false;
        if (typeof payload.delta === 'string') out.push(chunk({ ...role, content: payload.delta }, null));
        if (typeof payload.stop === 'string') out.push(chunk(role, STOP_REASONS[payload.stop] ?? 'stop', usageOf(payload.usage)));
        return true;
      },
      // A body that ends before `[END]` was cut: the loop throws this instead of ending quietly.
      complete: () => ended,
      truncated: () => truncated(context, undefined, '[END]'),
    });
  },
};

// Also the default export: `llmux adapter test --adapter ./echo-chat-adapter.js` takes a module's
// default export (knip.json lets this one file export the adapter under both names).
export default echoChatAdapter;
