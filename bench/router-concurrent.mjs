// The Router under concurrency: the two agent-scale bursts, 1,000 concurrent completions and 100
// concurrent streams of 200 chunks, through a plain llmux client and through a Router (one
// deployment, and two deployments of the group) on the same local server. A fresh process per
// sample runs one burst (clients/router-concurrent/burst.mjs) and reports its CPU and wall time
// from the first call to the last reply, and its peak RSS; every reply is checked, and so are
// the deployments that served and the router's ledger (one entry per call). The figure that
// matters is the Router's burst CPU over the plain client's, round by round (target <= 1.1x).
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  bytesToMiB,
  checkBuildUnchanged,
  clientStats,
  fmt,
  fmtRatio,
  fmtSpread,
  kibToMiB,
  llmuxBuildStamp,
  packageVersions,
  pairedRatio,
  printFailures,
  printMachine,
  printTable,
  ratio,
  requireBuiltLlmux,
  roundsFromArgs,
  runChild,
  runRounds,
  selectClients,
  writeResults,
} from './lib/common.mjs';
import { REPLY_TEXT, completionBody, sseBody, startChatServer, streamPieces } from './lib/servers.mjs';

export const REQUESTS = 1000;
export const STREAMS = 100;
export const CHUNKS = 200;

const script = fileURLToPath(new URL('./clients/router-concurrent/burst.mjs', import.meta.url));
const SCENARIOS = [
  { id: 'completions', label: `${REQUESTS.toLocaleString('en')} concurrent completions` },
  { id: 'streams', label: `${STREAMS} concurrent streams × ${CHUNKS} chunks` },
];
const VIAS = [
  { via: 'client', label: 'llmux client (baseline)' },
  { via: 'router', label: 'Router, 1 deployment' },
  { via: 'router-2', label: 'Router, 2 deployments' },
];
// Each (way, scenario) pair is a client of the rounds, so both scenarios interleave too; the
// baseline of each scenario is its `client` entry.
export const CLIENTS = SCENARIOS.flatMap((s) =>
  VIAS.map((v) => ({ id: `${v.via}-${s.id}`, via: v.via, scenario: s.id, label: `${s.label}: ${v.label}` })),
);

export async function run({ rounds = roundsFromArgs(5) } = {}) {
  requireBuiltLlmux();
  const buildBefore = llmuxBuildStamp();
  // `--only` names ways (client, router, router-2); the baselines always stay.
  const wanted = selectClients(VIAS.map((v) => ({ id: v.via }))).map((v) => v.id);
  const clients = CLIENTS.filter((c) => wanted.includes(c.via));
  const pieces = streamPieces(CHUNKS);
  const server = await startChatServer({ json: completionBody(REPLY_TEXT), sse: sseBody(pieces) });
  console.log(
    `\n== Router under concurrency: ${SCENARIOS.map((s) => s.label).join('; ')}; ${rounds} rounds, one fresh process per sample, clients interleaved`,
  );
  printMachine();

  const expected = { completions: REPLY_TEXT, streams: pieces.join('') };
  const measure = async (c) => {
    const env = {
      BENCH_BASE_URL: server.baseURL,
      BENCH_EXPECT: expected[c.scenario],
      BENCH_REQUESTS: String(REQUESTS),
      BENCH_STREAMS: String(STREAMS),
    };
    const before = server.requests;
    const result = await runChild([script, c.via, c.scenario], { env, timeoutMs: 120_000 });
    const served = server.requests - before;
    if (!result.ok) return result;
    const r = result.report;
    const calls = c.scenario === 'streams' ? STREAMS : REQUESTS;
    if (r.correct !== calls) return { ok: false, error: `${r.correct} correct replies, expected ${calls}` };
    if (served !== calls) return { ok: false, error: `the server saw ${served} requests, expected ${calls}` };
    const peakMiB = kibToMiB(r.maxRSSKiB);
    return {
      ok: true,
      burstMs: r.burstMs,
      burstCpuMs: r.burstCpuUs / 1000,
      cpuMs: r.cpuUs / 1000,
      peakMiB,
      burstRssMiB: peakMiB - bytesToMiB(r.rssBeforeBytes),
    };
  };
  let outcome;
  try {
    outcome = await runRounds(clients, rounds, measure, { label: 'router-concurrent' });
  } finally {
    await server.close();
  }
  const { samples, failures } = outcome;
  const stats = clientStats(
    clients,
    { samples, failures },
    { burstMs: 'burstMs', burstCpuMs: 'burstCpuMs', cpuMs: 'cpuMs', peakRssMiB: 'peakMiB', burstRssMiB: 'burstRssMiB' },
    (c) => ({
      via: c.via,
      scenario: c.scenario,
    }),
  );
  const headline = {};
  for (const c of clients) {
    const st = stats[c.id];
    const baseId = `client-${c.scenario}`;
    const base = stats[baseId];
    st.burstCpuRatioToClient = ratio(st.burstCpuMs.median, base.burstCpuMs.median);
    st.burstCpuPairedRatioToClient = pairedRatio(samples.get(c.id), samples.get(baseId), (x) => x.burstCpuMs);
    st.burstRatioToClient = ratio(st.burstMs.median, base.burstMs.median);
    st.burstPairedRatioToClient = pairedRatio(samples.get(c.id), samples.get(baseId), (x) => x.burstMs);
    st.peakRssOverClientMiB = st.peakRssMiB.median === null ? null : Math.round((st.peakRssMiB.median - base.peakRssMiB.median) * 10) / 10;
    if (c.via !== 'client')
      headline[c.id] = { burstCpuRatioToClient: st.burstCpuRatioToClient, burstCpuPairedRatioToClient: st.burstCpuPairedRatioToClient };
  }

  printTable(
    'Router under concurrency (median, p10–p90 in brackets; ×client is to the plain llmux client in the same scenario, "paired" round by round)',
    [
      'scenario: through',
      'n',
      'burst ms',
      'time ×client',
      'burst CPU ms',
      'CPU ×client',
      'CPU ×client paired',
      'peak RSS MiB',
      'RSS +client MiB',
    ],
    clients.map((c) => {
      const st = stats[c.id];
      if (st.samples === 0) return [c.label, 0, 'FAILED', '-', '-', '-', '-', '-', '-'];
      return [
        c.label,
        st.samples,
        fmtSpread(st.burstMs, 0),
        fmtRatio(st.burstRatioToClient),
        fmtSpread(st.burstCpuMs, 0),
        fmtRatio(st.burstCpuRatioToClient),
        fmtRatio(st.burstCpuPairedRatioToClient),
        fmt(st.peakRssMiB.median, 1),
        fmt(st.peakRssOverClientMiB, 1),
      ];
    }),
  );
  printFailures(clients, failures);

  const section = {
    rounds,
    buildUnchanged: checkBuildUnchanged(buildBefore),
    requests: REQUESTS,
    streams: STREAMS,
    chunksPerStream: CHUNKS,
    method:
      'one fresh process per sample: import llmux and llmux/router, build a client or a Router (its own client configured like the plain one), start the whole burst at once against a local server (run by the parent) and await it, check every reply text, the deployments that served and the ledger (one entry per call); burst time and burst CPU (user+system) measured in the child from the first call to the last reply; peak RSS (resourceUsage().maxRSS) at exit; ratios are to the plain client in the same scenario, paired by round',
    versions: packageVersions(['llmux']),
    headline,
    clients: stats,
  };
  writeResults('routerConcurrent', section);
  return section;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await run();
