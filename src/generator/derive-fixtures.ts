/**
 * Documented examples -> conformance fixtures in the kit's format (`spec-derived:`), one per
 * example. The body stays byte for byte as documented; only the content type is filled in when
 * the docs left it out, and an SSE body gets its final blank line. Tools, a tool choice and tool
 * results sent back become the request's OpenAI fields; a documented request body is pinned. Pure.
 */
import type {
  ChatCompletionMessageParam,
  ChatCompletionTool,
  ChatCompletionToolChoiceOption,
  ChatRequest,
  JSONSchema,
} from '../base/types.js';
import type { ConformanceFixture, ExpectedOutcome } from '../testing/fixture-types.js';
import type { DocExample } from './doc-examples.js';

export function deriveFixtures(examples: readonly DocExample[], origin: string): ConformanceFixture[] {
  return examples.map((example) => deriveFixture(example, origin));
}

export function deriveFixture(example: DocExample, origin: string): ConformanceFixture {
  const r = example.request;
  const messages: ChatCompletionMessageParam[] = [];
  if (r.system !== null) messages.push({ role: 'system', content: r.system });
  messages.push({ role: 'user', content: r.user });
  if (r.toolResults.length > 0) {
    messages.push({
      role: 'assistant',
      content: null,
      tool_calls: r.toolResults.map((t) => ({ id: t.id, type: 'function', function: { name: t.name, arguments: t.arguments } })),
    });
    for (const t of r.toolResults) messages.push({ role: 'tool', tool_call_id: t.id, content: t.result });
  }
  const request: ChatRequest = {
    model: r.model,
    messages,
    ...(r.maxTokens === null ? {} : { max_tokens: r.maxTokens }),
    ...(r.tools.length === 0 ? {} : { tools: r.tools.map(toolOf) }),
    ...(r.toolChoice === null ? {} : { tool_choice: toolChoiceOf(r.toolChoice) }),
  };
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
    const calls = example.expect.toolCalls;
    expect.response = {
      ...(example.expect.content === null ? {} : { content: example.expect.content }),
      ...(calls.length === 0
        ? {}
        : {
            tool_calls: calls.map((c) => ({
              ...(c.id === null ? {} : { id: c.id }),
              name: c.name,
              arguments: JSON.parse(c.arguments) as unknown,
            })),
          }),
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
    expectRequest: { path: example.path, authHeader: example.authHeader.toLowerCase(), ...pinnedBody(example.requestBody) },
    response: { status: example.response.status, headers, body },
    expect,
  };
}

function toolOf(tool: DocExample['request']['tools'][number]): ChatCompletionTool {
  return {
    type: 'function',
    function: {
      name: tool.name,
      ...(tool.description === null ? {} : { description: tool.description }),
      ...(tool.parameters === null ? {} : { parameters: JSON.parse(tool.parameters) as JSONSchema }),
    },
  };
}

function toolChoiceOf(choice: string): ChatCompletionToolChoiceOption {
  return choice === 'auto' || choice === 'none' || choice === 'required' ? choice : { type: 'function', function: { name: choice } };
}

/** The documented body's top-level fields, pinned: the request conversion must produce them. */
function pinnedBody(text: string | null): { body?: Record<string, unknown> } {
  if (text === null) return {};
  const value = JSON.parse(text) as unknown;
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? { body: value as Record<string, unknown> } : {};
}

/** SSE when the body has `data:` lines, NDJSON when it is several JSON lines, else JSON or text. */
function contentTypeOf(body: string): string {
  if (/^(?:data|event):/m.test(body)) return 'text/event-stream';
  const lines = body.split('\n').filter((l) => l.trim() !== '');
  if (lines.length > 1 && lines.every((l) => /^\s*\{.*\}\s*$/.test(l))) return 'application/x-ndjson';
  return /^\s*[[{]/.test(body) ? 'application/json' : 'text/plain; charset=utf-8';
}
