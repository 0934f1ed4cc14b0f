import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  AuthenticationError,
  BadRequestError,
  ContentPolicyViolationError,
  ContextWindowExceededError,
  InternalServerError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  ServiceUnavailableError,
} from '../../src/base/errors.js';
import { parseErrorBody } from '../../src/util/map-http-error.js';
import { mapOpenAIError } from '../../src/providers/openai/map-openai-error.js';

const KEY = 'sk-proj-SENTINELsentinel0123456789abcdef';

function map(status: number, body: unknown, headers: Record<string, string> = {}) {
  return mapOpenAIError({
    status,
    headers,
    bodyText: typeof body === 'string' ? body : JSON.stringify(body),
    provider: 'openai',
    model: 'gpt-4o-mini',
    secrets: [KEY],
  });
}

describe('mapOpenAIError on real-shaped bodies', () => {
  it('401 invalid key -> AuthenticationError, not retryable, key redacted', () => {
    const e = map(
      401,
      {
        error: {
          message: `Incorrect API key provided: ${KEY}. You can find your API key at https://platform.openai.com/account/api-keys.`,
          type: 'invalid_request_error',
          param: null,
          code: 'invalid_api_key',
        },
      },
      { 'x-request-id': 'req_abc' },
    );
    assert.ok(e instanceof AuthenticationError);
    assert.equal(e.status, 401);
    assert.equal(e.retryable, false);
    assert.equal(e.code, 'invalid_api_key');
    assert.equal(e.requestId, 'req_abc');
    assert.equal(e.provider, 'openai');
    assert.equal(e.model, 'gpt-4o-mini');
    assert.ok(!e.message.includes(KEY) && !JSON.stringify(e.body).includes(KEY) && !(e.providerMessage ?? '').includes(KEY));
    assert.match(e.message, /^401 from openai \(gpt-4o-mini\): Incorrect API key provided: \[redacted\]/);
  });

  it('403 region -> PermissionDeniedError', () => {
    const e = map(403, {
      error: {
        code: 'unsupported_country_region_territory',
        message: 'Country, region, or territory not supported',
        param: null,
        type: 'request_forbidden',
      },
    });
    assert.ok(e instanceof PermissionDeniedError);
    assert.equal(e.providerMessage, 'Country, region, or territory not supported');
  });

  it('404 model -> NotFoundError', () => {
    const e = map(404, {
      error: {
        message: 'The model `gpt-9` does not exist or you do not have access to it.',
        type: 'invalid_request_error',
        param: null,
        code: 'model_not_found',
      },
    });
    assert.ok(e instanceof NotFoundError);
    assert.equal(e.code, 'model_not_found');
  });

  it('429 with retry-after -> RateLimitError, retryable, hint in ms', () => {
    const e = map(
      429,
      {
        error: {
          message: 'Rate limit reached for gpt-4o-mini on requests per min (RPM): Limit 3, Used 3, Requested 1. Please try again in 20s.',
          type: 'requests',
          param: null,
          code: 'rate_limit_exceeded',
        },
      },
      { 'retry-after': '20' },
    );
    assert.ok(e instanceof RateLimitError);
    assert.equal(e.retryable, true);
    assert.equal(e.retryAfterMs, 20_000);
  });

  it('429 retry-after-ms wins over retry-after', () => {
    const e = map(429, { error: { message: 'slow down' } }, { 'retry-after': '20', 'retry-after-ms': '150' });
    assert.equal(e.retryAfterMs, 150);
  });

  it('400 context_length_exceeded -> ContextWindowExceededError (a BadRequestError)', () => {
    const e = map(400, {
      error: {
        message:
          "This model's maximum context length is 128000 tokens. However, your messages resulted in 130000 tokens. Please reduce the length of the messages.",
        type: 'invalid_request_error',
        param: 'messages',
        code: 'context_length_exceeded',
      },
    });
    assert.ok(e instanceof ContextWindowExceededError);
    assert.ok(e instanceof BadRequestError);
    assert.equal(e.retryable, false);
  });

  it('vLLM and Mistral context errors are recognised by their wording', () => {
    const vllm = map(400, {
      object: 'error',
      message:
        "This model's maximum context length is 4096 tokens. However, you requested 5000 tokens (4000 in the messages, 1000 in the completion).",
      type: 'BadRequestError',
      param: null,
      code: 400,
    });
    assert.ok(vllm instanceof ContextWindowExceededError);
    assert.equal(vllm.code, '400');
    const mistral = map(400, {
      object: 'error',
      message: 'Prompt contains 40000 tokens and 0 draft tokens, too large for model with 32768 maximum context length',
      type: 'invalid_request_error',
      param: null,
      code: null,
    });
    assert.ok(mistral instanceof ContextWindowExceededError);
  });

  it('400 content_policy_violation -> ContentPolicyViolationError', () => {
    const e = map(400, {
      error: {
        message: 'Your request was rejected as a result of our safety system.',
        type: 'invalid_request_error',
        param: null,
        code: 'content_policy_violation',
      },
    });
    assert.ok(e instanceof ContentPolicyViolationError);
  });

  it('plain 400 stays BadRequestError', () => {
    const e = map(400, {
      error: {
        message: "Invalid type for 'temperature': expected a decimal, but got a string instead.",
        type: 'invalid_request_error',
        param: 'temperature',
        code: 'invalid_type',
      },
    });
    assert.equal(e.constructor, BadRequestError);
    assert.equal(e.code, 'invalid_type');
  });

  it('500 -> InternalServerError retryable; 503 and 529 -> ServiceUnavailableError', () => {
    const e500 = map(500, {
      error: {
        message: 'The server had an error while processing your request. Sorry about that!',
        type: 'server_error',
        param: null,
        code: null,
      },
    });
    assert.ok(e500 instanceof InternalServerError);
    assert.equal(e500.retryable, true);
    assert.equal(e500.code, 'server_error');
    assert.ok(
      map(503, { error: { message: 'The engine is currently overloaded, please try again later', type: 'server_error' } }) instanceof
        ServiceUnavailableError,
    );
    assert.ok(map(529, { error: { message: 'Overloaded' } }) instanceof ServiceUnavailableError);
  });

  it('an HTML 502 page from a proxy -> InternalServerError quoting its title', () => {
    const html =
      '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>cloudflare</center>\r\n</body>\r\n</html>\r\n';
    const e = map(502, html, { 'cf-ray': '8a1b2c3d4e5f-CDG', 'content-type': 'text/html' });
    assert.ok(e instanceof InternalServerError);
    assert.equal(e.retryable, true);
    assert.equal(e.providerMessage, 'non-JSON error page: 502 Bad Gateway');
    assert.equal(e.requestId, '8a1b2c3d4e5f-CDG');
  });

  it('a non-JSON text body is quoted, shortened', () => {
    const e = map(503, 'upstream connect error or disconnect/reset before headers. reset reason: connection termination');
    assert.ok(e instanceof ServiceUnavailableError);
    assert.match(e.providerMessage ?? '', /^non-JSON error body: upstream connect error/);
    const long = map(500, 'x'.repeat(5000));
    assert.ok((long.providerMessage ?? '').length < 260);
  });

  it('an empty body still yields a useful message', () => {
    const e = map(500, '');
    assert.match(e.message, /500 from openai \(gpt-4o-mini\): no error message/);
  });

  it('x-should-retry overrides the status rule', () => {
    assert.equal(map(400, { error: { message: 'x' } }, { 'x-should-retry': 'true' }).retryable, true);
    assert.equal(map(500, { error: { message: 'x' } }, { 'x-should-retry': 'false' }).retryable, false);
  });
});

describe('parseErrorBody dialects', () => {
  it('reads OpenAI, Anthropic, string, message, detail and array shapes', () => {
    assert.deepEqual(parseErrorBody('{"error":{"message":"m","type":"t","code":"c"}}').message, 'm');
    const anthropic = parseErrorBody('{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}');
    assert.equal(anthropic.message, 'Overloaded');
    assert.equal(anthropic.type, 'overloaded_error');
    assert.equal(parseErrorBody('{"error":"model not found"}').message, 'model not found');
    assert.equal(parseErrorBody('{"message":"plain"}').message, 'plain');
    assert.equal(parseErrorBody('{"detail":[{"loc":["body","messages"],"msg":"field required"}]}').message, 'field required');
    assert.equal(parseErrorBody('[{"error":{"message":"in array","code":400}}]').message, 'in array');
    assert.equal(parseErrorBody('[{"error":{"message":"in array","code":400}}]').code, '400');
  });
});
