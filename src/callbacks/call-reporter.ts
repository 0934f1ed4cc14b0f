/**
 * Turns one call's progress into callback events: ids, timestamps, latency and time to first
 * token are kept here so the client and the router only say what happened.
 */
import { isSecretHeader } from '../util/redact.js';
import type { LlmuxError } from '../base/errors.js';
import type { ChatCompletionChunk, ChatRequest, LlmuxWarning, ModelResponse, PartialModelResponse } from '../base/types.js';
import type { CallEventBase, LlmuxCallbacks, ResponseEvent, StreamEndEvent } from './callback-types.js';
import { emitCallback, listens } from './emit-callback.js';

/** What a stream tells its observer (see `LlmStreamSource.observer`). */
export interface StreamObserver {
  /** An attempt is about to open. */
  attempt(attempt: number): void;
  /** A chunk reached the caller; undefined when nobody listens for chunks. */
  chunk: ((chunk: ChatCompletionChunk) => void) | undefined;
  /** An attempt failed; `willRetry` says whether another follows. */
  failed(error: LlmuxError, willRetry: boolean): void;
  /** The stream is over. */
  end(outcome: 'completed' | 'error' | 'aborted', response: ModelResponse | PartialModelResponse | undefined, error?: LlmuxError): void;
}

export interface CallIdentity {
  model: string;
  provider: string;
  stream: boolean;
  group?: string | undefined;
  deployment?: string | undefined;
}

/**
 * The request as callbacks see it: a credential passed in `extra_headers` (an `authorization`
 * for a proxy, say) is replaced, since callback payloads end up in logs and traces.
 */
function withoutCredentials(request: ChatRequest): ChatRequest {
  const headers = request.extra_headers;
  if (headers === undefined || !Object.keys(headers).some(isSecretHeader)) return request;
  const safe: Record<string, string | null> = {};
  for (const [name, value] of Object.entries(headers)) safe[name] = isSecretHeader(name) && value !== null ? '[redacted]' : value;
  return { ...request, extra_headers: safe };
}

let counter = 0;
/** A call id unique in this process and unlikely to repeat across processes. */
function newCallId(): string {
  const random = globalThis.crypto?.randomUUID?.();
  return random ?? `call-${Date.now().toString(36)}-${(counter++).toString(36)}`;
}

export class CallReporter {
  readonly callId: string;
  readonly #sets: readonly (LlmuxCallbacks | undefined)[];
  readonly #request: ChatRequest;
  #identity: CallIdentity;
  #attempt = 0;
  #started = 0;
  #firstChunkAt: number | undefined;
  #chunks = 0;

  constructor(sets: readonly (LlmuxCallbacks | undefined)[], request: ChatRequest, identity: CallIdentity, callId = newCallId()) {
    this.#sets = sets;
    this.#request = withoutCredentials(request);
    this.#identity = identity;
    this.callId = callId;
  }

  #base(): CallEventBase {
    const base: CallEventBase = {
      callId: this.callId,
      attempt: this.#attempt,
      model: this.#identity.model,
      provider: this.#identity.provider,
      stream: this.#identity.stream,
      timestamp: Date.now(),
    };
    if (this.#identity.group !== undefined) base.group = this.#identity.group;
    if (this.#identity.deployment !== undefined) base.deployment = this.#identity.deployment;
    return base;
  }

  /** An event: the base fields, then `fields` (assigned onto the fresh base, not spread: see copyWith). */
  #event<F extends object>(fields: F): CallEventBase & F {
    return Object.assign(this.#base(), fields);
  }

  /** Attempt `attempt` is about to be sent (to `identity`, when a router changes deployment). */
  request(attempt: number, identity?: CallIdentity): void {
    this.#attempt = attempt;
    if (identity !== undefined) this.#identity = identity;
    this.#started = Date.now();
    this.#firstChunkAt = undefined;
    this.#chunks = 0;
    if (listens(this.#sets, 'onRequest')) emitCallback(this.#sets, 'onRequest', this.#event({ request: this.#request }));
  }

  success(response: ModelResponse): void {
    for (const warning of response.warnings ?? []) this.warning(warning);
    if (!listens(this.#sets, 'onResponse')) return;
    const event: ResponseEvent = this.#event({
      response,
      usage: response.usage,
      cost: response.cost,
      latencyMs: Date.now() - this.#started,
    });
    if (this.#firstChunkAt !== undefined) event.timeToFirstTokenMs = this.#firstChunkAt - this.#started;
    emitCallback(this.#sets, 'onResponse', event);
  }

  failure(error: LlmuxError, willRetry: boolean, willFallback = false): void {
    if (listens(this.#sets, 'onError'))
      emitCallback(this.#sets, 'onError', this.#event({ error, latencyMs: Date.now() - this.#started, willRetry, willFallback }));
  }

  /** llmux changed something about the call (see `ModelResponse.warnings`). */
  warning(warning: LlmuxWarning): void {
    if (listens(this.#sets, 'onWarning')) emitCallback(this.#sets, 'onWarning', this.#event({ warning }));
  }

  retry(error: LlmuxError, delayMs: number, nextDeployment?: string): void {
    if (!listens(this.#sets, 'onRetry')) return;
    emitCallback(
      this.#sets,
      'onRetry',
      nextDeployment === undefined ? this.#event({ error, delayMs }) : this.#event({ error, delayMs, nextDeployment }),
    );
  }

  fallback(error: LlmuxError, fromGroup: string, toGroup: string, reason: 'error' | 'context_window' | 'content_policy'): void {
    if (listens(this.#sets, 'onFallback')) emitCallback(this.#sets, 'onFallback', this.#event({ error, fromGroup, toGroup, reason }));
  }

  chunk(chunk: ChatCompletionChunk): void {
    if (this.#chunks === 0) this.#firstChunkAt = Date.now();
    const index = this.#chunks++;
    if (listens(this.#sets, 'onChunk')) emitCallback(this.#sets, 'onChunk', this.#event({ chunk, index }));
  }

  streamEnd(
    outcome: 'completed' | 'error' | 'aborted',
    response: ModelResponse | PartialModelResponse | undefined,
    error?: LlmuxError,
  ): void {
    if (outcome === 'completed' && response !== undefined) this.success(response as ModelResponse);
    if (!listens(this.#sets, 'onStreamEnd')) return;
    const event: StreamEndEvent = this.#event({
      outcome,
      response,
      usage: response?.usage,
      cost: response?.cost,
      chunks: this.#chunks,
      latencyMs: Date.now() - this.#started,
    });
    if (this.#firstChunkAt !== undefined) event.timeToFirstTokenMs = this.#firstChunkAt - this.#started;
    if (error !== undefined) event.error = error;
    emitCallback(this.#sets, 'onStreamEnd', event);
  }

  /** The observer a client's `LlmStream` reports to. */
  streamObserver(): StreamObserver {
    return {
      attempt: (attempt) => this.request(attempt),
      // Chunks are counted for time to first token even when nobody listens for them.
      chunk: (chunk) => this.chunk(chunk),
      failed: (error, willRetry) => this.failure(error, willRetry),
      end: (outcome, response, error) => this.streamEnd(outcome, response, error),
    };
  }
}
