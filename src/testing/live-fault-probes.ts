/**
 * The live kit's fault probes: a stream aborted mid-way must stop cleanly with what it had, and
 * a bad key or an unknown model must give the typed error its HTTP status maps to, without the key.
 */
import type { ChatCompletionChunk, ChatRequest } from '../base/types.js';
import { summarizeError } from './compare-response.js';
import type { CheckResult } from './conformance-types.js';
import { builtInCompat } from './load-adapter.js';
import { type Live, call, result } from './live-call.js';
import { CLIENT_SERVICES, fold, settleWithin, streamedText } from './run-case.js';

/** The class each HTTP status must map to (a subclass named in `also` is as good). */
const CLASS_FOR_STATUS: Record<number, { name: string; also?: string[] }> = {
  400: { name: 'BadRequestError', also: ['ContextWindowExceededError', 'ContentPolicyViolationError'] },
  401: { name: 'AuthenticationError' },
  403: { name: 'PermissionDeniedError', also: ['ContentPolicyViolationError'] },
  404: { name: 'NotFoundError' },
  422: { name: 'BadRequestError' },
  429: { name: 'RateLimitError' },
};

export async function abortProbe(live: Live, request: ChatRequest): Promise<CheckResult> {
  const started = performance.now();
  const { options, adapter } = live;
  const controller = new AbortController();
  const context = {
    provider: options.provider,
    model: options.model,
    apiKey: options.apiKey,
    baseURL: options.baseURL.replace(/\/+$/, ''),
    headers: {},
    transport: live.transport,
    signal: controller.signal,
    timeoutMs: live.timeoutMs,
    secrets: options.apiKey === undefined ? [] : [options.apiKey],
    compat: options.compat ?? builtInCompat(options.provider),
    providerOptions: options.providerOptions ?? {},
    ...CLIENT_SERVICES,
  };
  const chunks: ChatCompletionChunk[] = [];
  const problems: string[] = [];
  let thrown: unknown;
  const iterator = adapter.stream(structuredClone(request), context)[Symbol.asyncIterator]();
  try {
    for (;;) {
      const next = await settleWithin(iterator.next(), live.timeoutMs);
      if (next.timedOut)
        return result('abort-mid-stream', 'live-abort', 'stream', [`no text within ${live.timeoutMs} ms`], '', performance.now() - started);
      if (next.error !== undefined)
        return result(
          'abort-mid-stream',
          'live-abort',
          'stream',
          [`the stream failed before the abort: ${String(summarizeError(next.error)['message'])}`],
          '',
          performance.now() - started,
        );
      if (next.value?.done === true) break;
      chunks.push(next.value!.value);
      if (streamedText(chunks) !== '') break;
    }
    controller.abort();
    for (;;) {
      const next = await settleWithin(iterator.next(), 5000);
      if (next.timedOut) {
        problems.push('next() neither rejected nor ended within 5000 ms of the abort: pass context.signal to the transport');
        break;
      }
      if (next.error !== undefined) {
        thrown = next.error;
        break;
      }
      if (next.value?.done === true) {
        const finished =
          fold(chunks, options.provider)?.choices[0]?.finish_reason !== undefined &&
          chunks.some((ch) => ch.choices?.some((x) => x.finish_reason));
        if (finished) {
          return {
            ...result('abort-mid-stream', 'live-abort', 'stream', [], '', performance.now() - started),
            status: 'skip',
            message: 'the whole answer had arrived before the abort: nothing to abort',
          };
        }
        problems.push('after the abort the stream ended normally (a silent truncation): expected APIUserAbortError');
        break;
      }
      chunks.push(next.value!.value);
    }
    if (thrown !== undefined && summarizeError(thrown)['name'] !== 'APIUserAbortError')
      problems.push(
        `expected APIUserAbortError, got ${String(summarizeError(thrown)['name'])}: ${String(summarizeError(thrown)['message'])}`,
      );
    if (streamedText(chunks) === '') problems.push('no text was kept from before the abort');
  } finally {
    controller.abort();
    void Promise.resolve(iterator.return?.()).catch(() => undefined);
  }
  return result(
    'abort-mid-stream',
    'live-abort',
    'stream',
    problems,
    `APIUserAbortError after ${chunks.length} chunks, text kept (connection release is checked in replay mode only)`,
    performance.now() - started,
    {
      actual: { error: thrown === undefined ? undefined : summarizeError(thrown), partialText: streamedText(chunks).slice(0, 80) },
    },
  );
}

export async function errorProbe(
  live: Live,
  request: ChatRequest,
  what: string,
  overrides: { apiKey?: string; model?: string },
  status: number,
): Promise<CheckResult[]> {
  const fixture = `live-${status}`;
  const c = await call(live, request, 'complete', overrides);
  if (c.timedOut) return [result('error-mapping', fixture, 'complete', [`no answer within ${live.timeoutMs} ms`], '', c.durationMs)];
  if (c.error === undefined) {
    return [
      {
        ...result('error-mapping', fixture, 'complete', [], '', c.durationMs),
        status: 'skip',
        message: `the endpoint accepted the ${what}: nothing to map`,
      },
    ];
  }
  const e = summarizeError(c.error);
  const got = Number(e['status']);
  const wanted =
    CLASS_FOR_STATUS[got] ??
    (got >= 500 ? { name: got === 503 || got === 529 ? 'ServiceUnavailableError' : 'InternalServerError' } : undefined);
  const problems: string[] = [];
  if (!Number.isInteger(got)) problems.push(`the ${what} gave ${String(e['name'])} without an HTTP status: ${String(e['message'])}`);
  else if (wanted !== undefined && e['name'] !== wanted.name && !(wanted.also ?? []).includes(String(e['name']))) {
    problems.push(`status ${got} must map to ${wanted.name}, got ${String(e['name'])}`);
  }
  const text = JSON.stringify({ e, stack: (c.error as Error)?.stack, body: (c.error as { body?: unknown })?.body });
  const leaks = [overrides.apiKey, live.options.apiKey].filter((k): k is string => k !== undefined && k !== '' && text.includes(k));
  return [
    result('error-mapping', fixture, 'complete', problems, `the ${what} gave ${String(e['name'])} (${got})`, c.durationMs, {
      actual: e,
      expected: { status, name: CLASS_FOR_STATUS[status]?.name },
    }),
    result(
      'key-redaction',
      fixture,
      'complete',
      leaks.length > 0 ? ['the API key appears in the error: scrub context.secrets'] : [],
      'the error does not carry the key',
      c.durationMs,
    ),
  ];
}
