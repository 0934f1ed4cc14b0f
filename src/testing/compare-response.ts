/**
 * Expected vs actual for the parts of a result the checks look at: text, tool calls, usage,
 * finish reason, and errors. Every difference is reported with its path and both values. Pure.
 */
import { isDeepStrictEqual } from 'node:util';
import type { ModelResponse, PartialModelResponse } from '../base/types.js';
import { describeValue } from './describe-value.js';
import type { ExpectedError, ExpectedResponse } from './fixture-types.js';

export interface Difference {
  path: string;
  expected: unknown;
  actual: unknown;
}

export interface Comparison {
  differences: Difference[];
  /** The expected fields that were compared, and the same fields of the result. */
  expected: Record<string, unknown>;
  actual: Record<string, unknown>;
}

type AnyResponse = ModelResponse | PartialModelResponse;

const REPLACEMENT = '\uFFFD';

/** id, model, content and reasoning_content, as far as the fixture pins them. */
export function compareText(expected: ExpectedResponse, response: AnyResponse): Comparison {
  const message = response.choices[0]?.message;
  const picked: Record<string, unknown> = {};
  const got: Record<string, unknown> = {};
  if (expected.id !== undefined) {
    picked['id'] = expected.id;
    got['id'] = response.id;
  }
  if (expected.model !== undefined) {
    picked['model'] = expected.model;
    got['model'] = response.model;
  }
  if (expected.content !== undefined) {
    picked['content'] = expected.content;
    got['content'] = message?.content ?? null;
  }
  if (expected.reasoning_content !== undefined) {
    picked['reasoning_content'] = expected.reasoning_content;
    got['reasoning_content'] = message?.reasoning_content;
  }
  return compareFlat(picked, got);
}

export function compareFinishReason(expected: ExpectedResponse, response: AnyResponse): Comparison {
  return compareFlat({ finish_reason: expected.finish_reason }, { finish_reason: response.choices[0]?.finish_reason });
}

export function compareUsage(expected: ExpectedResponse, response: AnyResponse): Comparison {
  const differences: Difference[] = [];
  subset(expected.usage, response.usage, 'usage', differences);
  return { differences, expected: { usage: expected.usage }, actual: { usage: response.usage } };
}

/** Tool calls by position: id (when pinned), name, and arguments parsed as JSON. */
export function compareToolCalls(expected: ExpectedResponse, response: AnyResponse): Comparison {
  const wanted = expected.tool_calls ?? [];
  const calls = response.choices[0]?.message.tool_calls ?? [];
  const differences: Difference[] = [];
  const actual = calls.map((call) => ({ id: call.id, name: call.function.name, arguments: parseArguments(call.function.arguments) }));
  if (calls.length !== wanted.length) {
    differences.push({ path: 'tool_calls.length', expected: wanted.length, actual: calls.length });
  }
  wanted.forEach((want, i) => {
    const call = calls[i];
    if (call === undefined) return;
    if (want.id !== undefined && call.id !== want.id) differences.push({ path: `tool_calls[${i}].id`, expected: want.id, actual: call.id });
    if (call.function.name !== want.name)
      differences.push({ path: `tool_calls[${i}].function.name`, expected: want.name, actual: call.function.name });
    const parsed = parseArguments(call.function.arguments);
    if (parsed instanceof NotJSON) {
      differences.push({
        path: `tool_calls[${i}].function.arguments`,
        expected: JSON.stringify(want.arguments),
        actual: `not JSON: ${call.function.arguments}`,
      });
    } else if (!isDeepStrictEqual(parsed, want.arguments)) {
      differences.push({ path: `tool_calls[${i}].function.arguments`, expected: want.arguments, actual: parsed });
    }
  });
  return {
    differences,
    expected: { tool_calls: wanted },
    actual: { tool_calls: actual.map((a) => (a.arguments instanceof NotJSON ? { ...a, arguments: a.arguments.text } : a)) },
  };
}

