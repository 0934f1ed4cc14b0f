/**
 * Documented examples -> conformance fixtures in the kit's format (`spec-derived:`), one per
 * example. The body stays byte for byte as documented; only the content type is filled in when
 * the docs left it out, and an SSE body gets its final blank line. Pure.
 */
import type { ChatCompletionMessageParam, ChatRequest } from '../types.js';
import type { ConformanceFixture, ExpectedOutcome } from '../testing/fixture-types.js';
import type { DocExample } from './doc-examples.js';

export function deriveFixtures(examples: readonly DocExample[], origin: string): ConformanceFixture[] {
  return examples.map((example) => deriveFixture(example, origin));
}

export function deriveFixture(example: DocExample, origin: string): ConformanceFixture {
  const messages: ChatCompletionMessageParam[] = [];
  if (example.request.system !== null) messages.push({ role: 'system', content: example.request.system });
  messages.push({ role: 'user', content: example.request.user });
  const request: ChatRequest = { model: example.request.model, messages, ...(example.request.maxTokens === null ? {} : { max_tokens: example.request.maxTokens }) };
  const isError = example.response.status >= 400;
  const headers: Record<string, string> = {};
  for (const { name, value } of example.response.headers) headers[name.toLowerCase()] = value;
  let body = example.response.body.replace(/\r\n/g, '\n');
  if (headers['content-type'] === undefined) headers['content-type'] = contentTypeOf(body);
  if (headers['content-type'].includes('event-stream') && !body.endsWith('\n\n')) body = `${body.replace(/\n*$/, '')}\n\n`;
  if (headers['content-type'].includes('ndjson') && !body.endsWith('\n')) body = `${body}\n`;
  const expect: ExpectedOutcome = {};
  if (isError && example.expect.error !== null) {
    const e = example.expect.error;
    expect.error = {
      name: e.name,
      status: e.status ?? example.response.status,
      ...(e.retryAfterMs === null ? {} : { retryAfterMs: e.retryAfterMs }),
      ...(e.retryable === null ? {} : { retryable: e.retryable }),
    };
  } else {
    expect.response = {
      ...(example.expect.content === null ? {} : { content: example.expect.content }),
      ...(example.expect.finishReason === null ? {} : { finish_reason: example.expect.finishReason }),
      ...(example.expect.usage === null ? {} : { usage: example.expect.usage }),
    };
  }
  return {
    id: example.id,
    source: `spec-derived: ${origin}`,
    description: example.description,
    stream: isError ? 'both' : example.stream,
    request,
    expectRequest: { path: example.path, authHeader: example.authHeader.toLowerCase() },
    response: { status: example.response.status, headers, body },
    expect,
  };
}

/** SSE when the body has `data:` lines, NDJSON when it is several JSON lines, else JSON or text. */
function contentTypeOf(body: string): string {
  if (/^(?:data|event):/m.test(body)) return 'text/event-stream';
  const lines = body.split('\n').filter((l) => l.trim() !== '');
  if (lines.length > 1 && lines.every((l) => /^\s*\{.*\}\s*$/.test(l))) return 'application/x-ndjson';
  return /^\s*[[{]/.test(body) ? 'application/json' : 'text/plain; charset=utf-8';
}
