/**
 * llmux request -> OpenAI Chat Completions body. Mostly a copy: the shapes are the same, minus
 * llmux-only fields, with the provider's model id and the streaming options. Pure.
 */
import type { ProviderCompat } from '../adapter-types.js';
import type { ChatRequest, ReasoningDetail } from '../../base/types.js';
import { mergeExtraBody } from '../merge-extra-body.js';
import { takesOnlyMaxCompletionTokens } from '../../util/model-id.js';

/** Request fields that configure llmux and never go on the wire. */
const LLMUX_ONLY = new Set(['model', 'extra_body', 'extra_headers', 'mock_response', 'stream', 'stream_options']);

/**
 * Reasoning another provider returned (`reasoning_content`, signed `reasoning_details`) rides
 * on assistant messages so the conversation can go back to that provider. A server whose
 * compat says `reasoningInput: 'none'` (OpenAI's Chat Completions, which rejects unknown
 * message fields) gets them left out; others get them as they are (some, like DeepSeek's
 * thinking mode, want `reasoning_content` back).
 */
const REASONING_FIELDS = ['reasoning_content', 'reasoning_details'] as const;

export interface OpenAIRequestOptions {
  provider: string;
  model: string;
  stream: boolean;
  compat: ProviderCompat;
}

export function convertToOpenAIRequest(request: ChatRequest, options: OpenAIRequestOptions): Record<string, unknown> {
  const body: Record<string, unknown> = { model: options.model };
  for (const key in request) {
    const value = (request as unknown as Record<string, unknown>)[key];
    if (value !== undefined && !LLMUX_ONLY.has(key)) body[key] = value;
  }
  body['messages'] = withoutReasoning(request.messages, options.compat.reasoningInput === 'none');
  if (body['max_tokens'] != null && body['max_completion_tokens'] == null && takesCompletionTokens(options.compat, options.model)) {
    body['max_completion_tokens'] = body['max_tokens'];
    delete body['max_tokens'];
  }
  if (options.stream) {
    body['stream'] = true;
    if (options.compat.streamUsage !== 'always') body['stream_options'] = { include_usage: true };
  }
  mergeExtraBody(body, request.extra_body, options);
  return body;
}

/** Whether `max_tokens` goes out as `max_completion_tokens` (see `ProviderCompat.maxTokensField`). */
function takesCompletionTokens(compat: ProviderCompat, model: string): boolean {
  const field = compat.maxTokensField;
  return field === 'max_completion_tokens' || (field === 'by-model' && takesOnlyMaxCompletionTokens(model));
}

/**
 * The messages minus reasoning: all of it (`all`), or only what another provider signed
 * (`ReasoningDetail.origin`: only llmux's Anthropic adapter tags what it returns). Foreign blocks
 * mean nothing here and their text is not this server's own reasoning, so a turn whose details
 * are all foreign loses its `reasoning_content` too; a server's own `reasoning_content`
 * (DeepSeek's, with no details) goes back as it is, which DeepSeek's thinking mode requires on
 * tool-call turns. The same array when nothing goes (the usual case).
 */
function withoutReasoning(messages: ChatRequest['messages'], all: boolean): ChatRequest['messages'] {
  const stripsReasoning = (m: ChatRequest['messages'][number]): boolean =>
    m.role === 'assistant' &&
    (all
      ? REASONING_FIELDS.some((f) => m[f] !== undefined)
      : Array.isArray(m.reasoning_details) && m.reasoning_details.some((d) => d?.origin != null));
  // Another provider's native blocks (`provider_blocks`) never go to an OpenAI-style server.
  const strips = (m: ChatRequest['messages'][number]): boolean =>
    stripsReasoning(m) || (m.role === 'assistant' && m.provider_blocks !== undefined);
  if (!Array.isArray(messages) || !messages.some(strips)) return messages;
  return messages.map((m) => {
    if (!strips(m)) return m;
    const copy: Record<string, unknown> = { ...m };
    delete copy['provider_blocks'];
    if (!stripsReasoning(m)) return copy as unknown as ChatRequest['messages'][number];
    const own = all ? [] : (m as { reasoning_details: ReasoningDetail[] }).reasoning_details.filter((d) => d?.origin == null);
    if (own.length > 0) copy['reasoning_details'] = own;
    else for (const field of REASONING_FIELDS) delete copy[field];
    return copy as unknown as ChatRequest['messages'][number];
  });
}
