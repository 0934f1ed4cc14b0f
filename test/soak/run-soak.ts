/**
 * The soak: N calls through a Router over three faulty mock servers, with bounded concurrency,
 * checking that every call settles exactly once with a response or a typed error, that the
 * ledger and the callbacks account every attempt the servers saw, and sampling the heap.
 * Runs in a child process (see soak-child.ts) so the heap and the exit are its own.
 */
import { setTimeout as delay } from 'node:timers/promises';
import { APIUserAbortError, isLlmuxError } from '../../src/base/errors.js';
import { type MockServer, startMockServer } from '../../src/mock-server/index.js';
import { Router } from '../../src/router/index.js';
import type { LedgerEntry } from '../../src/router/index.js';
import { type FaultMix, createFaultMix } from './fault-mix.js';
import { pickWeighted, seededRandom } from '../helpers/seeded-random.js';

export interface SoakOptions {
  requests: number;
  concurrency: number;
  seed: number;
  /** Heap sample after GC every this many settled calls. */
  sampleEvery: number;
  /** The client timeout per attempt; stalled streams end as APITimeoutError after it. */
  timeoutMs: number;
  /** Every call must have settled by then. */
  deadlineMs: number;
}

export const QUICK: SoakOptions = {
  requests: 2_000,
  concurrency: 50,
  seed: 20_250_801,
  sampleEvery: 500,
  timeoutMs: 1_000,
  deadlineMs: 90_000,
};

/** How a call is made: `complete()`, a stream read to the end, abandoned with `break`, or aborted by a signal. */
const CALL_MIX = { complete: 45, stream: 40, 'stream-break': 7, 'stream-abort': 8 } as const;
type CallKind = keyof typeof CALL_MIX;

const KEY = 'sk-soak-test-key-not-a-secret';
const GREETING = 'Hello from the llmux mock server. You said: ';
const MAX_EXAMPLES = 20;

interface HeapSample {
  settled: number;
  heapUsedMiB: number;
  rssMiB: number;
}

export interface SoakReport {
  options: SoakOptions;
  durationMs: number;
  calls: {
    byKind: Record<string, number>;
    outcomes: Record<string, number>;
    settled: number;
    unsettled: number[];
    streamErrorsAfterFirstChunk: number;
  };
  attempts: {
    /** Per deployment: requests its server saw, ledger entries, onRequest events. */
    byDeployment: Record<string, { serverRequests: number; ledgerEntries: number; requestEvents: number }>;
    ledgerOutcomes: Record<string, number>;
    retries: number;
    fallbacks: number;
  };
  faults: { planned: number; injected: Record<string, number>; byServer: Record<string, Record<string, number>> };
  memory: { samples: HeapSample[]; afterClose: HeapSample | undefined; gcExposed: boolean };
  /** Everything that broke a rule; empty on a clean run. */
  violations: string[];
  violationCount: number;
  /** Date.now() once routers and servers were closed; the parent measures the exit from it. */
  closedAt: number;
  activeResourcesAfterClose: string[];
}

const mib = (bytes: number): number => Math.round((bytes / 1024 / 1024) * 100) / 100;

