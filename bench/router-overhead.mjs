// Router overhead: what llmux's Router adds to each call over a plain llmux client, and both
// over raw node:http. A fresh process per sample makes WARMUP unrecorded calls, then CALLS
// sequential non-streaming chat completions against a local server (run by the parent) over one
// keep-alive connection, checking every reply; it reports wall and CPU microseconds per call.
// None of the peers (openai, ai, pi-ai) has a router, so there is nothing to compare it with
// but llmux itself.
//
// The Router's overhead is a few µs on calls of about 300 µs whose time moves by more than that
// from one process to the next: the difference of two processes' medians is mostly that noise.
// So it is also measured in one process (clients/router/paired.mjs): the Router and the plain
// client over the same server, blocks of calls alternating after a warm-up of both, the
// overhead the median over block pairs of the Router's block minus the client's. That paired
// figure is the one the README's table shows.
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  checkBuildUnchanged,
  clientStats,
  fmt,
  fmtRatio,
  fmtSpread,
  kibToMiB,
  llmuxBuildStamp,
  median,
  packageVersions,
  pairedRatio,
  printFailures,
  printMachine,
  printTable,
  ratio,
  requireBuiltLlmux,
  round,
  roundsFromArgs,
  runChild,
  runRounds,
  selectClients,
  writeResults,
} from './lib/common.mjs';
import { REPLY_TEXT, completionBody, startChatServer } from './lib/servers.mjs';

export const CALLS = 1000;
// Per-call times keep falling for the first ~3,000 calls of a process (V8 optimising llmux's and
// node:http's code, the heap settling), to less than half of where they start: a shorter warm-up
// would measure that ramp rather than the steady state a long-lived process runs in.
export const WARMUP = 3000;
/** The in-process pairing: blocks of each side, and calls per block (after WARMUP calls of each). */
export const PAIRED_BLOCKS = 30;
export const PAIRED_BLOCK_CALLS = 200;

const script = (file) => fileURLToPath(new URL(`./clients/router/${file}.mjs`, import.meta.url));

export const CLIENTS = [
  { id: 'raw', label: 'raw node:http keep-alive (baseline)', args: [script('raw')] },
  { id: 'llmux', label: 'llmux client.complete()', args: [script('llmux')] },
  { id: 'router', label: 'Router, 1 deployment', args: [script('router'), '1'] },
  { id: 'router-3', label: 'Router, 3 deployments (simple-shuffle)', args: [script('router'), '3'] },
  { id: 'router-callbacks', label: 'Router, 1 deployment + callbacks', args: [script('router'), 'callbacks'] },
];

/** Median over rounds of `pick(sample) - pick(other's sample of the same round)`. */
function pairedDifference(samples, otherSamples, pick) {
  const other = new Map(otherSamples.map((s) => [s.round, pick(s)]));
  const diffs = [];
  for (const s of samples) {
    const o = other.get(s.round);
    if (o !== undefined) diffs.push(pick(s) - o);
  }
  return diffs.length === 0 ? null : round(median(diffs), 1);
}

