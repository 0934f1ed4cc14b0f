import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  APITimeoutError,
  AuthenticationError,
  BadRequestError,
  ContentPolicyViolationError,
  ContextWindowExceededError,
  InternalServerError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  ServiceUnavailableError,
} from '../../../src/base/errors.js';
import { mapOpenRouterError, statusForOpenRouterError } from '../../../src/providers/openrouter/map-openrouter-error.js';
import { mapOpenRouterInlineError } from '../../../src/providers/openrouter/map-openrouter-inline-error.js';

const KEY = 'sk-or-v1-0123456789abcdef-sentinel-0123456789abcdef';
const MODEL = 'anthropic/claude-sonnet-4.5';

function map(status: number, body: unknown, headers: Record<string, string> = {}) {
  return mapOpenRouterError({
    status,
    headers,
    bodyText: typeof body === 'string' ? body : JSON.stringify(body),
    provider: 'openrouter',
    model: MODEL,
    secrets: [KEY],
  });
}

function assertNoKey(e: unknown): void {
  const text = `${String(e)} ${JSON.stringify(e)} ${JSON.stringify((e as { body?: unknown }).body)} ${(e as { providerMessage?: string }).providerMessage}`;
  assert.ok(!text.includes(KEY), 'the key must never appear in an error');
}

describe('mapOpenRouterError', () => {
  it('402 -> BadRequestError that says credits, carries the code, and is not retried', () => {
    const e = map(402, {
      error: {
        code: 402,
        message: 'This request requires more credits, or fewer max_tokens. You requested up to 64000 tokens, but can only afford 1234.',
        metadata: { limit_source: 'openrouter_credits' },
      },
    });
    assert.ok(e instanceof BadRequestError);
    assert.equal(e.name, 'BadRequestError');
    assert.equal(e.status, 402);
    assert.equal(e.code, '402');
    assert.equal(e.retryable, false);
    assert.match(e.message, /^402 from openrouter \(anthropic\/claude-sonnet-4\.5\): This request requires more credits/);
    assert.match(e.message, /insufficient credits/);
    assert.match(e.providerMessage ?? '', /^This request requires more credits/);
  });

  it('402 stays non-retryable even if a proxy says to retry', () => {
    assert.equal(map(402, { error: { code: 402, message: 'Insufficient credits' } }, { 'x-should-retry': 'true' }).retryable, false);
  });

  it('403 moderation flag -> ContentPolicyViolationError with the reasons and the provider in the message', () => {
    const e = map(403, {
      error: {
        code: 403,
        message: 'anthropic/claude-sonnet-4.5 requires moderation on Anthropic. Your input was flagged for "violence/graphic".',
        metadata: {
          reasons: ['violence/graphic', 'harassment'],
          flagged_input: 'a graphic description of...',
          provider_name: 'Anthropic',
          model_slug: MODEL,
        },
      },
    });
    assert.ok(e instanceof ContentPolicyViolationError);
    assert.equal(e.status, 403);
    assert.equal(e.retryable, false);
    assert.match(e.message, /flagged for: violence\/graphic, harassment/);
    assert.match(e.message, /upstream provider: Anthropic/);
    // The flagged text stays in the body (not the message, which ends up in logs).
    assert.ok(!e.message.includes('a graphic description'));
    assert.equal(
      (e.body as { error: { metadata: { flagged_input: string } } }).error.metadata.flagged_input,
      'a graphic description of...',
    );
  });

  it('403 without moderation metadata (a disabled key, a guardrail) stays a permission error', () => {
    const e = map(403, { error: { code: 403, message: 'Key is disabled' } });
    assert.ok(e instanceof PermissionDeniedError);
    assert.ok(!(e instanceof ContentPolicyViolationError));
  });

  it('408 -> APITimeoutError, retryable', () => {
    const e = map(408, { error: { code: 408, message: 'Request timed out' } });
    assert.ok(e instanceof APITimeoutError);
    assert.equal(e.status, 408);
    assert.equal(e.retryable, true);
  });

  it('429 -> RateLimitError with the Retry-After hint', () => {
    const e = map(
      429,
      { error: { code: 429, message: 'Rate limit exceeded: free-models-per-min', metadata: { provider_name: null } } },
      { 'retry-after': '7' },
    );
    assert.ok(e instanceof RateLimitError);
    assert.equal(e.retryable, true);
    assert.equal(e.retryAfterMs, 7000);
    assert.ok(!/upstream provider/.test(e.message), 'a null provider_name adds nothing');
  });

  it('502 upstream provider down -> retryable InternalServerError naming the provider', () => {
    const e = map(502, {
      error: {
        code: 502,
        message: 'Provider returned error',
        metadata: { provider_name: 'Google', raw: '{"error":{"code":500,"message":"Internal error"}}' },
      },
    });
    assert.ok(e instanceof InternalServerError);
    assert.ok(!(e instanceof ServiceUnavailableError));
    assert.equal(e.retryable, true);
    assert.equal(e.message, '502 from openrouter (anthropic/claude-sonnet-4.5): Provider returned error (upstream provider: Google)');
  });

  it('503 no provider available -> ServiceUnavailableError, retryable', () => {
    const e = map(503, { error: { code: 503, message: 'No endpoints found that can handle the requested parameters.' } });
    assert.ok(e instanceof ServiceUnavailableError);
    assert.equal(e.retryable, true);
  });

  it('the usual classes for 400 (context window), 401 and 404', () => {
    assert.ok(
      map(400, {
        error: {
          code: 400,
          message: "This endpoint's maximum context length is 200000 tokens. However, you requested about 250123 tokens.",
        },
      }) instanceof ContextWindowExceededError,
    );
    assert.ok(map(401, { error: { code: 401, message: 'No auth credentials found' } }) instanceof AuthenticationError);
    assert.ok(map(404, { error: { code: 404, message: 'No endpoints found for foo/bar.' } }) instanceof NotFoundError);
  });

  it('keeps the generation id as the request id', () => {
    assert.equal(
      map(502, { error: { code: 502, message: 'x' } }, { 'x-generation-id': 'gen-123', 'cf-ray': 'ray-1' }).requestId,
      'gen-123',
    );
    assert.equal(
      map(502, { error: { code: 502, message: 'x' } }, { 'x-request-id': 'req-1', 'x-generation-id': 'gen-123' }).requestId,
      'req-1',
    );
  });

  it('never shows the key, wherever the body echoes it', () => {
    const e = map(401, { error: { code: 401, message: `Invalid key ${KEY}`, metadata: { provider_name: `${KEY}`, raw: KEY } } });
    assertNoKey(e);
  });
});

