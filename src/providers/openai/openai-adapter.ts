/**
 * The OpenAI Chat Completions adapter; also serves every OpenAI-compatible preset (Ollama, vLLM,
 * Groq, DeepSeek, ...). Direct HTTP, no SDK. The request/stream loop is exported with a
 * dialect hook so that OpenAI-shaped providers with their own quirks (OpenRouter) reuse it.
 */
import { ConfigurationError, type LlmuxError } from '../../base/errors.js';
import type { ChatCompletionChunk, ChatCompletionChunkChoice, ModelResponse } from '../../base/types.js';
import type { AdapterContext, ProviderAdapter } from '../adapter-types.js';
import { type ErrorMapper, parseJsonBody, postJson, truncated, unexpected } from '../post-json.js';
import { isObject, kind } from '../../stream/check-chunk.js';
import { describeInvalidOpenAIResponse } from './check-openai-response.js';
import { sseOrigin, streamThroughSSE } from '../require-sse.js';
import { buildOpenAIHeaders } from './build-openai-headers.js';
import { deferredStream } from './deferred-stream.js';
import { selectOpenAIApi } from './select-openai-api.js';
import { convertToOpenAIRequest } from './convert-to-openai-request.js';
import { setOpenAIPromptCacheKey } from '../openai-prompt-cache-key.js';
import { errorPayloadText } from '../../util/map-http-error.js';
import { mapOpenAIError } from './map-openai-error.js';
import { normalizeOpenAIChunk, normalizeOpenAIResponse } from './normalize-openai-chunk.js';
import type { ChatRequest } from '../../base/types.js';
import type { TransportResponse } from '../../transport/transport-types.js';

const DONE = '[DONE]';

/** What a provider speaking Chat Completions on the wire may change about a call. */
export interface ChatCompletionsDialect {
  headers(context: AdapterContext, stream: boolean): Record<string, string>;
  body(request: ChatRequest, context: AdapterContext, stream: boolean): Record<string, unknown>;
  /** Maps error answers, and `{error}` payloads that arrive after a 200. */
  mapError: ErrorMapper;
  /**
   * Sees each parsed stream chunk before it is normalized; a returned error ends the stream.
   * For servers that report failures their own way (OpenRouter's `finish_reason: "error"`).
   */
  inspectChunk?(chunk: ChatCompletionChunk, context: AdapterContext, requestId: string | undefined): LlmuxError | undefined;
  /** The same for a whole (non-streamed) response, before it is normalized. */
  inspectResponse?(response: ModelResponse, context: AdapterContext, requestId: string | undefined): LlmuxError | undefined;
}

function bodyFor(request: ChatRequest, context: AdapterContext, stream: boolean): Record<string, unknown> {
  const body = convertToOpenAIRequest(request, { provider: context.provider, model: context.model, stream, compat: context.compat });
  // Only OpenAI's own server is known to take prompt_cache_key; a compatible one may refuse it.
  if (context.provider === 'openai') setOpenAIPromptCacheKey(body, context.cache);
  return body;
}

/** OpenAI's own wire: the defaults every compatible preset uses. */
const openaiDialect: ChatCompletionsDialect = { headers: buildOpenAIHeaders, body: bodyFor, mapError: mapOpenAIError };

/** A `data: {"error": ...}` event: OpenAI reports failures after the 200 this way. */
function streamedError(
  payload: Record<string, unknown>,
  context: AdapterContext,
  requestId: string | undefined,
  mapError: ErrorMapper,
): LlmuxError {
  const error = payload['error'] as Record<string, unknown>;
  const code = error['code'];
  const type = typeof error['type'] === 'string' ? error['type'] : '';
  const status =
    typeof code === 'number' && code >= 400 ? code : type.includes('rate_limit') ? 429 : type === 'invalid_request_error' ? 400 : 500;
  return mapError({
    status,
    headers: requestId === undefined ? {} : { 'x-request-id': requestId },
    bodyText: errorPayloadText(payload),
    provider: context.provider,
    model: context.model,
    secrets: context.secrets,
  });
}

/**
 * One non-streamed Chat Completions call in the given dialect. The answer is read in a callback,
 * so a call waiting for it holds no suspended frame here (see `postJson`); not an async
 * function, whose promise the call would hold too: a request that cannot be built rejects.
 */
export function completeChatCompletions(
  request: ChatRequest,
  context: AdapterContext,
  dialect: ChatCompletionsDialect,
): Promise<ModelResponse> {
  let answer: Promise<TransportResponse>;
  try {
    const url = `${context.baseURL}/chat/completions`;
    answer = postJson(context, url, dialect.headers(context, false), dialect.body(request, context, false), dialect.mapError);
  } catch (error) {
    return Promise.reject(error as Error);
  }
  return answer.then(async (response) => {
    const requestId = response.headers['x-request-id'];
    const parsed = parseJsonBody<ModelResponse & { error?: unknown }>(await response.text(), context, requestId);
    const problem = describeInvalidOpenAIResponse(parsed);
    if (problem !== undefined) throw unexpected(problem, context, requestId);
    const failure = dialect.inspectResponse?.(parsed, context, requestId);
    if (failure !== undefined) throw failure;
    if (parsed.error != null && parsed.choices == null) {
      throw streamedError(parsed as unknown as Record<string, unknown>, context, requestId, dialect.mapError);
    }
    return normalizeOpenAIResponse(parsed, context.provider);
  });
}

