/**
 * Typed errors. One base class, one subclass per cause, named as openai-node names them so
 * existing `instanceof` checks keep their meaning. Every error says whether it is worth retrying.
 */
import type { PartialModelResponse } from './types.js';

const BRAND = Symbol.for('llmux.error');

/**
 * What an error keeps of text that came from outside, whatever built it: a provider can send
 * a 2 MiB message, and a router keeps thousands of errors. Callers redact before this cut.
 */
const MAX_MESSAGE_CHARS = 8192;
const MAX_PROVIDER_MESSAGE_CHARS = 4096;
const MAX_ID_CHARS = 256;

function bound<T extends string | undefined>(text: T, max: number): T {
  return (text !== undefined && text.length > max ? `${text.slice(0, max - 1)}…` : text) as T;
}

/** Context every llmux error may carry. */
export interface LlmuxErrorOptions {
  status?: number | undefined;
  provider?: string | undefined;
  model?: string | undefined;
  requestId?: string | undefined;
  retryable?: boolean | undefined;
  retryAfterMs?: number | undefined;
  /** The provider's own error message, unaltered but for key redaction. */
  providerMessage?: string | undefined;
  /** The provider's error code or type, e.g. `context_length_exceeded`. */
  code?: string | undefined;
  /** The parsed error body (redacted), when there was one. */
  body?: unknown;
  /** What a stream delivered before it failed: nothing received is lost. */
  partialResponse?: PartialModelResponse | undefined;
  cause?: unknown;
}

/** Base class of every error llmux throws. */
export class LlmuxError extends Error {
  override name: string = 'LlmuxError';
  readonly status: number | undefined;
  readonly provider: string | undefined;
  readonly model: string | undefined;
  readonly requestId: string | undefined;
  readonly retryable: boolean;
  readonly retryAfterMs: number | undefined;
  readonly providerMessage: string | undefined;
  readonly code: string | undefined;
  readonly body: unknown;
  /** The response assembled from what arrived before a stream failed, if anything did. */
  partialResponse: PartialModelResponse | undefined;

  constructor(message: string, options: LlmuxErrorOptions = {}) {
    super(bound(message, MAX_MESSAGE_CHARS), options.cause === undefined ? undefined : { cause: options.cause });
    this.status = options.status;
    this.provider = options.provider;
    this.model = options.model;
    this.requestId = bound(options.requestId, MAX_ID_CHARS);
    this.retryable = options.retryable ?? false;
    this.retryAfterMs = options.retryAfterMs;
    this.providerMessage = bound(options.providerMessage, MAX_PROVIDER_MESSAGE_CHARS);
    this.code = bound(options.code, MAX_ID_CHARS);
    this.body = options.body;
    this.partialResponse = options.partialResponse;
    Object.defineProperty(this, BRAND, { value: true });
  }

  /** The text received before the failure (first choice), or `''`. */
  get partialText(): string {
    return this.partialResponse?.choices[0]?.message.content ?? '';
  }
}

/** True for any llmux error, even one thrown by another copy of the package. */
export function isLlmuxError(value: unknown): value is LlmuxError {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[BRAND] === true;
}

/** Bad configuration found before any request: unknown provider, missing key, bad model string. */
export class ConfigurationError extends LlmuxError {
  override name = 'ConfigurationError' as const;
}

/** 400 / 422: the provider rejected the request. */
export class BadRequestError extends LlmuxError {
  override name: string = 'BadRequestError';
}

/** The prompt does not fit the model's context window. */
export class ContextWindowExceededError extends BadRequestError {
  override name = 'ContextWindowExceededError' as const;
}

/** The provider refused the content (moderation / safety system). */
export class ContentPolicyViolationError extends BadRequestError {
  override name = 'ContentPolicyViolationError' as const;
}

/** 401: the key is missing, wrong or revoked. */
export class AuthenticationError extends LlmuxError {
  override name = 'AuthenticationError' as const;
}

/** 403: the key is valid but not allowed to do this. */
export class PermissionDeniedError extends LlmuxError {
  override name = 'PermissionDeniedError' as const;
}

/** 404: unknown model or endpoint. */
export class NotFoundError extends LlmuxError {
  override name = 'NotFoundError' as const;
}

/** 429: rate or quota limit. `retryAfterMs` holds the server's hint when it gave one. */
export class RateLimitError extends LlmuxError {
  override name = 'RateLimitError' as const;
}

/** 5xx: the provider failed. */
export class InternalServerError extends LlmuxError {
  override name: string = 'InternalServerError';
}

/** 503 / 529: the provider is overloaded; retrying later usually works. */
export class ServiceUnavailableError extends InternalServerError {
  override name = 'ServiceUnavailableError' as const;
}

/** The connection failed or broke (refused, reset, DNS, a stream cut mid-way). */
export class APIConnectionError extends LlmuxError {
  override name: string = 'APIConnectionError';
}

/** No response (or no next stream chunk) within the configured time. */
export class APITimeoutError extends APIConnectionError {
  override name = 'APITimeoutError' as const;
}

/** The caller aborted the request. */
export class APIUserAbortError extends LlmuxError {
  override name = 'APIUserAbortError' as const;
}

/** The provider answered with something llmux could not understand (malformed JSON, bad SSE). */
export class InvalidResponseError extends LlmuxError {
  override name = 'InvalidResponseError' as const;
}

/**
 * The router's state store (Redis) failed, timed out or answered nonsense. The Router never
 * throws it from a call: it reports it (`onStoreError`) and serves from this process's state.
 */
export class StateStoreError extends LlmuxError {
  override name = 'StateStoreError' as const;
}
