/**
 * Checks that replay a streamed case under a fault rather than as recorded: the body one byte
 * at a time (multi-byte characters split), a stall then the caller's abort, a cut connection.
 */
import type { ChatCompletionChunk } from '../base/types.js';
import { checkStreamShape } from './check-shape.js';
import {
  compareFinishReason,
  compareText,
  compareToolCalls,
  compareUsage,
  describeDifferences,
  summarizeError,
} from './compare-response.js';
import type { CheckResult } from './conformance-types.js';
import { resultName } from './evaluate-case.js';
import type { ConformanceFixture } from './fixture-types.js';
import { hasMultiByteText, renderResponse } from './render-response.js';
import { KIT_API_KEY, type Kit, contextFor, runCase, settleWithin, streamedText } from './run-case.js';

/** How long a stream may stay silent in these checks before the adapter is judged to hang. */
const PATIENCE_MS = 2000;

/** Streamed success cases whose body has multi-byte characters. */
export function unicodeCandidates(fixtures: readonly ConformanceFixture[]): ConformanceFixture[] {
  return fixtures.filter(
    (f) => f.stream === true && f.expect.response !== undefined && hasMultiByteText(renderResponse(f.response, KIT_API_KEY).body),
  );
}

/** A streamed case with text and enough events to stop half-way; one that names its stop point first. */
export function faultCandidate(fixtures: readonly ConformanceFixture[]): ConformanceFixture | undefined {
  const usable = fixtures.filter(
    (f) =>
      f.stream === true &&
      typeof f.expect.response?.content === 'string' &&
      f.expect.response.content !== '' &&
      renderResponse(f.response, KIT_API_KEY).eventEnds.length >= 3,
  );
  return usable.find((f) => f.replay?.abortAfterEvents !== undefined) ?? usable[0];
}

export async function checkUnicodeSplit(kit: Kit, fixture: ConformanceFixture): Promise<CheckResult> {
  const outcome = await runCase(kit, fixture, 'stream', { splitEvery: 1 });
  const base = {
    check: 'unicode-split' as const,
    name: resultName('unicode-split', fixture),
    fixture: fixture.id,
    mode: 'stream' as const,
    durationMs: Math.round(outcome.durationMs),
  };
  if (outcome.timedOut)
    return { ...base, status: 'fail', message: `no result within ${kit.timeoutMs} ms with the body delivered one byte at a time` };
  if (outcome.error !== undefined) {
    const e = summarizeError(outcome.error);
    return {
      ...base,
      status: 'fail',
      message: `with the body delivered one byte at a time the call failed: ${e['name']}: ${e['message']}`,
      actual: { error: e },
    };
  }
  const wanted = fixture.expect.response!;
  const response = outcome.response;
  if (response === undefined)
    return {
      ...base,
      status: 'fail',
      message: 'with the body delivered one byte at a time the chunks could not be folded into a response',
    };
  const comparisons = [compareText(wanted, response)];
  if (wanted.tool_calls !== undefined) comparisons.push(compareToolCalls(wanted, response));
  if (wanted.usage !== undefined) comparisons.push(compareUsage(wanted, response));
  if (wanted.finish_reason !== undefined) comparisons.push(compareFinishReason(wanted, response));
  const differences = comparisons.flatMap((c) => c.differences);
  const shape = checkStreamShape(outcome.chunks, undefined);
  if (differences.length === 0 && shape.length === 0) {
    return { ...base, status: 'pass', message: `same result with the body delivered one byte at a time (${outcome.chunks.length} chunks)` };
  }
  const problems = [differences.length > 0 ? describeDifferences(differences) : '', ...shape].filter(Boolean);
  return {
    ...base,
    status: 'fail',
    message: `with the body delivered one byte at a time: ${problems.join('; ')} (decode UTF-8 across reads, e.g. TextDecoder with { stream: true })`,
    expected: Object.assign({}, ...comparisons.map((c) => c.expected)),
    actual: Object.assign({}, ...comparisons.map((c) => c.actual)),
  };
}

/**
 * The server sends the first events and goes silent; once text has arrived the kit aborts. The
 * stream must then reject with APIUserAbortError (not end, not hang), the text that arrived must
 * be a prefix of the full text, and the connection must close.
 */
