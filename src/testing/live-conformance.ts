/**
 * The live subset of the kit: a handful of cheap calls to a real endpoint with a real key. A
 * model's words cannot be pinned, so these checks ask what any correct adapter must give: text
 * that is there and whole (no replacement characters, even read one byte at a time), usage,
 * tool calls with JSON arguments, the right finish reasons, typed errors, a clean abort.
 */
import { redactValue } from '../util/redact.js';
import { createNodeTransport } from '../transport/node-transport.js';
import type { ChatRequest } from '../base/types.js';
import { checkResponseShape, checkStreamShape } from './check-shape.js';
import { summarize } from './conformance.js';
import {
  CHECK_IDS,
  type CheckId,
  type CheckResult,
  type CheckSummary,
  type ConformanceReport,
  type LiveConformanceOptions,
} from './conformance-types.js';
import { loadAdapter } from './load-adapter.js';
import { INVALID_KEY, UNKNOWN_MODEL, probeRequests } from './live-probes.js';
import { rechunked } from './run-case.js';
import { type Live, call, failedCall, result } from './live-call.js';
import { abortProbe, errorProbe } from './live-fault-probes.js';

const REPLACEMENT = '\uFFFD';

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

function safeOrigin(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return 'the endpoint';
  }
}
