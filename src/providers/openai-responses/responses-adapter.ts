/**
 * The OpenAI Responses API adapter (`POST /responses`), behind the chat call shape: the
 * request is translated, the answer or its stream translated back. Direct HTTP, no SDK; the
 * transport, error mapping and SSE loop are the ones the chat adapter uses.
 */
import { InvalidResponseError } from '../../base/errors.js';
import type { ChatCompletionChunk, ChatRequest, ModelResponse } from '../../base/types.js';
import type { AdapterContext, ProviderAdapter } from '../adapter-types.js';
import { malformed, parseJsonBody, postJson, truncated } from '../post-json.js';
import { sseOrigin, streamThroughSSE } from '../require-sse.js';
import { buildOpenAIHeaders } from '../openai/build-openai-headers.js';
import { mapOpenAIError } from '../openai/map-openai-error.js';
import { modelTableId } from '../openai/select-openai-api.js';
import type { ResponsesResponse } from './responses-api-types.js';
import type { TransportResponse } from '../../transport/transport-types.js';
import { convertToResponsesRequest } from './convert-to-responses-request.js';
import { setOpenAIPromptCacheKey } from '../openai-prompt-cache-key.js';
import { mapResponsesFailure } from './map-responses-error.js';
import { mapResponsesResponse } from './map-responses-response.js';
import { createResponsesStreamMapper } from './map-responses-stream.js';

/**
 * Whether to ask for encrypted reasoning: the model table says the model reasons, or the
 * request sets `reasoning_effort` (OpenAI answers 400 to the ask on models that do not reason).
 */
function wantsReasoning(request: ChatRequest, context: AdapterContext): boolean | Promise<boolean> {
  if (request.reasoning_effort != null) return true;
  if (context.modelInfo === undefined) return false;
  // Without waiting once the table is at hand: the request then goes out with no asynchronous step.
  const now = context.modelInfoNow?.();
  if (now !== undefined) return now(modelTableId(context))?.supportsReasoning === true;
  return context.modelInfo(modelTableId(context)).then(
    (info) => info?.supportsReasoning === true,
    () => false,
  );
}

/**
 * Builds the request's body and sends it, waiting only while the model table loads. Not async
 * functions: a call waiting for its answer holds no async function's promise or frame; a
 * request that cannot be built rejects.
 */
function postResponses(request: ChatRequest, context: AdapterContext, stream: boolean): Promise<TransportResponse> {
  try {
    const reasoning = wantsReasoning(request, context);
    return reasoning instanceof Promise
      ? reasoning.then((wanted) => sendResponses(request, context, stream, wanted))
      : sendResponses(request, context, stream, reasoning);
  } catch (error) {
    return Promise.reject(error as Error);
  }
}

function sendResponses(request: ChatRequest, context: AdapterContext, stream: boolean, reasoning: boolean): Promise<TransportResponse> {
  const body = convertToResponsesRequest(request, { model: context.model, stream, reasoning });
  // Only OpenAI's own server is known to take prompt_cache_key; a compatible one may refuse it.
  if (context.provider === 'openai') setOpenAIPromptCacheKey(body, context.cache);
  return postJson(context, `${context.baseURL}/responses`, buildOpenAIHeaders(context, stream), body, mapOpenAIError);
}

/** One non-streamed call. A 200 whose response failed is the error it reports. */
function completeResponses(request: ChatRequest, context: AdapterContext): Promise<ModelResponse> {
  return postResponses(request, context, false).then(async (response) => {
    const requestId = response.headers['x-request-id'];
    const text = await response.text();
    const parsed = parseJsonBody<ResponsesResponse | null>(text, context, requestId);
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
      throw new InvalidResponseError(`${context.provider} answered with no response object`, {
        provider: context.provider,
        model: context.model,
        requestId,
        retryable: true,
      });
    }
    if (parsed.status === 'failed' || (parsed.error != null && !Array.isArray(parsed.output)))
      throw mapResponsesFailure(parsed.error, context, requestId);
    return mapResponsesResponse(parsed, context.provider);
  });
}

/** One streamed call; the request is sent on the first `next()`. */
function streamResponses(request: ChatRequest, context: AdapterContext): AsyncIterableIterator<ChatCompletionChunk> {
  let requestId: string | undefined;
  let ended = false;
  const mapper = createResponsesStreamMapper((failure) => mapResponsesFailure(failure, context, requestId));
  return streamThroughSSE(context, {
    origin: sseOrigin(context),
    // The answer is taken in a callback: a stream waiting for it holds no suspended frame here.
    open() {
      return postResponses(request, context, true);
    },
    opened(response) {
      requestId = response.headers['x-request-id'];
    },
    map({ data }, out) {
      // Some compatible servers end with the chat API's terminator; the response's own end counts.
      if (data === '[DONE]') return true;
      let event: unknown;
      try {
        event = JSON.parse(data);
      } catch (error) {
        throw malformed(data, context, error, requestId);
      }
      ended = !mapper.map(event, out);
      return !ended;
    },
    complete: () => ended,
    truncated: () => truncated(context, requestId, 'response.completed'),
  });
}

/** The Responses API adapter, for any OpenAI(-compatible) server that serves `/responses`. */
export const openaiResponsesAdapter: ProviderAdapter = {
  specificationVersion: 'v1',
  provider: 'openai-responses',
  complete: completeResponses,
  stream: streamResponses,
};
