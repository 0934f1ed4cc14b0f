/**
 * OpenRouter error bodies (`{error:{code, message, metadata}}`) -> typed errors. Pure.
 *
 * Beyond the shared HTTP mapping: a 402 says plainly that credits ran out (not retryable), a
 * 403 moderation flag is a content-policy error, a 408 (OpenRouter gave up waiting for the
 * model) is a retryable timeout, and the upstream provider OpenRouter names is kept in the
 * message, since "which provider failed" is the first question when routing across several.
 */
import { APITimeoutError, type LlmuxError, type LlmuxErrorOptions } from '../../base/errors.js';
import { type ErrorCause, type HttpErrorInput, type ParsedErrorBody, mapHttpError, parseErrorBody } from '../../util/map-http-error.js';
import { redactBounded } from '../../util/redact.js';
import { classifyOpenAIError } from '../openai/map-openai-error.js';

type ErrorClass = new (message: string, options?: LlmuxErrorOptions) => LlmuxError;

/** A 403 whose metadata lists moderation reasons is a moderation flag, not a permission problem. */
function classifyOpenRouterError(parsed: ParsedErrorBody, status: number): ErrorCause {
  if (status === 403 && Array.isArray(metadataOf(parsed)?.['reasons'])) return 'content_policy';
  return classifyOpenAIError(parsed);
}

export function mapOpenRouterError(input: HttpErrorInput): LlmuxError {
  let headers = input.headers;
  // The generation id is what OpenRouter's activity page and support ask for.
  const generationId = headers['x-generation-id'];
  if (headers['x-request-id'] === undefined && generationId !== undefined) headers = { ...headers, 'x-request-id': generationId };
  const base = mapHttpError({ ...input, headers }, classifyOpenRouterError);
  const parsed = parseErrorBody(input.bodyText);
  const metadata = metadataOf(parsed);
  const notes: string[] = [];
  let ErrorType = base.constructor as ErrorClass;
  let retryable = base.retryable;

  if (input.status === 402) {
    notes.push('the OpenRouter account or key has insufficient credits: add credits or raise the key limit, then retry');
    retryable = false;
  } else if (input.status === 408) {
    ErrorType = APITimeoutError;
  }
  const reasons = metadata?.['reasons'];
  if (Array.isArray(reasons) && reasons.length > 0) notes.push(`flagged for: ${reasons.map(describeReason).join(', ')}`);
  const providerName = metadata?.['provider_name'];
  if (typeof providerName === 'string' && providerName !== '') notes.push(`upstream provider: ${providerName}`);
  if (notes.length === 0 && ErrorType === base.constructor) return base;

  const message = notes.length === 0 ? base.message : `${base.message} (${redactBounded(notes.join('; '), input.secrets ?? [])})`;
  return new ErrorType(message, {
    status: base.status,
    provider: base.provider,
    model: base.model,
    requestId: base.requestId,
    retryable,
    retryAfterMs: base.retryAfterMs,
    providerMessage: base.providerMessage,
    code: base.code,
    body: base.body,
  });
}

/**
 * The status an error reported inside a 200 stands for. OpenRouter puts the HTTP status in
 * `code`; a few stream errors carry a word instead (`server_error`), and a generation that
 * failed upstream after it started is what OpenRouter's own 502 means.
 */
export function statusForOpenRouterError(error: unknown): number {
  const code = error !== null && typeof error === 'object' ? (error as { code?: unknown }).code : undefined;
  if (typeof code === 'number' && code >= 400 && code < 600) return code;
  const word = typeof code === 'string' ? code : '';
  if (/^\d{3}$/.test(word)) return Number(word);
  if (/rate_limit/.test(word)) return 429;
  if (/context_length|invalid_request|bad_request/.test(word)) return 400;
  if (/timeout/.test(word)) return 408;
  return 502;
}

/** A reason as text; a nested value is not spelled out (its `toString` can recurse without bound). */
function describeReason(reason: unknown): string {
  return typeof reason === 'string' || typeof reason === 'number' || typeof reason === 'boolean' ? String(reason) : typeof reason;
}

function metadataOf(parsed: ParsedErrorBody): Record<string, unknown> | undefined {
  const body = parsed.body as { error?: { metadata?: unknown } } | undefined;
  const metadata = body !== null && typeof body === 'object' ? body.error?.metadata : undefined;
  return metadata !== null && typeof metadata === 'object' && !Array.isArray(metadata) ? (metadata as Record<string, unknown>) : undefined;
}
