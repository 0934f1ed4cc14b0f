/**
 * Turns one case's outcome into check results: what the adapter sent, then each aspect of what
 * it returned (text, tool calls, usage, stop reason, shape) or threw (error class, status,
 * retryAfterMs, key redaction). Pure.
 */
import { checkResponseShape, checkStreamShape } from './check-shape.js';
import {
  type Comparison,
  compareError,
  compareFinishReason,
  compareText,
  compareToolCalls,
  compareUsage,
  describeDifferences,
  summarizeError,
} from './compare-response.js';
import { CHECKS, type CheckId, type CheckResult } from './conformance-types.js';
import { describeValue } from './describe-value.js';
import type { ConformanceFixture, ExpectedResponse } from './fixture-types.js';
import { type CaseOutcome, type Mode, streamedText } from './run-case.js';

export function resultName(check: CheckId, fixture: ConformanceFixture | string, mode?: Mode): string {
  const id = typeof fixture === 'string' ? fixture : fixture.id;
  const both = typeof fixture !== 'string' && fixture.stream === 'both' && mode !== undefined;
  return `${CHECKS[check].title} [${id}]${both ? ` (${mode})` : ''}`;
}

export function evaluateCase(fixture: ConformanceFixture, outcome: CaseOutcome, apiKey: string, timeoutMs: number): CheckResult[] {
  const { mode } = outcome;
  const base = (check: CheckId): Pick<CheckResult, 'check' | 'name' | 'fixture' | 'mode' | 'durationMs'> => ({
    check,
    name: resultName(check, fixture, mode),
    fixture: fixture.id,
    mode,
    durationMs: Math.round(outcome.durationMs),
  });
  const checks = checksFor(fixture, mode, outcome.error !== undefined);
  if (outcome.skipped !== undefined) return checks.map((check) => ({ ...base(check), status: 'skip', message: outcome.skipped! }));

  const results: CheckResult[] = [requestResult(fixture, outcome, base('request'))];
  if (outcome.timedOut) {
    const message = `no result within ${timeoutMs} ms: the adapter hung (does it end the stream at the provider's terminator, and pass context.signal and timeoutMs to the transport?)`;
    return [
      ...results,
      ...checks.filter((c) => c !== 'request').map((check): CheckResult => ({ ...base(check), status: 'fail', message })),
    ];
  }

  if (outcome.error !== undefined) results.push(redactionResult(outcome.error, apiKey, base('key-redaction')));
  const expected = fixture.expect;
  if (expected.error !== undefined) {
    if (outcome.error === undefined) {
      results.push({
        ...base('error-mapping'),
        status: 'fail',
        message: `expected ${expected.error.name}${expected.error.status === undefined ? '' : ` (${expected.error.status})`}, but the call succeeded`,
        expected: expected.error,
        actual: { response: summarizeResponse(outcome) },
      });
    } else {
      const comparison = compareError(expected.error, outcome.error, mode === 'stream' ? streamedText(outcome.chunks) : undefined);
      results.push(
        fromComparison(
          base('error-mapping'),
          comparison,
          `${expected.error.name} with ${
            Object.keys(comparison.expected)
              .filter((k) => k !== 'name')
              .join(', ') || 'no other pinned field'
          } as expected`,
        ),
      );
    }
    return results;
  }

  const wanted = expected.response ?? {};
  for (const check of checks) {
    if (check === 'request' || check === 'key-redaction') continue;
    if (outcome.error !== undefined) {
      const e = summarizeError(outcome.error);
      results.push({ ...base(check), status: 'fail', message: `the call failed: ${e['name']}: ${e['message']}`, actual: { error: e } });
      continue;
    }
    results.push(aspectResult(check, wanted, outcome, fixture, base(check)));
  }
  return results;
}

/** The checks a case feeds, from what its expectation pins and how it runs. */
function checksFor(fixture: ConformanceFixture, mode: Mode, failed: boolean): CheckId[] {
  const checks: CheckId[] = ['request'];
  if (failed) checks.push('key-redaction');
  if (fixture.expect.error !== undefined) return [...checks, 'error-mapping'];
  const r = fixture.expect.response ?? {};
  const streamed = mode === 'stream';
  if (r.content !== undefined || r.reasoning_content !== undefined || r.id !== undefined || r.model !== undefined)
    checks.push(streamed ? 'text-stream' : 'text');
  if (r.tool_calls !== undefined) checks.push(streamed ? 'tool-calls-stream' : 'tool-calls');
  if (r.usage !== undefined) checks.push(streamed ? 'usage-stream' : 'usage');
  if (r.finish_reason !== undefined) checks.push('stop-reason');
  checks.push(streamed ? 'stream-shape' : 'response-shape');
  return checks;
}

type Base = Pick<CheckResult, 'check' | 'name' | 'fixture' | 'mode' | 'durationMs'>;

