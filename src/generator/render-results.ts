/**
 * The templates of a draft's stop-reason and usage mapping, and of its error mapping: the
 * provider's message and code paths, codes and retry hint over `llmux/adapter-kit`'s `mapHttpError`. Pure.
 */
import { J } from './render-helpers.js';
import type { ProviderSpec } from './provider-spec.js';

export function stopReason(spec: ProviderSpec, P: string): string {
  return `const STOP_REASONS = ${J(Object.fromEntries(spec.stopReasons.map((s) => [s.provider, s.finish_reason])))};

/**
 * @param {unknown} reason the provider's stop reason
 * @returns {'stop' | 'length' | 'tool_calls' | 'content_filter'}
 */
export function map${P}StopReason(reason) {
  if (typeof reason !== 'string') return 'stop';
  return Object.hasOwn(STOP_REASONS, reason) ? STOP_REASONS[reason] : 'stop';
}
`;
}

export function usage(p: string, P: string): string {
  return `import { getPath } from './${p}-json-path.js';

/**
 * @param {unknown} payload
 * @param {{ promptTokens: string | null, completionTokens: string | null, totalTokens: string | null }} paths
 * @returns {import('llmux').Usage | undefined}
 */
export function map${P}Usage(payload, paths) {
  const prompt = getPath(payload, paths.promptTokens);
  const completion = getPath(payload, paths.completionTokens);
  const total = getPath(payload, paths.totalTokens);
  if (typeof prompt !== 'number' && typeof completion !== 'number' && typeof total !== 'number') return undefined;
  const prompt_tokens = typeof prompt === 'number' ? prompt : 0;
  const completion_tokens = typeof completion === 'number' ? completion : 0;
  return { prompt_tokens, completion_tokens, total_tokens: typeof total === 'number' ? total : prompt_tokens + completion_tokens };
}
`;
}

export function mapError(spec: ProviderSpec, P: string): string {
  const s = spec.stream;
  return `import {
  AuthenticationError,
  BadRequestError,
  ContentPolicyViolationError,
  ContextWindowExceededError,
  InternalServerError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  ServiceUnavailableError,
} from 'llmux';
import { classifyErrorCause, errorPayloadText, mapHttpError, parseErrorBody } from 'llmux/adapter-kit';
import { getPath } from './${spec.provider}-json-path.js';

const ERRORS = ${J({ messagePath: spec.errors.messagePath, codePath: spec.errors.codePath, retryAfterHeader: spec.errors.retryAfterHeader?.toLowerCase() ?? null, retryAfterUnit: spec.errors.retryAfterUnit })};
const STREAM_ERRORS = ${J({ messagePath: s.errorMessagePath, codePath: s.errorCodePath })};
const CODES = ${J(Object.fromEntries(spec.errors.codes.map((c) => [c.code, c.error])))};
const CLASSES = { AuthenticationError, BadRequestError, ContentPolicyViolationError, ContextWindowExceededError, InternalServerError, NotFoundError, PermissionDeniedError, RateLimitError, ServiceUnavailableError };
/** The status each class stands for: an error inside a 200 stream is mapped as if it had come with it. */
const STATUS = { AuthenticationError: 401, BadRequestError: 400, ContentPolicyViolationError: 400, ContextWindowExceededError: 400, InternalServerError: 500, NotFoundError: 404, PermissionDeniedError: 403, RateLimitError: 429, ServiceUnavailableError: 503 };

/**
 * An error answer (status >= 400) as a typed error, by llmux's own mapping (keys redacted,
 * message and body bounded, Retry-After, request id), reading ${spec.provider}'s message and code paths.
 * @param {import('llmux/adapter-kit').HttpErrorInput} input
 * @returns {import('llmux').LlmuxError}
 */
export function map${P}Error(input) {
  return mapAnswer({ ...input, headers: withRetryAfter(input.headers) }, ERRORS);
}

/**
 * An error reported inside a 200 stream.
 * @param {unknown} payload the stream event that reported it
 * @param {import('llmux').AdapterContext} context
 * @returns {import('llmux').LlmuxError}
 */
export function map${P}StreamError(payload, context) {
  const code = codeOf(getPath(payload, STREAM_ERRORS.codePath));
  const named = code !== undefined && Object.hasOwn(CODES, code) ? CODES[code] : 'InternalServerError';
  const input = { status: STATUS[named] ?? 500, headers: {}, bodyText: errorPayloadText(payload), provider: context.provider, model: context.model, secrets: context.secrets };
  return mapAnswer(input, STREAM_ERRORS);
}

/**
 * @param {import('llmux/adapter-kit').HttpErrorInput} input
 * @param {{ messagePath: string | null, codePath: string | null }} paths
 */
function mapAnswer(input, paths) {
  /** @type {string | undefined} the class the provider's code names */
  let named;
  /** @type {(text: string, secrets: readonly (string | undefined)[]) => import('llmux/adapter-kit').ParsedErrorBody} */
  const parse = (text, secrets) => {
    const parsed = parseErrorBody(text, secrets);
    const message = getPath(parsed.body, paths.messagePath);
    const code = codeOf(getPath(parsed.body, paths.codePath));
    if (code !== undefined && Object.hasOwn(CODES, code)) named = CODES[code];
    return { ...parsed, message: typeof message === 'string' && message !== '' ? message : parsed.message, code: code ?? parsed.code };
  };
  /** @type {(parsed: import('llmux/adapter-kit').ParsedErrorBody) => import('llmux/adapter-kit').ErrorCause} */
  const classify = (parsed) => (named === 'ContextWindowExceededError' ? 'context_window' : named === 'ContentPolicyViolationError' ? 'content_policy' : classifyErrorCause(parsed));
  const error = mapHttpError(input, classify, parse);
  const ErrorClass = named === undefined ? undefined : CLASSES[named];
  if (ErrorClass === undefined || error.constructor === ErrorClass) return error;
  // The provider's code names a class the status alone does not (a 400 that means "rate limited").
  const { status, provider, model, requestId, retryAfterMs, providerMessage, code, body } = error;
  const retryable = ErrorClass === ContextWindowExceededError || ErrorClass === ContentPolicyViolationError ? false : error.retryable;
  return new ErrorClass(error.message, { status, provider, model, requestId, retryable, retryAfterMs, providerMessage, code, body });
}

/**
 * The headers with ${spec.provider}'s own retry hint as \`retry-after-ms\`, which llmux's mapping reads first.
 * @param {Readonly<Record<string, string | undefined>>} headers
 */
function withRetryAfter(headers) {
  const value = ERRORS.retryAfterHeader === null ? undefined : headers[ERRORS.retryAfterHeader];
  const n = Number(value);
  if (value === undefined || value.trim() === '' || !Number.isFinite(n) || n < 0 || headers['retry-after-ms'] !== undefined) return headers;
  return { ...headers, 'retry-after-ms': String(ERRORS.retryAfterUnit === 'milliseconds' ? n : n * 1000) };
}

/** @param {unknown} value */
function codeOf(value) {
  return typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
}
`;
}
