/**
 * Generic mapping from an HTTP error response to a typed error. Provider modules call it with
 * their own `classify` hook for causes that only their bodies reveal (context window, policy).
 */
import {
  AuthenticationError,
  BadRequestError,
  ContentPolicyViolationError,
  ContextWindowExceededError,
  InternalServerError,
  type LlmuxError,
  type LlmuxErrorOptions,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  ServiceUnavailableError,
} from '../base/errors.js';
import { describeNotFound } from './describe-not-found.js';
import { MAX_ERROR_BODY_CHARS, MAX_ERROR_MESSAGE_CHARS, redactBounded, redactValue } from './redact.js';
import { parseRetryAfter } from './retry-timing.js';

/** What an error response looked like on the wire. */
export interface HttpErrorInput {
  status: number;
  /** Lower-cased response headers. */
  headers: Readonly<Record<string, string | undefined>>;
  bodyText: string;
  provider: string;
  model?: string | undefined;
  /** Values to scrub from messages and bodies (the client's keys). */
  secrets?: readonly (string | undefined)[];
  /** The URL requested; a 404's message names it (origin and path only). */
  url?: string | undefined;
}

/** The useful parts of an error body, whatever its dialect. */
export interface ParsedErrorBody {
  message: string | undefined;
  code: string | undefined;
  type: string | undefined;
  body: unknown;
}

export type ErrorCause = 'context_window' | 'content_policy' | undefined;
type ErrorClass = new (message: string, options?: LlmuxErrorOptions) => LlmuxError;

const MAX_BODY_SNIPPET = 200;
/** Codes and request ids are short words; anything longer is a hostile or broken server. */
const MAX_ID_CHARS = 256;

/**
 * Extracts message/code/type from the dialects seen in the wild: OpenAI `{error:{message,code,type}}`,
 * Anthropic `{type:'error',error:{type,message}}`, `{error:'text'}`, `{message}`, `{detail}`,
 * arrays of those (some gateways), and non-JSON bodies (an HTML proxy page -> its title).
 * `secrets` are scrubbed from a non-JSON body before it is cut to a snippet (a cut key would
 * no longer match); the other fields are raw, for {@link mapHttpError} to redact.
 */
export function parseErrorBody(text: string, secrets: readonly (string | undefined)[] = []): ParsedErrorBody {
  let json: unknown;
  try {
    json = text.length > 0 ? JSON.parse(text) : undefined;
  } catch {
    return { message: describeNonJson(text, secrets), code: undefined, type: undefined, body: undefined };
  }
  const root = Array.isArray(json) ? json[0] : json;
  if (root === null || typeof root !== 'object') {
    return { message: typeof root === 'string' ? root : undefined, code: undefined, type: undefined, body: json };
  }
  const obj = root as Record<string, unknown>;
  const inner = obj['error'];
  const err = inner !== null && typeof inner === 'object' ? (inner as Record<string, unknown>) : obj;
  const message = str(err['message']) ?? (typeof inner === 'string' ? inner : undefined) ?? str(obj['message']) ?? detail(obj['detail']);
  const code = str(err['code']) ?? num(err['code']) ?? str(obj['code']);
  const type = str(err['type']) ?? (obj['type'] !== 'error' ? str(obj['type']) : undefined);
  return { message, code, type, body: json };
}