/**
 * One streamed Chat Completions call in the given dialect. The request is sent on the first
 * `next()`; each network read is parsed into a batch of chunks handed out one by one.
 */
export function streamChatCompletions(
  request: ChatRequest,
  context: AdapterContext,
  dialect: ChatCompletionsDialect,
): AsyncIterableIterator<ChatCompletionChunk> {
  let requestId: string | undefined;
  let sawDone = false;
  let sawFinish = false;
  return streamThroughSSE(context, {
    origin: sseOrigin(context),
    // The answer is taken in a callback: a stream waiting for it holds no suspended frame here,
    // nor an async function's promise (the SSE loop turns a throw here into the stream's failure).
    open() {
      const url = `${context.baseURL}/chat/completions`;
      return postJson(context, url, dialect.headers(context, true), dialect.body(request, context, true), dialect.mapError);
    },
    opened(response) {
      requestId = response.headers['x-request-id'];
    },
    map({ data }, out) {
      if (data === DONE) {
        sawDone = true;
        return false;
      }
      const chunk = parseJsonBody<ChatCompletionChunk & { error?: unknown }>(data, context, requestId);
      // The fields of a chunk are checked where chunks are folded; here only what is read first.
      if (!isObject(chunk)) throw unexpected(`${kind(chunk)} where a chat.completion.chunk object belongs`, context, requestId);
      const inline = dialect.inspectChunk?.(chunk, context, requestId);
      if (inline !== undefined) throw inline;
      if (chunk.error !== undefined && chunk.error !== null)
        throw streamedError(chunk as unknown as Record<string, unknown>, context, requestId, dialect.mapError);
      normalizeOpenAIChunk(chunk);
      // Azure sends prompt-filter annotations as an event that is not a completion chunk at all
      // (`object: ""`, no choices, no usage); handing it out would break the chunk contract.
      if (chunk.object !== 'chat.completion.chunk' && chunk.choices.length === 0 && chunk.usage == null) return true;
      if (
        !sawFinish &&
        Array.isArray(chunk.choices) &&
        (chunk.choices[0] as Partial<ChatCompletionChunkChoice> | null | undefined)?.finish_reason
      )
        sawFinish = true;
      out.push(chunk);
      return true;
    },
    // Without [DONE] (some gateways never send it, or leave its blank line off), a stream is whole
    // once it finished and its body did not stop inside an event: a cut in the usage chunk, which
    // follows the finish, would otherwise pass for a whole answer without usage or cost.
    complete: (unterminated) => sawDone || unterminated?.data === DONE || (sawFinish && unterminated === undefined),
    truncated: () => truncated(context, requestId, 'it was complete'),
  });
}

/**
 * The Responses API adapter, from the context: it is loaded by the full client on the first
 * call that goes there, and never part of an `llmux/lite` app that does not name it.
 */
function responses(context: AdapterContext): Promise<ProviderAdapter> {
  if (context.loadResponsesAdapter !== undefined) return context.loadResponsesAdapter();
  return Promise.reject(
    new ConfigurationError(
      `"${context.provider}/${context.model}" needs the Responses API: in llmux/lite, use openaiResponses() or openaiResponsesCompatible() from "llmux/openai-responses"`,
      { provider: context.provider, model: context.model },
    ),
  );
}

function completeOpenAI(request: ChatRequest, context: AdapterContext): Promise<ModelResponse> {
  const api = selectOpenAIApi(context);
  if (api === 'chat') return completeChatCompletions(request, context, openaiDialect);
  return Promise.resolve(api).then((chosen) =>
    chosen === 'chat'
      ? completeChatCompletions(request, context, openaiDialect)
      : responses(context).then((adapter) => adapter.complete!(request, context)),
  );
}

function streamOpenAI(request: ChatRequest, context: AdapterContext): AsyncIterableIterator<ChatCompletionChunk> {
  const api = selectOpenAIApi(context);
  if (api === 'chat') return streamChatCompletions(request, context, openaiDialect);
  return deferredStream(async () =>
    (await api) === 'chat'
      ? streamChatCompletions(request, context, openaiDialect)
      : (await responses(context)).stream(request, context)[Symbol.asyncIterator](),
  );
}

/**
 * OpenAI and every compatible preset. Calls go to Chat Completions, or to the Responses API
 * when the call or the provider asks (`api: "responses"`) or the model speaks nothing else.
 */
export const openaiAdapter: ProviderAdapter = {
  specificationVersion: 'v1',
  provider: 'openai',
  complete: completeOpenAI,
  stream: streamOpenAI,
};
