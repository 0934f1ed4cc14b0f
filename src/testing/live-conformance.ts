/**
 * The live subset of the kit: a handful of cheap calls to a real endpoint with a real key. A
 * model's words cannot be pinned, so these checks ask what any correct adapter must give: text
 * that is there and whole (no replacement characters, even read one byte at a time), usage,
 * tool calls with JSON arguments, the right finish reasons, typed errors, a clean abort.
 */
import { redactValue } from '../util/redact.js';
import type { ProviderAdapter } from '../providers/adapter-types.js';
import { createNodeTransport } from '../transport/node-transport.js';
import type { Transport } from '../transport/transport-types.js';
import type { ChatCompletionChunk, ChatRequest, ModelResponse } from '../base/types.js';
import { checkResponseShape, checkStreamShape } from './check-shape.js';
import { summarizeError } from './compare-response.js';
import { summarize } from './conformance.js';
import {
  CHECKS,
  CHECK_IDS,
  type CheckId,
  type CheckResult,
  type CheckSummary,
  type ConformanceReport,
  type LiveConformanceOptions,
} from './conformance-types.js';
import { builtInCompat, loadAdapter } from './load-adapter.js';
import { INVALID_KEY, UNKNOWN_MODEL, probeRequests } from './live-probes.js';
import { CLIENT_SERVICES, fold, rechunked, settleWithin, streamedText } from './run-case.js';

const REPLACEMENT = '\uFFFD';

/** The class each HTTP status must map to (a subclass named in `also` is as good). */
const CLASS_FOR_STATUS: Record<number, { name: string; also?: string[] }> = {
  400: { name: 'BadRequestError', also: ['ContextWindowExceededError', 'ContentPolicyViolationError'] },
  401: { name: 'AuthenticationError' },
  403: { name: 'PermissionDeniedError', also: ['ContentPolicyViolationError'] },
  404: { name: 'NotFoundError' },
  422: { name: 'BadRequestError' },
  429: { name: 'RateLimitError' },
};

interface Live {
  adapter: ProviderAdapter;
  options: LiveConformanceOptions;
  transport: Transport;
  timeoutMs: number;
}

export async function runLiveConformance(options: LiveConformanceOptions): Promise<ConformanceReport> {
  const started = performance.now();
  const loaded = await loadAdapter(options.adapter, options.provider);
  const results: CheckResult[] = [];
  const origin = safeOrigin(options.baseURL);
  const finish = (): ConformanceReport => {
    const counts = summarize(results);
    const checks = Object.fromEntries(CHECK_IDS.map((id) => [id, summarize(results.filter((r) => r.check === id))])) as Record<
      CheckId,
      CheckSummary
    >;
    // A key an adapter failed to scrub may sit in an error message quoted as `actual`: never in a report.
    const secrets = [options.apiKey, INVALID_KEY].filter((k): k is string => k !== undefined && k !== '');
    const scrubbed = redactValue(results, secrets);
    return {
      mode: 'live',
      provider: options.provider,
      adapter: loaded.label,
      fixtures: `live endpoint ${origin} (${options.model})`,
      cases: 9,
      ok: counts.failed === 0,
      counts,
      checks,
      results: scrubbed,
      durationMs: Math.round(performance.now() - started),
    };
  };
  if (!loaded.ok) {
    results.push({ check: 'adapter', name: 'adapter', status: 'fail', message: loaded.problem, durationMs: 0 });
    return finish();
  }
  results.push({
    check: 'adapter',
    name: 'adapter',
    status: 'pass',
    message: `provider ${JSON.stringify(loaded.adapter.provider)}`,
    durationMs: 0,
  });
  const transport = options.transport ?? createNodeTransport();
  const live: Live = { adapter: loaded.adapter, options, transport, timeoutMs: options.timeoutMs ?? 60_000 };
  const probes = probeRequests(options.provider, options.model);
  try {
    results.push(...(await textProbe(live, probes.text, 'complete')));
    results.push(...(await textProbe(live, probes.text, 'stream')));
    results.push(...(await toolProbe(live, probes.tool, 'complete')));
    results.push(...(await toolProbe(live, probes.tool, 'stream')));
    results.push(await lengthProbe(live, probes.length));
    results.push(await unicodeProbe(live, probes.text));
    results.push(await abortProbe(live, probes.long));
    results.push(...(await errorProbe(live, probes.text, 'invalid key', { apiKey: INVALID_KEY }, 401)));
    results.push(
      ...(await errorProbe(
        live,
        { ...probes.text, model: `${options.provider}/${UNKNOWN_MODEL}` },
        'unknown model',
        { model: UNKNOWN_MODEL },
        404,
      )),
    );
  } finally {
    if (options.transport === undefined) transport.close?.();
  }
  return finish();
}