/** The fields of a thrown value the checks compare, JSON-safe. */
export function summarizeError(error: unknown): Record<string, unknown> {
  if (error === null || typeof error !== 'object') return { name: typeof error, message: String(error) };
  const e = error as Record<string, unknown>;
  const out: Record<string, unknown> = { name: typeof e['name'] === 'string' ? e['name'] : 'Error' };
  for (const field of ['status', 'retryAfterMs', 'retryable', 'code', 'message'] as const) {
    if (e[field] !== undefined) out[field] = e[field];
  }
  return out;
}

/** The pinned fields of an expected error against the thrown one; `partialText` against what streamed before it. */
export function compareError(expected: ExpectedError, error: unknown, streamedText: string | undefined): Comparison {
  const actual = summarizeError(error);
  const picked: Record<string, unknown> = { name: expected.name };
  const got: Record<string, unknown> = { name: actual['name'] };
  for (const field of ['status', 'retryAfterMs', 'retryable', 'code'] as const) {
    if (expected[field] !== undefined) {
      picked[field] = expected[field];
      got[field] = actual[field];
    }
  }
  if (expected.partialText !== undefined) {
    picked['partialText'] = expected.partialText;
    got['partialText'] = streamedText ?? '';
  }
  const comparison = compareFlat(picked, got);
  comparison.actual['message'] = actual['message'];
  return comparison;
}

/** `a: expected X, got Y; b: ...`, with long strings shown around their first difference. */
export function describeDifferences(differences: readonly Difference[]): string {
  return differences.map(describeDifference).join('; ');
}

function describeDifference({ path, expected, actual }: Difference): string {
  const broken =
    typeof actual === 'string' && actual.includes(REPLACEMENT) && !(typeof expected === 'string' && expected.includes(REPLACEMENT));
  const note = broken ? ' (the result holds U+FFFD replacement characters: UTF-8 bytes were decoded piece by piece)' : '';
  if (typeof expected === 'string' && typeof actual === 'string' && (expected.length > 60 || actual.length > 60)) {
    return `${path}: ${describeStringDifference(expected, actual)}${note}`;
  }
  return `${path}: expected ${visible(describeValue(expected))}, got ${visible(describeValue(actual))}${note}`;
}

/** U+FFFD written out, so a terminal shows it rather than a box. */
function visible(text: string): string {
  return text.split(REPLACEMENT).join('\\ufffd');
}

/** Where two long strings part, with a little context on either side. */
export function describeStringDifference(expected: string, actual: string): string {
  let i = 0;
  while (i < expected.length && i < actual.length && expected[i] === actual[i]) i++;
  const from = Math.max(0, i - 20);
  const around = (s: string): string =>
    visible(JSON.stringify(`${from > 0 ? '…' : ''}${s.slice(from, i + 20)}${s.length > i + 20 ? '…' : ''}`));
  return `differs at character ${i} (expected length ${expected.length}, got ${actual.length}): expected ${around(expected)}, got ${around(actual)}`;
}

function compareFlat(expected: Record<string, unknown>, actual: Record<string, unknown>): Comparison {
  const differences: Difference[] = [];
  for (const [path, value] of Object.entries(expected)) {
    if (!isDeepStrictEqual(value, actual[path])) differences.push({ path, expected: value, actual: actual[path] });
  }
  return { differences, expected, actual };
}

/** Every field of `expected` (recursively) must equal the same field of `actual`. */
function subset(expected: unknown, actual: unknown, path: string, out: Difference[]): void {
  if (expected === undefined) return;
  if (expected !== null && typeof expected === 'object' && !Array.isArray(expected)) {
    if (actual === null || typeof actual !== 'object') {
      out.push({ path, expected, actual });
      return;
    }
    for (const [key, value] of Object.entries(expected)) subset(value, (actual as Record<string, unknown>)[key], `${path}.${key}`, out);
    return;
  }
  if (!isDeepStrictEqual(expected, actual)) out.push({ path, expected, actual });
}

class NotJSON {
  constructor(readonly text: string) {}
}

function parseArguments(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return new NotJSON(text);
  }
}