export async function checkAbortMidStream(kit: Kit, fixture: ConformanceFixture): Promise<CheckResult> {
  const started = performance.now();
  const { stopAt, total } = stopPoint(fixture);
  const exchange = kit.server.arm(fixture, { apiKey: KIT_API_KEY, stallAfterEvents: stopAt });
  const controller = new AbortController();
  const chunks: ChatCompletionChunk[] = [];
  const problems: string[] = [];
  let thrown: unknown;
  const full = fixture.expect.response!.content as string;
  const iterator = kit.adapter
    .stream(structuredClone(fixture.request), contextFor(kit, fixture, controller.signal, undefined))
    [Symbol.asyncIterator]();
  try {
    // Read until some text has arrived.
    for (;;) {
      const next = await settleWithin(iterator.next(), PATIENCE_MS);
      if (next.timedOut) {
        problems.push(
          `no text arrived within ${PATIENCE_MS} ms although the server had sent ${stopAt} of ${total} events: yield chunks as events arrive, not at the end`,
        );
        break;
      }
      if (next.error !== undefined) {
        problems.push(
          `the stream failed before the abort: ${String(summarizeError(next.error)['name'])}: ${String(summarizeError(next.error)['message'])}`,
        );
        break;
      }
      if (next.value?.done === true) {
        problems.push(`the stream ended after ${stopAt} of ${total} events with no error: a stream cut short must not end normally`);
        break;
      }
      if (next.value !== undefined) chunks.push(next.value.value);
      if (streamedText(chunks) !== '') break;
    }
    if (problems.length === 0) {
      controller.abort();
      for (;;) {
        const next = await settleWithin(iterator.next(), PATIENCE_MS);
        if (next.timedOut) {
          problems.push(`next() neither rejected nor ended within ${PATIENCE_MS} ms of the abort: pass context.signal to the transport`);
          break;
        }
        if (next.error !== undefined) {
          thrown = next.error;
          break;
        }
        if (next.value?.done === true) {
          problems.push('after the abort the stream ended normally (a silent truncation): expected it to reject with APIUserAbortError');
          break;
        }
        // Chunks parsed before the abort may still be handed out.
        if (next.value !== undefined) chunks.push(next.value.value);
      }
      if (thrown !== undefined && summarizeError(thrown)['name'] !== 'APIUserAbortError') {
        problems.push(
          `expected APIUserAbortError after the abort, got ${String(summarizeError(thrown)['name'])}: ${String(summarizeError(thrown)['message'])}`,
        );
      }
      const partial = streamedText(chunks);
      if (!full.startsWith(partial))
        problems.push(`the text received before the abort is not a prefix of the full text: got ${JSON.stringify(partial.slice(0, 80))}`);
      if (!(await exchange.waitForClose(PATIENCE_MS)))
        problems.push(
          `the connection was still open ${PATIENCE_MS} ms after the abort: release the response body (the transport does when context.signal is passed)`,
        );
    }
  } finally {
    controller.abort();
    void Promise.resolve(iterator.return?.()).catch(() => undefined);
    exchange.disarm();
  }
  const partial = streamedText(chunks);
  return faultResult('abort-mid-stream', fixture, problems, {
    passed: `APIUserAbortError after ${chunks.length} chunks (${[...partial].length} characters kept); connection released`,
    expected: { error: 'APIUserAbortError', partialTextPrefixOf: shortened(full), connectionReleased: true },
    actual: { error: thrown === undefined ? undefined : summarizeError(thrown), partialText: partial, connectionReleased: exchange.closed },
    durationMs: performance.now() - started,
  });
}

/**
 * The server sends the first events and drops the connection. The stream must hand out the
 * chunks that arrived and then reject with a retryable APIConnectionError.
 */
export async function checkCutMidStream(kit: Kit, fixture: ConformanceFixture): Promise<CheckResult> {
  const { stopAt, total } = stopPoint(fixture);
  const outcome = await runCase(kit, fixture, 'stream', { resetAfterEvents: stopAt });
  const full = fixture.expect.response!.content as string;
  const partial = streamedText(outcome.chunks);
  const problems: string[] = [];
  if (outcome.timedOut) problems.push(`no result within ${kit.timeoutMs} ms of the connection being cut`);
  else if (outcome.error === undefined)
    problems.push(`the stream ended normally although the connection was cut after ${stopAt} of ${total} events (a silent truncation)`);
  else {
    const e = summarizeError(outcome.error);
    if (e['name'] !== 'APIConnectionError') problems.push(`expected APIConnectionError, got ${String(e['name'])}: ${String(e['message'])}`);
    else if (e['retryable'] !== true) problems.push('the APIConnectionError must be retryable (retryable: true)');
  }
  if (!outcome.timedOut && partial === '')
    problems.push(
      `no text was handed out before the failure although ${stopAt} of ${total} events arrived: deliver what arrived before reporting the cut`,
    );
  else if (!full.startsWith(partial))
    problems.push(`the text handed out before the failure is not a prefix of the full text: got ${JSON.stringify(partial.slice(0, 80))}`);
  return faultResult('cut-mid-stream', fixture, problems, {
    passed: `APIConnectionError after ${outcome.chunks.length} chunks (${[...partial].length} characters delivered)`,
    expected: { error: 'APIConnectionError', retryable: true, partialTextPrefixOf: shortened(full) },
    actual: { error: outcome.error === undefined ? undefined : summarizeError(outcome.error), partialText: partial },
    durationMs: outcome.durationMs,
  });
}

/** A fault check's result: `passed` when no problem was found, else every problem. */
function faultResult(
  check: 'abort-mid-stream' | 'cut-mid-stream',
  fixture: ConformanceFixture,
  problems: readonly string[],
  report: { passed: string; expected: unknown; actual: unknown; durationMs: number },
): CheckResult {
  return {
    check,
    name: resultName(check, fixture),
    fixture: fixture.id,
    mode: 'stream',
    status: problems.length === 0 ? 'pass' : 'fail',
    message: problems.length === 0 ? report.passed : problems.join('; '),
    expected: report.expected,
    actual: report.actual,
    durationMs: Math.round(report.durationMs),
  };
}

/** The start of a long text, for a report. */
function shortened(text: string): string {
  return text.length > 80 ? `${text.slice(0, 80)}…` : text;
}

function stopPoint(fixture: ConformanceFixture): { stopAt: number; total: number } {
  const total = renderResponse(fixture.response, KIT_API_KEY).eventEnds.length;
  return { stopAt: Math.min(total - 1, fixture.replay?.abortAfterEvents ?? Math.ceil(total / 2)), total };
}