/** Words that mark an over-long prompt, across OpenAI, compatible servers and gateways. */
const CONTEXT_PATTERNS =
  /context length|context_length_exceeded|context window|maximum context|prompt is too long|too many tokens|reduce the length|input is too long|exceeds the (?:model's )?(?:maximum|max)|string_above_max_length|too large for model/i;
const POLICY_PATTERNS =
  /content_policy|content policy|content management policy|content filtering policy|safety system|flagged|content_filter/i;

/** Default classification from code and message text; providers may add their own first. */
export function classifyErrorCause(parsed: ParsedErrorBody): ErrorCause {
  const haystack = `${parsed.code ?? ''} ${parsed.type ?? ''} ${parsed.message ?? ''}`;
  if (CONTEXT_PATTERNS.test(haystack)) return 'context_window';
  if (POLICY_PATTERNS.test(haystack)) return 'content_policy';
  return undefined;
}

/**
 * Maps an HTTP error response to the right error class. Pure: no I/O. `classify` names causes
 * only the provider's words reveal; `parse` reads a body whose message or code sits where
 * {@link parseErrorBody} does not look (it returns raw fields: the mapping redacts them).
 */
export function mapHttpError(
  input: HttpErrorInput,
  classify: (parsed: ParsedErrorBody, status: number) => ErrorCause = (p) => classifyErrorCause(p),
  parse: (text: string, secrets: readonly (string | undefined)[]) => ParsedErrorBody = parseErrorBody,
): LlmuxError {
  const { status, headers, provider, model } = input;
  const secrets = input.secrets ?? [];
  const parsed = parse(input.bodyText, secrets);
  const cause = status === 400 || status === 413 || status === 422 || status === 403 ? classify(parsed, status) : undefined;
  const ErrorType = pickClass(status, cause);
  // Redacted whole, then bounded: a provider may send a 2 MiB message with the key anywhere in it.
  const providerMessage = parsed.message === undefined ? undefined : redactBounded(parsed.message, secrets, MAX_ERROR_MESSAGE_CHARS);
  const retryAfterMs = parseRetryAfter(headers);
  const shouldRetry = headers['x-should-retry'];
  const retryable = shouldRetry === 'true' ? true : shouldRetry === 'false' ? false : isRetryableStatus(status);
  const rawRequestId = headers['x-request-id'] ?? headers['request-id'] ?? headers['x-amzn-requestid'] ?? headers['cf-ray'];
  const requestId = rawRequestId === undefined ? undefined : redactBounded(rawRequestId, secrets, MAX_ID_CHARS);
  const rawCode = parsed.code ?? parsed.type;
  const label = `${provider}${model === undefined ? '' : ` (${model})`}`;
  const where = status === 404 && input.url !== undefined ? describeNotFound(input.url, secrets) : '';
  const message = `${status} from ${label}: ${providerMessage ?? 'no error message in the response'}${where}`;
  return new ErrorType(message, {
    status,
    provider,
    model,
    requestId,
    retryable,
    retryAfterMs,
    providerMessage,
    code: rawCode === undefined ? undefined : redactBounded(rawCode, secrets, MAX_ID_CHARS),
    body: redactValue(parsed.body, secrets, { maxStringChars: MAX_ERROR_MESSAGE_CHARS, maxTotalChars: MAX_ERROR_BODY_CHARS }),
  });
}

/**
 * JSON text of an error payload that arrived inside a stream or a 200 body, to hand to a mapper
 * as `bodyText`. A payload nested deeper than `JSON.stringify` can recurse is cut to a bounded
 * depth first, so a hostile payload still becomes a typed error, not a `RangeError`.
 */
export function errorPayloadText(payload: unknown): string {
  try {
    return JSON.stringify(payload) ?? '';
  } catch {
    return JSON.stringify(redactValue(payload, [], { maxTotalChars: MAX_ERROR_BODY_CHARS })) ?? '';
  }
}

/** 408, 409, 429 and 5xx are worth another try; everything else will fail the same way again. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 409 || status === 429 || status >= 500;
}

function pickClass(status: number, cause: ErrorCause): ErrorClass {
  if (cause === 'context_window') return ContextWindowExceededError;
  if (cause === 'content_policy') return ContentPolicyViolationError;
  if (status === 401) return AuthenticationError;
  if (status === 403) return PermissionDeniedError;
  if (status === 404) return NotFoundError;
  if (status === 429) return RateLimitError;
  if (status === 503 || status === 529) return ServiceUnavailableError;
  if (status >= 500) return InternalServerError;
  return BadRequestError;
}

function describeNonJson(text: string, secrets: readonly (string | undefined)[]): string | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  const title = /<title>([^<]*)<\/title>/i.exec(trimmed)?.[1]?.trim();
  if (title !== undefined && title !== '') return `non-JSON error page: ${redactBounded(title, secrets, MAX_BODY_SNIPPET)}`;
  return `non-JSON error body: ${redactBounded(trimmed.replace(/\s+/g, ' '), secrets, MAX_BODY_SNIPPET)}`;
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

function num(v: unknown): string | undefined {
  return typeof v === 'number' ? String(v) : undefined;
}

function detail(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  // FastAPI-style validation errors (vLLM): [{msg, loc}]
  if (Array.isArray(v))
    return v.map((d) => (d && typeof d === 'object' ? str((d as Record<string, unknown>)['msg']) : undefined) ?? stringify(d)).join('; ');
  return undefined;
}

/** JSON text of a parsed value; a value nested too deep to stringify is described instead. */
function stringify(v: unknown): string {
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    return '[unprintable value]';
  }
}