export async function runSoak(options: SoakOptions): Promise<SoakReport> {
  const started = Date.now();
  const gc = (globalThis as { gc?: () => void }).gc;
  const violations: string[] = [];
  let violationCount = 0;
  const violate = (message: string): void => {
    violationCount += 1;
    if (violations.length < MAX_EXAMPLES) violations.push(message);
  };

  const mixes: Record<string, FaultMix> = {};
  const servers: Record<string, MockServer> = {};
  for (const [i, id] of ['fast-openai', 'fast-anthropic', 'backup-openai'].entries()) {
    const mix = createFaultMix(options.seed + i + 1, options.timeoutMs);
    mixes[id] = mix;
    servers[id] = await startMockServer({ faultPlan: mix.plan, chunkDelayMs: 1 });
  }
  const byDeployment: SoakReport['attempts']['byDeployment'] = {};
  for (const id of Object.keys(servers)) byDeployment[id] = { serverRequests: 0, ledgerEntries: 0, requestEvents: 0 };
  let retries = 0;
  let fallbacks = 0;

  const router = new Router({
    deployments: [
      { group: 'fast', id: 'fast-openai', model: 'openai/gpt-4o-mini', apiKey: KEY, baseURL: servers['fast-openai']!.openaiBaseURL },
      {
        group: 'fast',
        id: 'fast-anthropic',
        model: 'anthropic/claude-haiku-4-5',
        apiKey: KEY,
        baseURL: servers['fast-anthropic']!.anthropicBaseURL,
      },
      { group: 'backup', id: 'backup-openai', model: 'openai/gpt-4o-mini', apiKey: KEY, baseURL: servers['backup-openai']!.openaiBaseURL },
    ],
    fallbacks: { fast: ['backup'] },
    numRetries: 2,
    allowedFails: 3,
    cooldownMs: 100,
    ledgerSize: 1_000_000,
    random: seededRandom(options.seed),
    callbacks: {
      onRequest: (event) => {
        const entry = event.deployment === undefined ? undefined : byDeployment[event.deployment];
        if (entry === undefined) violate(`onRequest without a known deployment: ${String(event.deployment)}`);
        else entry.requestEvents += 1;
      },
      onRetry: () => void retries++,
      onFallback: () => void fallbacks++,
    },
  });

  const ledgerOutcomes: Record<string, number> = {};
  // Tallies and clears the ledger and the servers' request logs, so a long soak holds no history.
  const drain = (): void => {
    const entries: LedgerEntry[] = router.ledger.entries();
    router.ledger.clear();
    for (const entry of entries) {
      if (entry.outcome !== 'success' && entry.outcome !== 'error' && entry.outcome !== 'aborted')
        violate(`ledger entry without an outcome: ${JSON.stringify(entry)}`);
      if (typeof entry.callId !== 'string' || entry.callId === '' || !Number.isInteger(entry.attempt))
        violate(`ledger entry without call id or attempt: ${JSON.stringify(entry)}`);
      if (entry.outcome !== 'success' && entry.error === undefined)
        violate(`failed ledger entry without its error: ${JSON.stringify(entry)}`);
      ledgerOutcomes[entry.outcome] = (ledgerOutcomes[entry.outcome] ?? 0) + 1;
      const slot = byDeployment[entry.deployment];
      if (slot === undefined) violate(`ledger entry for unknown deployment ${entry.deployment}`);
      else slot.ledgerEntries += 1;
    }
    for (const [id, server] of Object.entries(servers)) {
      byDeployment[id]!.serverRequests += server.requests.length;
      server.requests.length = 0;
    }
  };

  const samples: HeapSample[] = [];
  const sample = (settled: number): HeapSample => {
    gc?.();
    const usage = process.memoryUsage();
    return { settled, heapUsedMiB: mib(usage.heapUsed), rssMiB: mib(usage.rss) };
  };

  const callRandom = seededRandom(options.seed ^ 0x5eed);
  const kinds: CallKind[] = Array.from({ length: options.requests }, () => pickWeighted(callRandom, CALL_MIX));
  const settledCount = new Uint8Array(options.requests);
  const byKind: Record<string, number> = {};
  const outcomes: Record<string, number> = {};
  let settled = 0;
  let streamErrorsAfterFirstChunk = 0;

  const settle = (index: number, outcome: string): void => {
    settledCount[index]! += 1;
    if (settledCount[index]! > 1) {
      violate(`call ${index} settled ${settledCount[index]} times (last as ${outcome})`);
      return;
    }
    outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
    settled += 1;
    if (settled % options.sampleEvery === 0) {
      drain();
      samples.push(sample(settled));
    }
  };

  const classify = (index: number, error: unknown): string => {
    if (!isLlmuxError(error)) {
      violate(
        `call ${index} (${kinds[index]}) rejected with an untyped error: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`,
      );
      return 'untyped';
    }
    return error.name;
  };

  const runCall = async (index: number): Promise<void> => {
    const kind = kinds[index]!;
    byKind[kind] = (byKind[kind] ?? 0) + 1;
    const prompt = `soak ${index}`;
    const expected = GREETING + prompt;
    const request = { model: 'fast', messages: [{ role: 'user' as const, content: prompt }], max_tokens: 256 };
    if (kind === 'complete') {
      let response;
      try {
        response = await router.complete(request, { timeout: options.timeoutMs });
      } catch (error) {
        settle(index, classify(index, error));
        return;
      }
      if (response.choices[0]?.message.content !== expected)
        violate(
          `call ${index}: complete() text ${JSON.stringify(response.choices[0]?.message.content)} differs from ${JSON.stringify(expected)}`,
        );
      if (response.routing?.callId === undefined) violate(`call ${index}: response without routing`);
      settle(index, 'response');
      return;
    }

    const controller = kind === 'stream-abort' ? new AbortController() : undefined;
    const stream = router.stream(
      request,
      controller === undefined ? { timeout: options.timeoutMs } : { timeout: options.timeoutMs, signal: controller.signal },
    );
    let text = '';
    let chunks = 0;
    try {
      for await (const chunk of stream) {
        chunks += 1;
        text += chunk.choices[0]?.delta.content ?? '';
        if (kind === 'stream-break') break;
        if (controller !== undefined && chunks === 1) controller.abort();
      }
    } catch (error) {
      const outcome = classify(index, error);
      if (chunks > 0 && isLlmuxError(error)) {
        streamErrorsAfterFirstChunk += 1;
        if (error.partialResponse === undefined) violate(`call ${index}: ${error.name} after ${chunks} chunks carries no partialResponse`);
        else if (error.partialText !== text)
          violate(`call ${index}: partialText ${JSON.stringify(error.partialText)} differs from the text received ${JSON.stringify(text)}`);
      }
      if (controller !== undefined && chunks > 0 && !(error instanceof APIUserAbortError))
        violate(`call ${index}: aborted mid-stream but ended as ${outcome}`);
      settle(index, outcome);
      return;
    }
    if (kind === 'stream-break') {
      settle(index, chunks > 0 ? 'abandoned' : 'empty-stream');
      if (chunks === 0) violate(`call ${index}: a stream ended without chunks and without an error`);
      return;
    }
    if (controller !== undefined) violate(`call ${index}: aborted after the first chunk, yet the stream ended normally`);
    if (text !== expected) violate(`call ${index}: streamed text ${JSON.stringify(text)} differs from ${JSON.stringify(expected)}`);
    const final = await stream.finalResponse().catch((error: unknown) => error);
    if (final instanceof Error || (final as { choices?: unknown }).choices === undefined)
      violate(`call ${index}: finalResponse() of a completed stream failed: ${String(final)}`);
    else if ((final as { choices: { message: { content: unknown } }[] }).choices[0]?.message.content !== expected)
      violate(`call ${index}: finalResponse() text differs from the chunks`);
    settle(index, 'response');
  };

  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < options.requests) {
      const index = next++;
      await runCall(index).catch((error: unknown) => violate(`call ${index}: the driver itself threw ${String(error)}`));
    }
  };
  let deadlineTimer: NodeJS.Timeout | undefined;
  const deadline = new Promise<'deadline'>((resolve) => {
    deadlineTimer = setTimeout(() => resolve('deadline'), options.deadlineMs);
  });
  const finished = await Promise.race([
    Promise.all(Array.from({ length: options.concurrency }, worker)).then(() => 'done' as const),
    deadline,
  ]);
  clearTimeout(deadlineTimer);
  const unsettled: number[] = [];
  for (let i = 0; i < options.requests; i++) if (settledCount[i] === 0) unsettled.push(i);
  if (finished === 'deadline')
    violate(
      `${unsettled.length} calls had not settled after ${options.deadlineMs} ms: ${unsettled
        .slice(0, 10)
        .map((i) => `${i} (${kinds[i]})`)
        .join(', ')}`,
    );

  // Streamed attempts enter the ledger when their inner stream settles, a moment after the caller's.
  const matches = (): boolean =>
    Object.values(byDeployment).every((d) => d.serverRequests === d.ledgerEntries && d.ledgerEntries === d.requestEvents);
  for (let waited = 0; waited < 3_000; waited += 25) {
    drain();
    if (matches()) break;
    await delay(25);
  }
  for (const [id, d] of Object.entries(byDeployment)) {
    if (d.serverRequests !== d.ledgerEntries || d.ledgerEntries !== d.requestEvents) {
      violate(
        `deployment ${id}: the server saw ${d.serverRequests} requests, the ledger has ${d.ledgerEntries} entries, onRequest fired ${d.requestEvents} times`,
      );
    }
  }
  const injected: Record<string, number> = {};
  const byServer: Record<string, Record<string, number>> = {};
  let planned = 0;
  for (const [id, mix] of Object.entries(mixes)) {
    planned += mix.planned;
    byServer[id] = { ...mix.injected } as Record<string, number>;
    for (const [kind, count] of Object.entries(mix.injected)) injected[kind] = (injected[kind] ?? 0) + count;
  }

  await router.close();
  await Promise.all(Object.values(servers).map((server) => server.close()));
  const closedAt = Date.now();
  await delay(50);
  const afterClose = gc === undefined ? undefined : sample(settled);

  return {
    options,
    durationMs: closedAt - started,
    calls: { byKind, outcomes, settled, unsettled: unsettled.slice(0, 50), streamErrorsAfterFirstChunk },
    attempts: { byDeployment, ledgerOutcomes, retries, fallbacks },
    faults: { planned, injected, byServer },
    memory: { samples, afterClose, gcExposed: gc !== undefined },
    violations,
    violationCount,
    closedAt,
    activeResourcesAfterClose: process.getActiveResourcesInfo(),
  };
}
