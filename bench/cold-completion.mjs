// Cold one-shot completion: a fresh process imports its client, makes one chat completion
// against a local server and exits, as a CLI or a serverless cold start does. The parent runs
// the server and times each process from spawn to exit; the child reports its CPU time and
// peak RSS at exit. Baseline: the same call written with node:http and JSON.parse.
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  checkBuildUnchanged,
  clientStats,
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
  round,
  roundsFromArgs,
  runChild,
  runRounds,
  selectClients,
  writeResults,
} from './lib/common.mjs';
import { REPLY_TEXT, completionBody, sseBody, startChatServer } from './lib/servers.mjs';

const client = (id, label) => ({ id, label, script: fileURLToPath(new URL(`./clients/cold/${id}.mjs`, import.meta.url)) });

export const CLIENTS = [
  client('raw', 'raw node:http (baseline)'),
  client('llmux', 'llmux complete()'),
  client('openai', 'openai SDK'),
  client('ai', 'ai generateText'),
  client('pi-ai', 'pi-ai complete() (streams)'),
];

export async function run({ rounds = roundsFromArgs(20) } = {}) {
  requireBuiltLlmux();
  const buildBefore = llmuxBuildStamp();
  const clients = selectClients(CLIENTS);
  // pi-ai always streams, so the server also answers streaming requests with the same words.
  const server = await startChatServer({ json: completionBody(REPLY_TEXT), sse: sseBody(REPLY_TEXT.split(/(?= )/)) });
  console.log(`\n== Cold one-shot completion: ${rounds} rounds, one fresh process per sample, clients interleaved`);
  printMachine();

  const env = { BENCH_BASE_URL: server.baseURL, BENCH_EXPECT: REPLY_TEXT };
  const measure = async (c) => {
    const result = await runChild([c.script], { env });
    if (!result.ok) return result;
    return { ok: true, wallMs: result.wallMs, cpuMs: result.report.cpuUs / 1000, peakMiB: kibToMiB(result.report.maxRSSKiB) };
  };
  let outcome;
  try {
    outcome = await runRounds(clients, rounds, measure, { label: 'cold' });
  } finally {
    await server.close();
  }
  const { samples, failures } = outcome;

  const stats = clientStats(
    clients,
    { samples, failures },
    {
      wallMs: 'wallMs',
      cpuMs: 'cpuMs',
      peakRssMiB: 'peakMiB',
    },
  );
  const base = stats.raw;
  for (const c of clients) {
    const st = stats[c.id];
    st.wallRatio = ratio(st.wallMs.median, base.wallMs.median);
    st.wallPairedRatio = pairedRatio(samples.get(c.id), samples.get('raw'), (x) => x.wallMs);
    st.cpuRatio = ratio(st.cpuMs.median, base.cpuMs.median);
    st.cpuPairedRatio = pairedRatio(samples.get(c.id), samples.get('raw'), (x) => x.cpuMs);
    st.peakRssRatio = ratio(st.peakRssMiB.median, base.peakRssMiB.median);
    st.peakRssOverRawMiB = round(st.peakRssMiB.median - base.peakRssMiB.median);
  }

  printTable(
    'Cold one-shot completion (median, p10–p90 in brackets; ratios are to raw node:http)',
    ['client', 'n', 'process wall ms', 'wall ×raw', 'process CPU ms', 'CPU ×raw', 'peak RSS MiB', 'RSS ×raw'],
    clients.map((c) => {
      const st = stats[c.id];
      if (st.samples === 0) return [c.label, 0, 'FAILED', '-', '-', '-', '-', '-'];
      return [
        c.label,
        st.samples,
        fmtSpread(st.wallMs, 1),
        fmtRatio(st.wallRatio),
        fmtSpread(st.cpuMs, 1),
        fmtRatio(st.cpuRatio),
        fmtSpread(st.peakRssMiB, 1),
        fmtRatio(st.peakRssRatio),
      ];
    }),
  );
  printFailures(clients, failures);

  const targets = {};
  if (stats.llmux?.samples > 0) {
    targets.wallRatio = { limit: 1.15, value: stats.llmux.wallRatio, pass: stats.llmux.wallRatio <= 1.15 };
    console.log(
      `llmux wall time ${fmtRatio(stats.llmux.wallRatio)} of raw (target <= 1.15x: ${targets.wallRatio.pass ? 'met' : 'MISSED'}); ` +
        `round by round ${fmtRatio(stats.llmux.wallPairedRatio)}`,
    );
  }

  const buildUnchanged = checkBuildUnchanged(buildBefore);
  const section = {
    rounds,
    buildUnchanged,
    requestsServed: server.requests,
    method:
      'one fresh process per sample: import the client, one non-streaming chat completion from a local server, exit without closing anything; wall time from spawn to exit in the parent; CPU (user+system) and peak RSS (resourceUsage().maxRSS) reported by the child at exit',
    versions: packageVersions(['llmux', 'openai', 'ai', '@ai-sdk/openai', '@mariozechner/pi-ai']),
    targets,
    clients: stats,
  };
  writeResults('cold', section);
  return section;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await run();
