// 1,000 concurrent requests: a fresh process imports its client and starts 1,000 non-streaming
// chat completions at once against a local server (run by the parent), awaiting them together.
// The child times the burst (first request started to last reply checked) and its CPU, and
// reports its peak RSS at exit. Every reply's text is checked; one wrong reply fails the sample.
// Baseline: the same burst written with node:http, a keep-alive Agent and JSON.parse.
// `--format anthropic` runs the same burst against an Anthropic Messages server instead, with
// @anthropic-ai/sdk among the peers, into its own section of results.json.
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  bytesToMiB,
  checkBuildUnchanged,
  clientStats,
  fmt,
  fmtRatio,
  fmtSpread,
  formatFromArgs,
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
import {
  REPLY_TEXT,
  anthropicMessageBody,
  anthropicSseBody,
  completionBody,
  sseBody,
  startChatServer,
  startMessagesServer,
} from './lib/servers.mjs';

export const REQUESTS = 1000;

const client = (id, label, pool, every = 1, dir = 'concurrent') => ({
  id,
  label,
  pool,
  every,
  script: fileURLToPath(new URL(`./clients/${dir}/${id}.mjs`, import.meta.url)),
});
const FETCH_POOL = "Node's global fetch (undici global dispatcher): unlimited connections per origin";

// `pool`: the connection pool each client gets by default, which is what is measured. The peers
// take two to four times as long as raw and llmux: they are sampled every other round, to keep
// the run near a minute.
export const CLIENTS = [
  client('raw', 'raw node:http (baseline)', 'new http.Agent({ keepAlive: true }): unlimited sockets'),
  client('llmux', 'llmux complete()', "llmux's own keep-alive http.Agent per client: unlimited sockets, LIFO"),
  client('openai', 'openai SDK', FETCH_POOL, 2),
  client('ai', 'ai generateText', FETCH_POOL, 2),
  client(
    'pi-ai',
    'pi-ai complete() (streams)',
    "an openai SDK client per call, over Node's global fetch: unlimited connections per origin",
    2,
  ),
];

// The same burst in the Anthropic Messages format: the clients in clients/concurrent-anthropic/.
const anthropicClient = (id, label, pool, every = 1) => client(id, label, pool, every, 'concurrent-anthropic');
export const ANTHROPIC_CLIENTS = [
  anthropicClient('raw', 'raw node:http (baseline)', 'new http.Agent({ keepAlive: true }): unlimited sockets'),
  anthropicClient('llmux', 'llmux complete() (anthropic)', "llmux's own keep-alive http.Agent per client: unlimited sockets, LIFO"),
  anthropicClient('anthropic', '@anthropic-ai/sdk messages.create()', FETCH_POOL, 2),
  anthropicClient('ai', 'ai generateText (@ai-sdk/anthropic)', FETCH_POOL, 2),
  anthropicClient(
    'pi-ai',
    'pi-ai complete() (streams)',
    "an @anthropic-ai/sdk client per call, over Node's global fetch: unlimited connections per origin",
    2,
  ),
];

/**
 * What differs between the two wire formats: the section of results.json, the clients, the
 * server (pi-ai always streams, so each also answers streaming requests with the same words),
 * the packages measured and the method's wording.
 */
export const FORMATS = {
  openai: {
    section: 'concurrent',
    title: '',
    clients: CLIENTS,
    startServer: () => startChatServer({ json: completionBody(REPLY_TEXT), sse: sseBody(REPLY_TEXT.split(/(?= )/)) }),
    packages: ['llmux', 'openai', 'ai', '@ai-sdk/openai', '@mariozechner/pi-ai'],
    call: 'non-streaming chat completions',
  },
  anthropic: {
    section: 'concurrent-anthropic',
    title: ' (Anthropic Messages)',
    clients: ANTHROPIC_CLIENTS,
    startServer: () => startMessagesServer({ json: anthropicMessageBody(REPLY_TEXT), sse: anthropicSseBody(REPLY_TEXT.split(/(?= )/)) }),
    packages: ['llmux', '@anthropic-ai/sdk', 'ai', '@ai-sdk/anthropic', '@mariozechner/pi-ai'],
    call: 'non-streaming Anthropic Messages calls',
  },
};

