/**
 * The Anthropic Messages adapter: direct HTTP to `/v1/messages`, no SDK. Conversion and mapping
 * live in pure modules beside this one; this file only moves bytes and decides what a stream's
 * `error` event or early end means.
 */
import { redactBounded } from '../../util/redact.js';
import { InvalidResponseError, type LlmuxError } from '../../base/errors.js';
import type { ChatCompletionChunk, ChatRequest, LlmuxWarning, ModelResponse } from '../../base/types.js';
import type { AdapterContext, ProviderAdapter } from '../adapter-types.js';
import { malformed, parseJsonBody, postJson, truncated, unexpected } from '../post-json.js';
import { describeInvalidAnthropicMessage } from './check-anthropic-message.js';
import { sseOrigin, streamThroughSSE } from '../require-sse.js';
import type { AnthropicResponseMessage, AnthropicStreamEvent } from './anthropic-api-types.js';
import { type AnthropicStreamMapper, createAnthropicStreamMapper } from './anthropic-stream.js';
import type { SSEChunkSource } from '../../stream/stream-sse-chunks.js';
import type { SSEEvent } from '../../transport/sse-parser.js';
import type { TransportResponse } from '../../transport/transport-types.js';
import { buildAnthropicHeaders, buildAnthropicURL } from './build-anthropic-headers.js';
import { claudeModelFacts } from './claude-model-facts.js';
import { type AnthropicModelFacts, convertToAnthropicRequest } from './convert-to-anthropic-request.js';
import { countTokens } from './count-anthropic-tokens.js';
import { errorPayloadText } from '../../util/map-http-error.js';
import { mapAnthropicError, statusForAnthropicErrorType } from './map-anthropic-error.js';
import { mapAnthropicResponse } from './map-anthropic-response.js';
import { readPlainTextDelta, textDeltaPrefix } from './plain-text-delta.js';

export { countTokens };

/** An `error` payload (mid-stream, or a 200 body) mapped as if it had come with its usual status. */
function errorFromPayload(payload: { error?: { type?: string } }, context: AdapterContext, requestId: string | undefined): LlmuxError {
  return mapAnthropicError({
    status: statusForAnthropicErrorType(payload.error?.type),
    headers: requestId === undefined ? {} : { 'request-id': requestId },
    bodyText: errorPayloadText(payload),
    provider: context.provider,
    model: context.model,
    secrets: context.secrets,
  });
}

function parseEvent(
  data: string,
  eventName: string | undefined,
  context: AdapterContext,
  requestId: string | undefined,
): AnthropicStreamEvent {
  const payload = parseJsonBody<unknown>(data, context, requestId);
  if (payload === null || typeof payload !== 'object' || Array.isArray(payload)) throw malformed(data, context, undefined, requestId);
  const event = payload as AnthropicStreamEvent;
  // Every payload names its type; the SSE event name is the same word, kept as a fallback.
  if (typeof event.type !== 'string' && eventName !== undefined) event.type = eventName;
  return event;
}

/**
 * The streamed Messages call as an iterator over network reads: each read is decoded and mapped
 * into one batch of chunks, so no generator frame is suspended and resumed per chunk.
 */
function streamAnthropicMessages(request: ChatRequest, context: AdapterContext): AsyncIterableIterator<ChatCompletionChunk> {
  return streamThroughSSE(context, new MessagesSource(request, context));
}

/** The SSE source of one Messages stream: a class, not closures per stream (see `transport/sse-parser.ts`). */
class MessagesSource implements SSEChunkSource {
  readonly origin: NonNullable<SSEChunkSource['origin']>;
  readonly #request: ChatRequest;
  readonly #context: AdapterContext;
  readonly #mapper: AnthropicStreamMapper;
  #requestId: string | undefined = undefined;
  /** While a text block is open, the exact form its deltas come in (see plain-text-delta.ts). */
  #textPrefix: string | undefined = undefined;
  /** What the mapping changed, handed out on the first chunk. */
  #warnings: LlmuxWarning[] | undefined = undefined;

  constructor(request: ChatRequest, context: AdapterContext) {
    this.origin = sseOrigin(context);
    this.#request = request;
    this.#context = context;
    this.#mapper = createAnthropicStreamMapper({ invalid: (problem) => unexpected(problem, context, this.#requestId) });
  }