export async function run({ rounds = roundsFromArgs(6) } = {}) {
  requireBuiltLlmux();
  const buildBefore = llmuxBuildStamp();
  const clients = selectClients(CLIENTS);
  const server = await startChatServer({ json: completionBody(REPLY_TEXT) });
  console.log(
    `\n== Router overhead: ${CALLS.toLocaleString('en')} sequential calls after ${WARMUP} warm-up calls, ` +
      `${rounds} rounds, one fresh process per sample, clients interleaved`,
  );
  printMachine();

  const env = { BENCH_BASE_URL: server.baseURL, BENCH_EXPECT: REPLY_TEXT, BENCH_CALLS: String(CALLS), BENCH_WARMUP: String(WARMUP) };
  const measure = async (c) => {
    const before = server.requests;
    const result = await runChild(c.args, { env });
    const served = server.requests - before;
    if (!result.ok) return result;
    const r = result.report;
    if (r.calls !== CALLS) return { ok: false, error: `${r.calls} calls reported, expected ${CALLS}` };
    if (served !== CALLS + WARMUP) return { ok: false, error: `the server saw ${served} requests, expected ${CALLS + WARMUP}` };
    // The router's cost ledger keeps one entry per attempt: every call, warm-up included, must be there.
    if (r.ledgerEntries !== undefined && r.ledgerEntries !== CALLS + WARMUP)
      return { ok: false, error: `the router's ledger holds ${r.ledgerEntries} entries, expected ${CALLS + WARMUP}` };
    return {
      ok: true,
      usPerCall: r.usPerCall,
      cpuUsPerCall: r.cpuUsPerCall,
      wallMs: result.wallMs,
      peakMiB: kibToMiB(r.maxRSSKiB),
      servedBy: r.servedBy,
    };
  };
  let outcome;
  let paired;
  try {
    // No unrecorded round: every process's own warm-up calls warm the server as well, and
    // nothing is timed while modules load.
    outcome = await runRounds(clients, rounds, measure, { label: 'router', warmup: 0 });
    paired = await runPaired(server, Math.max(3, Math.ceil(rounds / 2)));
  } finally {
    await server.close();
  }
  const { samples, failures } = outcome;

  const stats = clientStats(
    clients,
    { samples, failures },
    {
      usPerCall: 'usPerCall',
      cpuUsPerCall: 'cpuUsPerCall',
      wallMs: 'wallMs',
      peakRssMiB: 'peakMiB',
    },
    (c, s) => (s[0]?.servedBy === undefined ? {} : { servedByLastSample: s.at(-1).servedBy }),
  );
  const base = stats.raw;
  const plain = stats.llmux;
  for (const c of clients) {
    const st = stats[c.id];
    st.usRatio = ratio(st.usPerCall.median, base.usPerCall.median);
    st.usPairedRatio = pairedRatio(samples.get(c.id), samples.get('raw'), (x) => x.usPerCall);
    st.cpuRatio = ratio(st.cpuUsPerCall.median, base.cpuUsPerCall.median);
    st.cpuPairedRatio = pairedRatio(samples.get(c.id), samples.get('raw'), (x) => x.cpuUsPerCall);
    st.overRawUs = round(st.usPerCall.median - base.usPerCall.median, 1);
    st.cpuOverRawUs = round(st.cpuUsPerCall.median - base.cpuUsPerCall.median, 1);
    if (plain !== undefined && c.id !== 'raw') {
      st.usRatioToClient = ratio(st.usPerCall.median, plain.usPerCall.median);
      st.overClientUs = round(st.usPerCall.median - plain.usPerCall.median, 1);
      st.overClientPairedUs = pairedDifference(samples.get(c.id), samples.get('llmux'), (x) => x.usPerCall);
      st.cpuOverClientUs = round(st.cpuUsPerCall.median - plain.cpuUsPerCall.median, 1);
      st.cpuOverClientPairedUs = pairedDifference(samples.get(c.id), samples.get('llmux'), (x) => x.cpuUsPerCall);
    }
  }

  printTable(
    `Router overhead, per call (median, p10–p90 in brackets; ×raw is to raw node:http, +client is minus llmux client.complete())`,
    ['client', 'n', 'µs/call', '×raw', '×client', '+client µs', 'CPU µs/call', 'CPU ×raw', 'CPU +client µs', 'peak RSS MiB'],
    clients.map((c) => {
      const st = stats[c.id];
      if (st.samples === 0) return [c.label, 0, 'FAILED', '-', '-', '-', '-', '-', '-', '-'];
      return [
        c.label,
        st.samples,
        fmtSpread(st.usPerCall, 0),
        fmtRatio(st.usRatio),
        fmtRatio(st.usRatioToClient ?? null),
        fmt(st.overClientUs ?? null, 0),
        fmtSpread(st.cpuUsPerCall, 0),
        fmtRatio(st.cpuRatio),
        fmt(st.cpuOverClientUs ?? null, 0),
        fmt(st.peakRssMiB.median, 1),
      ];
    }),
  );
  printFailures(clients, failures);

  const headline = {};
  if (stats.router?.samples > 0 && plain?.samples > 0) {
    const r = stats.router;
    headline.routerOverClientUsPerCall = r.overClientUs;
    headline.routerOverClientPairedUsPerCall = r.overClientPairedUs;
    headline.routerCpuOverClientUsPerCall = r.cpuOverClientUs;
    headline.routerCpuOverClientPairedUsPerCall = r.cpuOverClientPairedUs;
    console.log(
      `Router overhead per call: ${fmt(r.overClientUs, 0)} µs wall (round by round ${fmt(r.overClientPairedUs, 0)} µs), ` +
        `${fmt(r.cpuOverClientUs, 0)} µs CPU (round by round ${fmt(r.cpuOverClientPairedUs, 0)} µs) over llmux client.complete(); ` +
        `client ${fmt(plain.overRawUs, 0)} µs wall over raw node:http`,
    );
  }

  if (paired.samples.length > 0) {
    // On the Router's own entry as well, where the README's table reads it.
    if (stats.router !== undefined) {
      stats.router.overClientInProcessUs = paired.overClientUs;
      stats.router.cpuOverClientInProcessUs = paired.cpuOverClientUs;
    }
    headline.routerOverClientInProcessUsPerCall = paired.overClientUs;
    headline.routerCpuOverClientInProcessUsPerCall = paired.cpuOverClientUs;
    console.log(
      `Router overhead per call, in one process (${paired.samples.length} processes, median of block pairs): ` +
        `${fmt(paired.overClientUs, 1)} µs wall, ${fmt(paired.cpuOverClientUs, 1)} µs CPU over the client ` +
        `(client ${fmt(paired.clientUsPerCall, 0)} µs/call, Router ${fmt(paired.routerUsPerCall, 0)} µs/call)`,
    );
  }
  for (const error of paired.errors) console.log(`paired run failed: ${error}`);

  const buildUnchanged = checkBuildUnchanged(buildBefore);
  const section = {
    rounds,
    buildUnchanged,
    calls: CALLS,
    warmupCalls: WARMUP,
    // The Router keeps every attempt in its ledger (default ledgerSize 10,000): during the timed
    // calls it holds WARMUP to WARMUP + CALLS entries.
    ledgerEntriesDuringTimedCalls: [WARMUP, WARMUP + CALLS],
    method:
      'one fresh process per sample: import the client, make the warm-up calls, then time CALLS sequential non-streaming chat completions against a local server (run by the parent) over one keep-alive connection, every reply text checked; wall and CPU (user+system) microseconds per call measured in the child over the timed calls; Router variants built like the plain client (same provider options), their servedBy deployment and callback counts checked',
    versions: packageVersions(['llmux']),
    headline,
    clients: stats,
    inProcess: {
      method: `one process per sample (clients/router/paired.mjs): a client and a one-deployment Router over the same local server, ${WARMUP} warm-up calls of each, then ${PAIRED_BLOCKS} blocks of ${PAIRED_BLOCK_CALLS} sequential calls of each, alternating (the order flipped every pair); per sample the median over block pairs of Router minus client, wall and CPU µs per call; the figures here are the medians over samples`,
      samples: paired.samples.length,
      overClientUs: paired.overClientUs,
      cpuOverClientUs: paired.cpuOverClientUs,
      clientUsPerCall: paired.clientUsPerCall,
      routerUsPerCall: paired.routerUsPerCall,
      perSample: paired.samples.map((x) => ({ overClientUs: round(x.overClientUs, 1), cpuOverClientUs: round(x.cpuOverClientUs, 1) })),
    },
  };
  writeResults('router', section);
  return section;
}