export async function run({ rounds = roundsFromArgs(6), format = formatFromArgs() } = {}) {
  requireBuiltLlmux();
  const buildBefore = llmuxBuildStamp();
  const wire = FORMATS[format];
  const clients = selectClients(wire.clients);
  const server = await wire.startServer();
  console.log(
    `\n== ${REQUESTS.toLocaleString('en')} concurrent requests${wire.title}: ${rounds} rounds, one fresh process per sample, clients interleaved`,
  );
  printMachine();

  const env = { BENCH_BASE_URL: server.baseURL, BENCH_EXPECT: REPLY_TEXT, BENCH_REQUESTS: String(REQUESTS) };
  const measure = async (c) => {
    const before = server.requests;
    const connectionsBefore = server.connections;
    const result = await runChild([c.script], { env, timeoutMs: 120_000 });
    const served = server.requests - before;
    const connections = server.connections - connectionsBefore;
    if (!result.ok) return result;
    const r = result.report;
    if (r.correct !== REQUESTS) return { ok: false, error: `${r.correct} correct replies, expected ${REQUESTS}` };
    const peakMiB = kibToMiB(r.maxRSSKiB);
    return {
      ok: true,
      burstMs: r.burstMs,
      requestsPerSec: (REQUESTS / r.burstMs) * 1000,
      burstCpuMs: r.burstCpuUs / 1000,
      cpuMs: r.cpuUs / 1000,
      wallMs: result.wallMs,
      peakMiB,
      burstRssMiB: peakMiB - bytesToMiB(r.rssBeforeBytes),
      served,
      connections,
    };
  };
  let outcome;
  try {
    outcome = await runRounds(clients, rounds, measure, { label: 'concurrent' });
  } finally {
    await server.close();
  }
  const { samples, failures } = outcome;

  const stats = clientStats(
    clients,
    { samples, failures },
    {
      burstMs: 'burstMs',
      requestsPerSec: 'requestsPerSec',
      burstCpuMs: 'burstCpuMs',
      cpuMs: 'cpuMs',
      wallMs: 'wallMs',
      peakRssMiB: 'peakMiB',
      burstRssMiB: 'burstRssMiB',
      // More than REQUESTS means the client retried (a connection error it hid from the caller).
      requestsServed: 'served',
      // TCP connections the client opened for its 1,000 requests: what its pool did.
      connections: 'connections',
    },
    (c) => ({ pool: c.pool }),
  );
  const base = stats.raw;
  for (const c of clients) {
    const st = stats[c.id];
    st.burstRatio = ratio(st.burstMs.median, base.burstMs.median);
    st.burstPairedRatio = pairedRatio(samples.get(c.id), samples.get('raw'), (x) => x.burstMs);
    st.throughputRatio = ratio(st.requestsPerSec.median, base.requestsPerSec.median);
    st.burstCpuRatio = ratio(st.burstCpuMs.median, base.burstCpuMs.median);
    st.burstCpuPairedRatio = pairedRatio(samples.get(c.id), samples.get('raw'), (x) => x.burstCpuMs);
    st.cpuRatio = ratio(st.cpuMs.median, base.cpuMs.median);
    st.peakRssRatio = ratio(st.peakRssMiB.median, base.peakRssMiB.median);
    st.peakRssOverRawMiB = round(st.peakRssMiB.median - base.peakRssMiB.median);
    st.cpuUsPerRequest = round((st.burstCpuMs.median * 1000) / REQUESTS, 1);
  }

  printTable(
    `${REQUESTS.toLocaleString('en')} concurrent requests${wire.title} (median, p10–p90 in brackets; ratios are to raw node:http)`,
    [
      'client',
      'n',
      `${REQUESTS} req ms`,
      'time ×raw',
      'req/s',
      'burst CPU ms',
      'CPU ×raw',
      'CPU µs/req',
      'process CPU ms',
      'peak RSS MiB',
      'RSS ×raw',
      'burst +MiB',
      'conns',
    ],
    clients.map((c) => {
      const st = stats[c.id];
      if (st.samples === 0) return [c.label, 0, 'FAILED', '-', '-', '-', '-', '-', '-', '-', '-', '-', '-'];
      return [
        c.label,
        st.samples,
        fmtSpread(st.burstMs, 0),
        fmtRatio(st.burstRatio),
        fmt(st.requestsPerSec.median, 0),
        fmtSpread(st.burstCpuMs, 0),
        fmtRatio(st.burstCpuRatio),
        fmt(st.cpuUsPerRequest, 0),
        fmt(st.cpuMs.median, 0),
        fmtSpread(st.peakRssMiB, 1),
        fmtRatio(st.peakRssRatio),
        fmt(st.burstRssMiB.median, 1),
        fmt(st.connections.median, 0),
      ];
    }),
  );
  printFailures(clients, failures);
  for (const c of clients) {
    const served = stats[c.id].requestsServed;
    if (served.n > 0 && served.p90 !== REQUESTS)
      console.log(`  note: ${c.label}: the server saw up to ${served.p90} requests per sample (retries)`);
  }
  if (stats.llmux?.samples > 0) {
    const l = stats.llmux;
    console.log(
      `llmux: ${fmt(l.requestsPerSec.median, 0)} req/s, time ${fmtRatio(l.burstRatio)} of raw (round by round ${fmtRatio(l.burstPairedRatio)}), ` +
        `burst CPU ${fmtRatio(l.burstCpuRatio)} (round by round ${fmtRatio(l.burstCpuPairedRatio)}), peak RSS raw ${l.peakRssOverRawMiB >= 0 ? '+' : ''}${fmt(l.peakRssOverRawMiB, 1)} MiB`,
    );
  }

  const buildUnchanged = checkBuildUnchanged(buildBefore);
  const section = {
    rounds,
    buildUnchanged,
    requests: REQUESTS,
    requestsServed: server.requests,
    method: `one fresh process per sample: import the client, start 1,000 ${wire.call} at once against a local server (run by the parent) and await them all, check every reply text, exit without closing anything; burst time and burst CPU (user+system) measured in the child from the first request to the last reply; process CPU and peak RSS (resourceUsage().maxRSS) reported by the child at exit; each client with its default connection pool`,
    versions: packageVersions(wire.packages),
    clients: stats,
  };
  writeResults(wire.section, section);
  return section;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await run();