interface Call {
  response?: ModelResponse | undefined;
  chunks: ChatCompletionChunk[];
  error?: unknown;
  timedOut: boolean;
  durationMs: number;
}

async function call(
  live: Live,
  request: ChatRequest,
  mode: 'complete' | 'stream',
  overrides: { apiKey?: string; model?: string; transport?: Transport } = {},
): Promise<Call> {
  const started = performance.now();
  const { options, adapter } = live;
  const apiKey = overrides.apiKey ?? options.apiKey;
  const controller = new AbortController();
  const context = {
    provider: options.provider,
    model: overrides.model ?? options.model,
    apiKey,
    baseURL: options.baseURL.replace(/\/+$/, ''),
    headers: {},
    transport: overrides.transport ?? live.transport,
    signal: controller.signal,
    timeoutMs: live.timeoutMs,
    secrets: [options.apiKey, overrides.apiKey].filter((k): k is string => k !== undefined && k !== ''),
    compat: options.compat ?? builtInCompat(options.provider),
    providerOptions: options.providerOptions ?? {},
    ...CLIENT_SERVICES,
  };
  const out: Call = { chunks: [], timedOut: false, durationMs: 0 };
  const work = (async () => {
    if (mode === 'complete' && adapter.complete !== undefined) {
      out.response = await adapter.complete(structuredClone(request), context);
      return;
    }
    for await (const chunk of adapter.stream(structuredClone(request), context)) out.chunks.push(chunk);
    out.response = fold(out.chunks, options.provider);
  })();
  const settled = await settleWithin(work, live.timeoutMs);
  if (settled.timedOut) {
    out.timedOut = true;
    controller.abort();
  } else if (settled.error !== undefined) out.error = settled.error;
  out.durationMs = performance.now() - started;
  return out;
}

function result(
  check: CheckId,
  fixture: string,
  mode: 'complete' | 'stream',
  problems: string[],
  passMessage: string,
  durationMs: number,
  extra: Partial<CheckResult> = {},
): CheckResult {
  return {
    check,
    name: `${CHECKS[check].title} [${fixture}]`,
    fixture,
    mode,
    status: problems.length === 0 ? 'pass' : 'fail',
    message: problems.length === 0 ? passMessage : problems.join('; '),
    durationMs: Math.round(durationMs),
    ...extra,
  };
}

/** Every check of a probe fails the same way when the call itself failed. */
function failedCall(
  c: Call,
  checks: CheckId[],
  fixture: string,
  mode: 'complete' | 'stream',
  timeoutMs: number,
): CheckResult[] | undefined {
  if (!c.timedOut && c.error === undefined) return undefined;
  const e = c.error === undefined ? undefined : summarizeError(c.error);
  const message = c.timedOut ? `no answer within ${timeoutMs} ms` : `the call failed: ${String(e?.['name'])}: ${String(e?.['message'])}`;
  return checks.map((check) => ({ ...result(check, fixture, mode, [message], '', c.durationMs), actual: e }));
}

async function textProbe(live: Live, request: ChatRequest, mode: 'complete' | 'stream'): Promise<CheckResult[]> {
  const c = await call(live, request, mode);
  const fixture = mode === 'stream' ? 'live-text-stream' : 'live-text';
  const checks: CheckId[] =
    mode === 'stream' ? ['text-stream', 'usage-stream', 'stop-reason', 'stream-shape'] : ['text', 'usage', 'stop-reason', 'response-shape'];
  const failed = failedCall(c, checks, fixture, mode, live.timeoutMs);
  if (failed !== undefined) return failed;
  const content = c.response?.choices[0]?.message.content ?? '';
  const textProblems =
    content === ''
      ? ['the answer has no text']
      : content.includes(REPLACEMENT)
        ? [`the text has replacement characters (broken UTF-8 decoding): ${JSON.stringify(content.slice(0, 80))}`]
        : [];
  const usage = c.response?.usage;
  const usageProblems =
    usage === undefined
      ? [
          mode === 'stream'
            ? "no chunk carried usage (ask for it: stream_options.include_usage, or the provider's own field)"
            : 'the response has no usage',
        ]
      : !(usage.prompt_tokens > 0 && usage.completion_tokens > 0 && usage.total_tokens >= usage.prompt_tokens)
        ? [`implausible usage ${JSON.stringify(usage)}: expected prompt_tokens > 0, completion_tokens > 0, total_tokens >= prompt_tokens`]
        : [];
  const reason = c.response?.choices[0]?.finish_reason;
  const shape = mode === 'stream' ? checkStreamShape(c.chunks, undefined) : checkResponseShape(c.response);
  return [
    result(checks[0]!, fixture, mode, textProblems, `${[...content].length} characters of text`, c.durationMs, { actual: { content } }),
    result(checks[1]!, fixture, mode, usageProblems, `usage ${JSON.stringify(usage)}`, c.durationMs, { actual: { usage } }),
    result(
      'stop-reason',
      fixture,
      mode,
      reason === 'stop' ? [] : [`finish_reason: expected "stop" for an answer that ended on its own, got ${JSON.stringify(reason)}`],
      'finish_reason "stop"',
      c.durationMs,
    ),
    result(
      checks[3]!,
      fixture,
      mode,
      shape,
      mode === 'stream' ? `${c.chunks.length} well-formed chunks` : 'a well-formed chat.completion',
      c.durationMs,
    ),
  ];
}

