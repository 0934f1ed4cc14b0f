import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  AuthenticationError,
  BadRequestError,
  ContextWindowExceededError,
  InternalServerError,
  RateLimitError,
  ServiceUnavailableError,
} from '../../../src/base/errors.js';
import { mapAnthropicError, statusForAnthropicErrorType } from '../../../src/providers/anthropic/map-anthropic-error.js';
import { API_KEY, MODEL } from './anthropic-test-support.js';

const body = (type: string, message: string) =>
  JSON.stringify({ type: 'error', error: { type, message }, request_id: 'req_011CSHoEeqs5C35K2UUqR7Fy' });
const map = (status: number, bodyText: string, headers: Record<string, string> = {}) =>
  mapAnthropicError({ status, headers, bodyText, provider: 'anthropic', model: MODEL, secrets: [API_KEY] });

describe('mapAnthropicError', () => {
  it('529 overloaded_error -> ServiceUnavailableError, retryable', () => {
    const error = map(529, body('overloaded_error', 'Overloaded'), { 'request-id': 'req_018EeWyXxfu5pfWkrYcMdjWG' });
    assert.ok(error instanceof ServiceUnavailableError);
    assert.ok(error instanceof InternalServerError);
    assert.equal(error.retryable, true);
    assert.equal(error.status, 529);
    assert.equal(error.code, 'overloaded_error');
    assert.equal(error.providerMessage, 'Overloaded');
    assert.equal(error.requestId, 'req_018EeWyXxfu5pfWkrYcMdjWG');
  });

  it('overloaded_error under another status is still ServiceUnavailableError', () => {
    const error = map(500, body('overloaded_error', 'Overloaded'));
    assert.ok(error instanceof ServiceUnavailableError);
    assert.equal(error.retryable, true);
    assert.equal(error.status, 500);
  });

  it('takes the request id from the body when the header is missing', () => {
    assert.equal(map(500, body('api_error', 'Internal server error')).requestId, 'req_011CSHoEeqs5C35K2UUqR7Fy');
  });

  it('413 request_too_large -> ContextWindowExceededError', () => {
    const error = map(413, body('request_too_large', 'Request exceeds the maximum allowed number of bytes.'));
    assert.ok(error instanceof ContextWindowExceededError);
    assert.equal(error.retryable, false);
  });

  it('400 "prompt is too long" -> ContextWindowExceededError; other 400s -> BadRequestError', () => {
    const long = map(400, body('invalid_request_error', 'prompt is too long: 208310 tokens > 200000 maximum'));
    assert.ok(long instanceof ContextWindowExceededError);
    assert.match(long.message, /^400 from anthropic \(claude-sonnet-4-5-20250929\): prompt is too long/);
    const other = map(400, body('invalid_request_error', 'messages.1.content.0.tool_result: unexpected `tool_use_id`'));
    assert.ok(other instanceof BadRequestError);
    assert.ok(!(other instanceof ContextWindowExceededError));
  });

  it('401 -> AuthenticationError with the key scrubbed if echoed', () => {
    const error = map(401, body('authentication_error', `invalid x-api-key: ${API_KEY}`));
    assert.ok(error instanceof AuthenticationError);
    assert.equal(error.retryable, false);
    assert.ok(!error.message.includes(API_KEY));
    assert.ok(!JSON.stringify(error.body).includes(API_KEY));
    assert.ok(!(error.providerMessage ?? '').includes(API_KEY));
  });

  it('429 -> RateLimitError with retry-after', () => {
    const error = map(429, body('rate_limit_error', 'Number of request tokens has exceeded your per-minute rate limit'), {
      'retry-after': '17',
    });
    assert.ok(error instanceof RateLimitError);
    assert.equal(error.retryable, true);
    assert.equal(error.retryAfterMs, 17_000);
  });

  it('an HTML 502 from a proxy -> InternalServerError naming the page', () => {
    const error = map(502, '<html><head><title>502 Bad Gateway</title></head><body><center>cloudflare</center></body></html>');
    assert.ok(error instanceof InternalServerError);
    assert.equal(error.retryable, true);
    assert.match(error.message, /502 Bad Gateway/);
  });

  it('knows the status of each documented error type', () => {
    assert.equal(statusForAnthropicErrorType('overloaded_error'), 529);
    assert.equal(statusForAnthropicErrorType('rate_limit_error'), 429);
    assert.equal(statusForAnthropicErrorType('invalid_request_error'), 400);
    assert.equal(statusForAnthropicErrorType('api_error'), 500);
    assert.equal(statusForAnthropicErrorType('brand_new_error'), 500);
    assert.equal(statusForAnthropicErrorType(undefined), 500);
  });
});
