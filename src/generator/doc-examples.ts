/**
 * The exchanges the provider's docs show (a response, a stream, error bodies), with what a
 * correct adapter must make of each. Extracted once, apart from the ProviderSpec, and turned into
 * conformance fixtures that stay fixed while the spec is refined: a wrong spec fails against them
 * instead of agreeing with itself.
 */
import type { JSONSchema } from '../base/types.js';
import { ERROR_NAMES, FINISH_REASONS, type SpecErrorName, type SpecFinishReason } from './provider-spec.js';
import { arr, bool, int, nint, nobj, nstr, obj, oneOf, str } from './schema-builders.js';
import { type JsonIssue, schemaWithCheck, validateJson } from './validate-json.js';

export interface DocExample {
  id: string;
  description: string;
  /** Whether the example is a streamed answer (an error example runs both ways regardless). */
  stream: boolean;
  /** The conversation the example answers, OpenAI-shaped. */
  request: {
    model: string;
    system: string | null;
    user: string;
    maxTokens: number | null;
    /** Tools offered; `parameters` is the JSON Schema as JSON text. */
    tools: { name: string; description: string | null; parameters: string | null }[];
    /** `auto`, `none`, `required`, or a tool's name to force it; null when the example sets none. */
    toolChoice: string | null;
    /** Earlier tool calls of the assistant (arguments as JSON text) and their results, sent back after the user turn. */
    toolResults: { id: string; name: string; arguments: string; result: string }[];
  };
  /** Where it must go: path relative to the base URL, and the header carrying the key. */
  path: string;
  authHeader: string;
  /** The request body the docs show for this exchange (JSON text): its top-level fields are pinned. Null when none is shown. */
  requestBody: string | null;
  response: { status: number; headers: { name: string; value: string }[]; body: string };
  expect: {
    content: string | null;
    /** Tool calls the answer makes (arguments as JSON text); [] for none. */
    toolCalls: { id: string | null; name: string; arguments: string }[];
    finishReason: SpecFinishReason | null;
    usage: { prompt_tokens: number; completion_tokens: number; total_tokens: number } | null;
    error: { name: SpecErrorName; status: number | null; retryAfterMs: number | null; retryable: boolean | null } | null;
  };
}

export interface DocExamples {
  examples: DocExample[];
}

export const DOC_EXAMPLES_SCHEMA: JSONSchema = obj({
  examples: arr(
    obj({
      id: str('short kebab-case id, unique'),
      description: str('what the example shows'),
      stream: bool('true for a streamed answer'),
      request: obj({
        model: str('model id used'),
        system: nstr('system prompt, or null'),
        user: str('the user message'),
        maxTokens: nint('output token limit, or null'),
        tools: arr(
          obj({
            name: str('function name'),
            description: nstr('description, or null'),
            parameters: nstr('JSON Schema of the arguments as JSON text, or null'),
          }),
          'tools the request offers, or []',
        ),
        toolChoice: nstr(
          'the tool choice as OpenAI says it: auto, none, required, or the name of the one tool to call; null when the example sets none',
        ),
        toolResults: arr(
          obj({
            id: str('the call id'),
            name: str('function name'),
            arguments: str('the arguments as JSON text'),
            result: str('the result text sent back'),
          }),
          'earlier tool calls and their results this request sends back (after the user message), or []',
        ),
      }),
      path: str('request path relative to the base URL, starting with /'),
      authHeader: str('header that carries the API key (lower-case)'),
      requestBody: nstr('the request body the docs show for exactly this exchange, as JSON text, or null when they show none'),
      response: obj({
        status: int('HTTP status'),
        headers: arr(
          obj({ name: str('header name'), value: str('value') }),
          'response headers that matter (content-type, retry-after-like headers)',
        ),
        body: str('the response body exactly as documented: JSON text, or the raw stream text with its event/data lines and blank lines'),
      }),
      expect: obj({
        content: nstr(
          'the full text a client must get (stream fragments joined), or null for an error or an answer that is only tool calls',
        ),
        toolCalls: arr(
          obj({
            id: nstr('call id, or null when the provider gives none'),
            name: str('function name'),
            arguments: str('the complete arguments as JSON text (stream fragments joined)'),
          }),
          'tool calls the answer makes, or []',
        ),
        finishReason: {
          type: ['string', 'null'],
          enum: [...FINISH_REASONS, null],
          description: 'the OpenAI finish_reason the documented stop reason means',
        },
        usage: nobj(
          { prompt_tokens: int('input tokens'), completion_tokens: int('output tokens'), total_tokens: int('sum') },
          'token usage the answer reports, or null',
        ),
        error: nobj(
          {
            name: oneOf(ERROR_NAMES, 'the llmux error class the answer must become'),
            status: nint('HTTP status'),
            retryAfterMs: nint('wait the answer asks for, in ms, or null'),
            retryable: { type: ['boolean', 'null'], description: 'whether a retry may succeed (429, 5xx)' },
          },
          'for an error answer, else null',
        ),
      }),
    }),
    'one entry per documented example exchange: a plain response, a streamed response, and each error body',
  ),
});

export function validateDocExamples(value: unknown): JsonIssue[] {
  const issues = validateJson(value, DOC_EXAMPLES_SCHEMA);
  if (issues.length > 0) return issues;
  const ids = new Set<string>();
  (value as DocExamples).examples.forEach((example, i) => {
    if (!/^[A-Za-z0-9._-]+$/.test(example.id) || ids.has(example.id))
      issues.push({ message: 'ids must be unique and use letters, digits, . _ -', path: ['examples', i, 'id'] });
    ids.add(example.id);
    if (!example.path.startsWith('/')) issues.push({ message: 'path must start with /', path: ['examples', i, 'path'] });
    const isError = example.response.status >= 400;
    if (isError && example.expect.error === null)
      issues.push({ message: 'an error status needs expect.error', path: ['examples', i, 'expect', 'error'] });
    if (!isError && example.expect.content === null && example.expect.toolCalls.length === 0)
      issues.push({ message: 'a successful answer needs expect.content or expect.toolCalls', path: ['examples', i, 'expect', 'content'] });
    const json = (text: string | null, path: (string | number)[], what: string, object = false): void => {
      if (text === null) return;
      try {
        const value = JSON.parse(text) as unknown;
        if (object && (value === null || typeof value !== 'object' || Array.isArray(value)))
          issues.push({ message: `${what} must be a JSON object`, path: ['examples', i, ...path] });
      } catch {
        issues.push({ message: `${what} must be JSON text`, path: ['examples', i, ...path] });
      }
    };
    json(example.requestBody, ['requestBody'], 'requestBody', true);
    example.request.tools.forEach((t, j) => json(t.parameters, ['request', 'tools', j, 'parameters'], 'parameters'));
    example.request.toolResults.forEach((t, j) => json(t.arguments, ['request', 'toolResults', j, 'arguments'], 'arguments'));
    example.expect.toolCalls.forEach((t, j) => json(t.arguments, ['expect', 'toolCalls', j, 'arguments'], 'arguments'));
  });
  if ((value as DocExamples).examples.length === 0) issues.push({ message: 'give at least one example', path: ['examples'] });
  return issues;
}

export const docExamplesSchema = schemaWithCheck<DocExamples, typeof DOC_EXAMPLES_SCHEMA>(DOC_EXAMPLES_SCHEMA, validateDocExamples);