async function toolProbe(live: Live, request: ChatRequest, mode: 'complete' | 'stream'): Promise<CheckResult[]> {
  const c = await call(live, request, mode);
  const fixture = mode === 'stream' ? 'live-tool-calls-stream' : 'live-tool-calls';
  const check: CheckId = mode === 'stream' ? 'tool-calls-stream' : 'tool-calls';
  const failed = failedCall(c, [check], fixture, mode, live.timeoutMs);
  if (failed !== undefined) return failed;
  const calls = c.response?.choices[0]?.message.tool_calls ?? [];
  const problems: string[] = [];
  if (calls.length === 0)
    problems.push(
      `the model answered without calling get_weather (finish_reason ${JSON.stringify(c.response?.choices[0]?.finish_reason)}); try a model that supports tools`,
    );
  for (const [i, tc] of calls.entries()) {
    if (tc.function.name !== 'get_weather')
      problems.push(`tool_calls[${i}].function.name: expected "get_weather", got ${JSON.stringify(tc.function.name)}`);
    if (!tc.id) problems.push(`tool_calls[${i}].id is empty`);
    try {
      const args = JSON.parse(tc.function.arguments) as unknown;
      if (args === null || typeof args !== 'object' || typeof (args as { city?: unknown }).city !== 'string')
        problems.push(`tool_calls[${i}].function.arguments: expected {"city": string}, got ${tc.function.arguments}`);
    } catch {
      problems.push(`tool_calls[${i}].function.arguments is not JSON: ${tc.function.arguments}`);
    }
  }
  const reason = c.response?.choices[0]?.finish_reason;
  if (calls.length > 0 && reason !== 'tool_calls')
    problems.push(`finish_reason: expected "tool_calls" after a tool call, got ${JSON.stringify(reason)}`);
  if (mode === 'stream') problems.push(...checkStreamShape(c.chunks, undefined));
  return [
    result(check, fixture, mode, problems, `${calls.length} tool call(s) with JSON arguments, finish_reason "tool_calls"`, c.durationMs, {
      actual: { tool_calls: calls, finish_reason: reason },
    }),
  ];
}

async function lengthProbe(live: Live, request: ChatRequest): Promise<CheckResult> {
  const c = await call(live, request, 'stream');
  const failed = failedCall(c, ['stop-reason'], 'live-length', 'stream', live.timeoutMs);
  if (failed !== undefined) return failed[0]!;
  const reason = c.response?.choices[0]?.finish_reason;
  return result(
    'stop-reason',
    'live-length',
    'stream',
    reason === 'length' ? [] : [`finish_reason: expected "length" for an answer cut at max_tokens 5, got ${JSON.stringify(reason)}`],
    'finish_reason "length"',
    c.durationMs,
  );
}

/** The text probe again, its body handed to the adapter one byte at a time. */
async function unicodeProbe(live: Live, request: ChatRequest): Promise<CheckResult> {
  const c = await call(live, request, 'stream', { transport: rechunked(live.transport, 1) });
  const failed = failedCall(c, ['unicode-split'], 'live-unicode', 'stream', live.timeoutMs);
  if (failed !== undefined) return failed[0]!;
  const content = c.response?.choices[0]?.message.content ?? '';
  if (content.includes(REPLACEMENT)) {
    return result(
      'unicode-split',
      'live-unicode',
      'stream',
      [`read one byte at a time, the text has replacement characters: ${JSON.stringify(content.slice(0, 80))} (decode UTF-8 across reads)`],
      '',
      c.durationMs,
      { actual: { content } },
    );
  }
  if (!/[^\x00-\x7f]/.test(content)) {
    return {
      ...result('unicode-split', 'live-unicode', 'stream', [], '', c.durationMs),
      status: 'skip',
      message: `the model answered without multi-byte characters: ${JSON.stringify(content.slice(0, 60))}`,
    };
  }
  return result(
    'unicode-split',
    'live-unicode',
    'stream',
    [],
    `read one byte at a time, the text is whole: ${JSON.stringify(content.slice(0, 40))}`,
    c.durationMs,
  );
}

async function abortProbe(live: Live, request: ChatRequest): Promise<CheckResult> {
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

async function errorProbe(
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

function safeOrigin(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return 'the endpoint';
  }
}
