/**
 * One call of the live kit: the adapter called directly with a real key (whole or streamed),
 * bounded by the kit's time limit, and the results its probes build from it.
 */
import type { ProviderAdapter } from '../providers/adapter-types.js';
import type { Transport } from '../transport/transport-types.js';
import type { ChatCompletionChunk, ChatRequest, ModelResponse } from '../base/types.js';
import { summarizeError } from './compare-response.js';
import { CHECKS, type CheckId, type CheckResult, type LiveConformanceOptions } from './conformance-types.js';
import { builtInCompat } from './load-adapter.js';
import { CLIENT_SERVICES, fold, settleWithin } from './run-case.js';

export interface Live {
  adapter: ProviderAdapter;
  options: LiveConformanceOptions;
  transport: Transport;
  timeoutMs: number;
}

export interface Call {
  response?: ModelResponse | undefined;
  chunks: ChatCompletionChunk[];
  error?: unknown;
  timedOut: boolean;
  durationMs: number;
}

export async function call(
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

export function result(
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
export function failedCall(
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
