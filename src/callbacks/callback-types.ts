/**
 * Callbacks: what a client, a router or a single call reports while it works. They belong to
 * the instance (or the call) they were given to; nothing is registered globally, so two routers
 * in one process never see each other's events. A callback that throws or returns a slow or
 * rejected promise never breaks or delays the call: it is called and not awaited.
 *
 * Payloads carry the request, the response or the error, never an API key or auth header.
 */
import type { LlmuxError } from '../base/errors.js';
import type { ChatCompletionChunk, ChatRequest, Cost, LlmuxWarning, ModelResponse, PartialModelResponse, Usage } from '../base/types.js';

/** What every event says about the call it belongs to. */
export interface CallEventBase {
  /** One id per `complete()`/`stream()` call, shared by its attempts, retries and fallbacks. */
  callId: string;
  /** 0 for the first attempt of the call, counting up across retries and fallbacks. */
  attempt: number;
  /** The model string of this attempt (`provider/model`). */
  model: string;
  /** The llmux provider id of this attempt. */
  provider: string;
  stream: boolean;
  /** For router calls: the model group the caller asked for, and the deployment tried. */
  group?: string;
  deployment?: string;
  /** Milliseconds since the epoch when the event happened. */
  timestamp: number;
}

/** An attempt is about to be sent. */
export interface RequestEvent extends CallEventBase {
  request: ChatRequest;
}

/** An attempt succeeded (for a stream: it ended normally; `onStreamEnd` fires too). */
export interface ResponseEvent extends CallEventBase {
  response: ModelResponse;
  usage: Usage | undefined;
  cost: Cost | undefined;
  /** From sending the attempt to its last byte. */
  latencyMs: number;
  /** Streams only: from sending the attempt to its first chunk. */
  timeToFirstTokenMs?: number;
}

/** A streamed chunk reached the caller. Only emitted when an `onChunk` callback is set. */
export interface ChunkEvent extends CallEventBase {
  chunk: ChatCompletionChunk;
  /** 0-based position of the chunk in this attempt's stream. */
  index: number;
}

/** An attempt failed. `willRetry`/`willFallback` say what happens next. */
export interface ErrorEvent extends CallEventBase {
  error: LlmuxError;
  latencyMs: number;
  willRetry: boolean;
  willFallback: boolean;
}

/** A failed attempt is about to be retried after `delayMs`. */
export interface RetryEvent extends CallEventBase {
  error: LlmuxError;
  delayMs: number;
  /** Router calls: the deployment the retry will use, when already chosen. */
  nextDeployment?: string;
}

/** A router call moves from one model group to another. */
export interface FallbackEvent extends CallEventBase {
  error: LlmuxError;
  fromGroup: string;
  toGroup: string;
  /** Which fallback list was used. */
  reason: 'error' | 'context_window' | 'content_policy';
}

/** A stream stopped: it completed, failed, or was aborted or abandoned by the caller. */
export interface StreamEndEvent extends CallEventBase {
  outcome: 'completed' | 'error' | 'aborted';
  /** The full response when completed; what had arrived otherwise. */
  response: ModelResponse | PartialModelResponse | undefined;
  usage: Usage | undefined;
  cost: Cost | undefined;
  chunks: number;
  latencyMs: number;
  timeToFirstTokenMs?: number;
  error?: LlmuxError;
}

/** llmux changed something about the call instead of failing it (see `ModelResponse.warnings`). */
export interface WarningEvent extends CallEventBase {
  warning: LlmuxWarning;
}

type Handler<E> = (event: E) => void | Promise<void>;

/** The callbacks an instance or a call can take. All optional. */
export interface LlmuxCallbacks {
  onRequest?: Handler<RequestEvent>;
  onResponse?: Handler<ResponseEvent>;
  onChunk?: Handler<ChunkEvent>;
  onError?: Handler<ErrorEvent>;
  onRetry?: Handler<RetryEvent>;
  onFallback?: Handler<FallbackEvent>;
  onStreamEnd?: Handler<StreamEndEvent>;
  onWarning?: Handler<WarningEvent>;
}

export type CallbackName = keyof LlmuxCallbacks;