  /**
   * Sends the request. Not an async function: a stream waiting for its answer then holds no
   * async function's promise (the SSE loop turns a throw here into the stream's failure). The
   * model table is waited for only while it loads.
   */
  open(): Promise<TransportResponse> {
    const facts = claudeModelFacts(this.#context, this.#request);
    return facts instanceof Promise ? facts.then((known) => this.#send(known)) : this.#send(facts);
  }

  #send(facts: AnthropicModelFacts | undefined): Promise<TransportResponse> {
    const context = this.#context;
    const url = buildAnthropicURL(context, '/v1/messages');
    const payload = convertToAnthropicRequest(this.#request, {
      model: context.model,
      stream: true,
      facts,
      cache: context.cache,
      warn: (warning) => (this.#warnings ??= []).push(warning),
    });
    // The answer is taken in a callback: a stream waiting for it holds no suspended frame here.
    return postJson(context, url, buildAnthropicHeaders(context, 'text/event-stream'), payload, mapAnthropicError);
  }

  opened(response: TransportResponse): void {
    this.#requestId = response.headers['request-id'];
  }

  map({ data, event: name }: SSEEvent, out: ChatCompletionChunk[]): boolean {
    const mapper = this.#mapper;
    const textPrefix = this.#textPrefix;
    if (textPrefix !== undefined) {
      const text = readPlainTextDelta(data, textPrefix);
      if (text !== undefined) {
        mapper.pushText(text, out);
        this.#withWarnings(out);
        return true;
      }
    }
    const event = parseEvent(data, name, this.#context, this.#requestId);
    if (event.type === 'error') throw errorFromPayload(event, this.#context, this.#requestId);
    mapper.push(event, out);
    this.#withWarnings(out);
    if (event.type === 'content_block_start' || event.type === 'content_block_stop') {
      const open = mapper.openTextBlock;
      this.#textPrefix = open === undefined ? undefined : textDeltaPrefix(open);
    }
    return !mapper.finished;
  }

  complete(): boolean {
    return this.#mapper.finished;
  }

  truncated(): LlmuxError {
    return truncated(this.#context, this.#requestId, 'message_stop');
  }

  #withWarnings(out: ChatCompletionChunk[]): void {
    const warnings = this.#warnings;
    if (warnings === undefined || out.length === 0) return;
    out[0]!.warnings = warnings;
    this.#warnings = undefined;
  }
}

/** One non-streamed Messages call, with what the model table says about the model. Throws for a request that cannot be built. */
function completeMessages(request: ChatRequest, context: AdapterContext, facts: AnthropicModelFacts | undefined): Promise<ModelResponse> {
  const warnings: LlmuxWarning[] = [];
  const body = convertToAnthropicRequest(request, {
    model: context.model,
    stream: false,
    cache: context.cache,
    facts,
    warn: (warning) => warnings.push(warning),
  });
  const url = buildAnthropicURL(context, '/v1/messages');
  return postJson(context, url, buildAnthropicHeaders(context, 'application/json'), body, mapAnthropicError).then(async (response) => {
    const requestId = response.headers['request-id'];
    const text = await response.text();
    const parsed = parseJsonBody<(AnthropicResponseMessage & { error?: { type?: string } }) | null>(text, context, requestId);
    // A primitive has no `type`, so this reads any JSON value safely.
    if ((parsed as { type?: unknown } | null)?.type === 'error') {
      throw errorFromPayload(parsed!, context, requestId);
    }
    const problem = describeInvalidAnthropicMessage(parsed);
    if (problem !== undefined) {
      const snippet = redactBounded(text, context.secrets, 201);
      throw new InvalidResponseError(`${context.provider} answered with something that is not a message (${problem}): ${snippet}`, {
        provider: context.provider,
        model: context.model,
        requestId,
        retryable: true,
      });
    }
    const mapped = mapAnthropicResponse(parsed!, { provider: context.provider });
    if (warnings.length > 0) mapped.warnings = warnings;
    return mapped;
  });
}

export const anthropicAdapter: ProviderAdapter & Required<Pick<ProviderAdapter, 'countTokens'>> = {
  specificationVersion: 'v1',
  provider: 'anthropic',

  /** Not an async function: a call waiting for its answer holds no async function's promise. */
  complete(request, context): Promise<ModelResponse> {
    try {
      const facts = claudeModelFacts(context, request);
      return facts instanceof Promise
        ? facts.then((known) => completeMessages(request, context, known))
        : completeMessages(request, context, facts);
    } catch (error) {
      return Promise.reject(error as Error);
    }
  },

  stream: streamAnthropicMessages,

  countTokens,
};