/** Runs the in-process pairing `samples` times, each in a fresh process; every reply, request and ledger entry checked. */
async function runPaired(server, samples) {
  const env = {
    BENCH_BASE_URL: server.baseURL,
    BENCH_EXPECT: REPLY_TEXT,
    BENCH_WARMUP: String(WARMUP),
    BENCH_BLOCKS: String(PAIRED_BLOCKS),
    BENCH_BLOCK_CALLS: String(PAIRED_BLOCK_CALLS),
  };
  const timed = PAIRED_BLOCKS * PAIRED_BLOCK_CALLS;
  const results = [];
  const errors = [];
  for (let i = 0; i < samples; i++) {
    const before = server.requests;
    const result = await runChild([script('paired')], { env, timeoutMs: 180_000 });
    const served = server.requests - before;
    if (!result.ok) errors.push(result.error);
    else if (served !== 2 * (WARMUP + timed)) errors.push(`the server saw ${served} requests, expected ${2 * (WARMUP + timed)}`);
    else if (result.report.ledgerEntries !== WARMUP + timed)
      errors.push(`the router's ledger holds ${result.report.ledgerEntries} entries, expected ${WARMUP + timed}`);
    else results.push(result.report);
  }
  const mid = (field) => (results.length === 0 ? null : round(median(results.map((r) => r[field])), 1));
  return {
    samples: results,
    errors,
    overClientUs: mid('overClientUs'),
    cpuOverClientUs: mid('cpuOverClientUs'),
    clientUsPerCall: mid('clientUsPerCall'),
    routerUsPerCall: mid('routerUsPerCall'),
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await run();