function aspectResult(
  check: CheckId,
  wanted: ExpectedResponse,
  outcome: CaseOutcome,
  fixture: ConformanceFixture,
  base: Base,
): CheckResult {
  const response = outcome.response;
  if (check === 'stream-shape' || check === 'response-shape') {
    const problems = check === 'stream-shape' ? checkStreamShape(outcome.chunks, fixture.expect.chunks) : checkResponseShape(response);
    if (problems.length > 0)
      return {
        ...base,
        status: 'fail',
        message: problems.join('; '),
        actual: check === 'stream-shape' ? { chunks: outcome.chunks.length } : { response },
      };
    return {
      ...base,
      status: 'pass',
      message: check === 'stream-shape' ? `${outcome.chunks.length} well-formed chunks` : 'a well-formed chat.completion',
    };
  }
  if (response === undefined)
    return { ...base, status: 'fail', message: 'the chunks could not be folded into a response (malformed chunks: see stream shape)' };
  switch (check) {
    case 'text':
    case 'text-stream':
      return fromComparison(base, compareText(wanted, response), describePass('text', wanted.content));
    case 'tool-calls':
    case 'tool-calls-stream':
      return fromComparison(base, compareToolCalls(wanted, response), `${wanted.tool_calls?.length ?? 0} tool call(s) as expected`);
    case 'usage':
    case 'usage-stream':
      return fromComparison(base, compareUsage(wanted, response), `usage ${describeValue(wanted.usage)}`);
    case 'stop-reason':
      return fromComparison(base, compareFinishReason(wanted, response), `finish_reason ${JSON.stringify(wanted.finish_reason)}`);
    default:
      return { ...base, status: 'skip', message: `no evaluation for ${check}` };
  }
}

function describePass(what: string, content: string | null | undefined): string {
  return typeof content === 'string' ? `${what} as expected (${[...content].length} characters)` : `${what} as expected`;
}

function fromComparison(base: Base, comparison: Comparison, passMessage: string): CheckResult {
  if (comparison.differences.length === 0)
    return { ...base, status: 'pass', message: passMessage, expected: comparison.expected, actual: comparison.actual };
  return {
    ...base,
    status: 'fail',
    message: describeDifferences(comparison.differences),
    expected: comparison.expected,
    actual: comparison.actual,
  };
}

function requestResult(fixture: ConformanceFixture, outcome: CaseOutcome, base: Base): CheckResult {
  const { exchange } = outcome;
  if (exchange.requests.length === 0) {
    const why =
      outcome.error !== undefined
        ? ` (the call threw ${String(summarizeError(outcome.error)['name'])}: ${String(summarizeError(outcome.error)['message'])})`
        : '';
    return { ...base, status: 'fail', message: `no request reached the server${why}`, expected: fixture.expectRequest };
  }
  if (exchange.mismatches.length > 0) {
    const first = exchange.requests[0]!;
    return {
      ...base,
      status: 'fail',
      message: exchange.mismatches.join('; '),
      expected: fixture.expectRequest,
      actual: { method: first.method, path: first.path, requests: exchange.requests.length },
    };
  }
  const e = fixture.expectRequest;
  const pinned =
    e === undefined
      ? 'no pinned fields'
      : [
          `${e.method ?? 'POST'} ${e.path}`,
          e.authHeader === undefined ? '' : `key in ${e.authHeader}`,
          e.body === undefined ? '' : `body ${Object.keys(e.body).join(', ')}`,
        ]
          .filter(Boolean)
          .join('; ');
  return { ...base, status: 'pass', message: `one request: ${pinned}` };
}

/** The key must appear nowhere in an error: message, provider message, code, body, stack, cause chain. */
function redactionResult(error: unknown, apiKey: string, base: Base): CheckResult {
  const leaks: string[] = [];
  const seen = new Set<unknown>();
  const visit = (value: unknown, where: string, depth: number): void => {
    if (depth > 4 || value === null || value === undefined || seen.has(value)) return;
    if (typeof value === 'string') {
      if (value.includes(apiKey)) leaks.push(where);
      return;
    }
    if (typeof value !== 'object') return;
    seen.add(value);
    if (value instanceof Error) {
      visit(value.message, `${where}.message`, depth + 1);
      visit(value.stack, `${where}.stack`, depth + 1);
      visit(value.cause, `${where}.cause`, depth + 1);
    }
    for (const [key, inner] of Object.entries(value)) visit(inner, `${where}.${key}`, depth + 1);
  };
  visit(error, 'error', 0);
  if (leaks.length > 0)
    return {
      ...base,
      status: 'fail',
      message: `the API key appears in ${leaks.join(', ')}: scrub context.secrets from everything an error carries`,
    };
  return { ...base, status: 'pass', message: 'the error does not carry the key' };
}

function summarizeResponse(outcome: CaseOutcome): unknown {
  const choice = outcome.response?.choices[0];
  return choice === undefined ? undefined : { content: choice.message.content, finish_reason: choice.finish_reason };
}
