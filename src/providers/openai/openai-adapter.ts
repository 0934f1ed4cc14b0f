/**
 * The OpenAI Chat Completions adapter; also serves every OpenAI-compatible preset (Ollama, vLLM,
 * Groq, DeepSeek, ...). Direct HTTP, no SDK.
 */
import type { LlmuxError } from '../../errors.js';
import { APIConnectionError } from '../../errors.js';
import { createSSEDecoder } from '../../transport/sse.js';
import type { ChatCompletionChunk, ModelResponse } from '../../types.js';
import type { AdapterContext, ProviderAdapter } from '../adapter-types.js';
import { malformed, parseJsonBody, postJson } from '../post-json.js';
import { convertToOpenAIRequest } from './convert-to-openai-request.js';
import { mapOpenAIError } from './map-openai-error.js';
import { normalizeOpenAIChunk, normalizeOpenAIResponse } from './normalize-openai-chunk.js';
import type { ChatRequest } from '../../types.js';

const DONE = '[DONE]';

function headersFor(context: AdapterContext, stream: boolean): Record<string, string> {
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    accept: stream ? 'text/event-stream' : 'application/json',
    ...context.headers,
  };
  if (context.apiKey !== undefined && context.apiKey !== '') headers['authorization'] = `Bearer ${context.apiKey}`;
  return headers;
}

function bodyFor(request: ChatRequest, context: AdapterContext, stream: boolean): Record<string, unknown> {
  return convertToOpenAIRequest(request, { provider: context.provider, model: context.model, stream, compat: context.compat });
}

/** A `data: {"error": ...}` event: OpenAI reports failures after the 200 this way. */
function streamedError(payload: Record<string, unknown>, context: AdapterContext, requestId: string | undefined): LlmuxError {
  const error = payload['error'] as Record<string, unknown>;
  const code = error['code'];
  const type = String(error['type'] ?? '');
  const status = typeof code === 'number' && code >= 400 ? code : type.includes('rate_limit') ? 429 : type === 'invalid_request_error' ? 400 : 500;
  return mapOpenAIError({
    status,
    headers: requestId === undefined ? {} : { 'x-request-id': requestId },
    bodyText: JSON.stringify(payload),
    provider: context.provider,
    model: context.model,
    secrets: context.secrets,
  });
}

export const openaiAdapter: ProviderAdapter = {
  specificationVersion: 'v1',
  provider: 'openai',

  async complete(request, context): Promise<ModelResponse> {
    const url = `${context.baseURL}/chat/completions`;
    const response = await postJson(context, url, headersFor(context, false), bodyFor(request, context, false), mapOpenAIError);
    const requestId = response.headers['x-request-id'];
    const parsed = parseJsonBody<ModelResponse & { error?: unknown }>(await response.text(), context, requestId);
    if (parsed !== null && typeof parsed === 'object' && parsed.error !== undefined && parsed.choices === undefined) {
      throw streamedError(parsed as unknown as Record<string, unknown>, context, requestId);
    }
    return normalizeOpenAIResponse(parsed, context.provider);
  },

  async *stream(request, context): AsyncGenerator<ChatCompletionChunk> {
    const url = `${context.baseURL}/chat/completions`;
    const response = await postJson(context, url, headersFor(context, true), bodyFor(request, context, true), mapOpenAIError);
    const requestId = response.headers['x-request-id'];
    const pending: string[] = [];
    const decoder = createSSEDecoder({ onEvent: (event) => pending.push(event.data) });
    let sawDone = false;
    let sawFinish = false;
    for await (const bytes of response.body) {
      decoder.push(bytes);
      if (sawDone) {
        pending.length = 0;
        continue;
      }
      for (let i = 0; i < pending.length; i++) {
        const data = pending[i]!;
        if (data === DONE) {
          sawDone = true;
          break;
        }
        let chunk: ChatCompletionChunk & { error?: unknown };
        try {
          chunk = JSON.parse(data);
        } catch (error) {
          throw malformed(data, context, error, requestId);
        }
        if (chunk.error !== undefined && chunk.error !== null) throw streamedError(chunk as unknown as Record<string, unknown>, context, requestId);
        normalizeOpenAIChunk(chunk);
        if (!sawFinish && chunk.choices.length > 0 && chunk.choices[0]!.finish_reason) sawFinish = true;
        yield chunk;
      }
      pending.length = 0;
    }
    if (!sawDone && !sawFinish) {
      throw new APIConnectionError(`The ${context.provider} stream ended before it was complete`, {
        provider: context.provider,
        model: context.model,
        requestId,
        retryable: true,
        code: 'STREAM_TRUNCATED',
      });
    }
  },
};