describe('statusForOpenRouterError', () => {
  it('reads the status from the code, numeric or not', () => {
    assert.equal(statusForOpenRouterError({ code: 502 }), 502);
    assert.equal(statusForOpenRouterError({ code: '429' }), 429);
    assert.equal(statusForOpenRouterError({ code: 'rate_limit_exceeded' }), 429);
    assert.equal(statusForOpenRouterError({ code: 'context_length_exceeded' }), 400);
    assert.equal(statusForOpenRouterError({ code: 'server_error' }), 502);
    assert.equal(statusForOpenRouterError({}), 502);
    assert.equal(statusForOpenRouterError('boom'), 502);
    assert.equal(statusForOpenRouterError({ code: 200 }), 502, 'a success code is no error status');
  });
});

describe('mapOpenRouterInlineError', () => {
  const context = { provider: 'openrouter', model: MODEL, secrets: [KEY], requestId: 'gen-1' };
  const chunk = (extra: Record<string, unknown>, choice: Record<string, unknown> = {}) => ({
    id: 'gen-1',
    object: 'chat.completion.chunk',
    created: 1,
    model: MODEL,
    choices: [{ index: 0, delta: { content: '' }, finish_reason: null, ...choice }],
    ...extra,
  });

  it('a normal chunk reports nothing', () => {
    assert.equal(mapOpenRouterInlineError(chunk({}), context), undefined);
    assert.equal(mapOpenRouterInlineError(chunk({}, { finish_reason: 'stop' }), context), undefined);
    assert.equal(mapOpenRouterInlineError({ choices: [], usage: { cost: 0.1 } }, context), undefined);
    assert.equal(mapOpenRouterInlineError(chunk({ error: null }), context), undefined);
  });

  it('an error chunk with a numeric code -> that status (502: retryable InternalServerError)', () => {
    const e = mapOpenRouterInlineError(
      chunk(
        { error: { code: 502, message: 'Provider returned error', metadata: { provider_name: 'Google' } } },
        { finish_reason: 'error' },
      ),
      context,
    );
    assert.ok(e instanceof InternalServerError);
    assert.equal(e.status, 502);
    assert.equal(e.requestId, 'gen-1');
    assert.match(e.message, /Provider returned error \(upstream provider: Google\)/);
  });

  it('an error chunk with a word for a code (as in OpenRouter’s streaming docs)', () => {
    const e = mapOpenRouterInlineError(
      chunk({ error: { code: 'server_error', message: 'Provider disconnected unexpectedly' } }, { finish_reason: 'error' }),
      context,
    );
    assert.ok(e instanceof InternalServerError);
    assert.equal(e.code, 'server_error');
    assert.match(e.message, /Provider disconnected unexpectedly/);
  });

  it('finish_reason "error" without any error object is still an error', () => {
    const e = mapOpenRouterInlineError(chunk({}, { finish_reason: 'error', native_finish_reason: 'SAFETY_TIMEOUT' }), context);
    assert.ok(e instanceof InternalServerError);
    assert.match(e.message, /finish_reason "error" \(upstream reason: SAFETY_TIMEOUT\)/);
  });

  it('an error on the choice of a whole response', () => {
    const response = {
      id: 'gen-2',
      object: 'chat.completion',
      choices: [
        {
          index: 0,
          message: { role: 'assistant', content: 'Partial' },
          finish_reason: 'error',
          error: { code: 429, message: 'Upstream rate limited' },
        },
      ],
    };
    const e = mapOpenRouterInlineError(response, context);
    assert.ok(e instanceof RateLimitError);
  });
});
