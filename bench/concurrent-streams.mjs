// Concurrent streams: a fresh process imports its client and starts N OpenAI chat streams at
// once against a local server (run by the parent), each of M chunks, reading them all together.
// Two scenarios: 100 streams x 200 chunks, and 1,000 streams x 50 chunks (`--scenario 100x200`
// runs one). Every stream's joined text is checked (length and hash); one wrong stream fails the
// sample. Baseline: node:http with a keep-alive Agent and a hand SSE parse as the bytes arrive.
// `--format anthropic` runs both scenarios as Anthropic Messages streams instead, with
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
import { anthropicSseBody, sseBody, startChatServer, startMessagesServer, streamPieces, textHash } from './lib/servers.mjs';

export const SCENARIOS = [
  { id: '100x200', streams: 100, chunks: 200 },
  { id: '1000x50', streams: 1000, chunks: 50 },
];

const client = (id, label, every = 1, dir = 'concurrent-streams') => ({
  id,
  label,
  every,
  script: fileURLToPath(new URL(`./clients/${dir}/${id}.mjs`, import.meta.url)),
});

// The peers take several times as long as raw and llmux: they are sampled every other round.
// `raw-iter` is a reference, not a peer: the baseline's request and parse, with each stream's
// chunks read through `for await` as from any client's stream API, so the table shows what that
// shape itself costs over the baseline.
export const CLIENTS = [
  client('raw', 'raw node:http + hand SSE parse (baseline)'),
  client('raw-iter', 'the same, chunks read with for await (reference)'),
  client('llmux', 'llmux stream()'),
  client('openai', 'openai SDK (stream: true)', 2),
  client('ai', 'ai streamText', 2),
  client('pi-ai', 'pi-ai stream()', 2),
];

// The same scenarios in the Anthropic Messages format: the clients in
// clients/concurrent-streams-anthropic/.
const anthropicClient = (id, label, every = 1) => client(id, label, every, 'concurrent-streams-anthropic');
export const ANTHROPIC_CLIENTS = [
  anthropicClient('raw', 'raw node:http + hand SSE parse (baseline)'),
  anthropicClient('llmux', 'llmux stream() (anthropic)'),
  anthropicClient('anthropic', '@anthropic-ai/sdk create({ stream: true })', 2),
  anthropicClient('anthropic-stream', '@anthropic-ai/sdk messages.stream()', 2),
  anthropicClient('ai', 'ai streamText (@ai-sdk/anthropic)', 2),
  anthropicClient('pi-ai', 'pi-ai stream() (anthropic)', 2),
];

/** What differs between the two wire formats: the section, clients, server and packages. */
const FORMATS = {
  openai: {
    section: 'concurrent-streams',
    title: '',
    clients: CLIENTS,
    startServer: (pieces) => startChatServer({ sse: sseBody(pieces) }),
    packages: ['llmux', 'openai', 'ai', '@ai-sdk/openai', '@mariozechner/pi-ai'],
    streams: 'OpenAI chat streams',
  },
  anthropic: {
    section: 'concurrent-streams-anthropic',
    title: ' (Anthropic Messages)',
    clients: ANTHROPIC_CLIENTS,
    startServer: (pieces) => startMessagesServer({ sse: anthropicSseBody(pieces) }),
    packages: ['llmux', '@anthropic-ai/sdk', 'ai', '@ai-sdk/anthropic', '@mariozechner/pi-ai'],
    streams: 'Anthropic Messages streams (message_start ... content_block_delta ... message_stop)',
  },
};

function scenariosFromArgs() {
  const i = process.argv.indexOf('--scenario');
  if (i < 0) return SCENARIOS;
  const wanted = process.argv[i + 1];
  const found = SCENARIOS.filter((s) => s.id === wanted);
  if (found.length === 0) throw new Error(`--scenario takes one of ${SCENARIOS.map((s) => s.id).join(', ')}`);
  return found;
}

async function runScenario({ id, streams, chunks }, rounds, clients, wire) {
  const pieces = streamPieces(chunks);
  const text = pieces.join('');
  const server = await wire.startServer(pieces);
  console.log(
    `\n== ${streams.toLocaleString('en')} concurrent streams x ${chunks} chunks${wire.title}: ${rounds} rounds, one fresh process per sample, clients interleaved`,
  );
  const env = {
    BENCH_BASE_URL: server.baseURL,
    BENCH_STREAMS: String(streams),
    BENCH_EXPECT_LENGTH: String(text.length),
    BENCH_EXPECT_HASH: String(textHash(text)),
  };
  const measure = async (c) => {
    const before = server.requests;
    const connectionsBefore = server.connections;
    const result = await runChild([c.script], { env, timeoutMs: 180_000 });
    if (!result.ok) return result;
    const r = result.report;
    if (r.correct !== streams) return { ok: false, error: `${r.correct} correct streams, expected ${streams}` };
    const peakMiB = kibToMiB(r.maxRSSKiB);
    return {
      ok: true,
      burstMs: r.burstMs,
      burstCpuMs: r.burstCpuUs / 1000,
      cpuMs: r.cpuUs / 1000,
      wallMs: result.wallMs,
      peakMiB,
      burstRssMiB: peakMiB - bytesToMiB(r.rssBeforeBytes),
      served: server.requests - before,
      connections: server.connections - connectionsBefore,
    };
  };
  let outcome;
  try {
    outcome = await runRounds(clients, rounds, measure, { label: id });
  } finally {
    await server.close();
  }
  const { samples } = outcome;
  const stats = clientStats(clients, outcome, {
    burstMs: 'burstMs',
    burstCpuMs: 'burstCpuMs',
    cpuMs: 'cpuMs',
    wallMs: 'wallMs',
    peakRssMiB: 'peakMiB',
    burstRssMiB: 'burstRssMiB',
    requestsServed: 'served',
    connections: 'connections',
  });
  const base = stats.raw;
  for (const c of clients) {
    const st = stats[c.id];
    const paired = (pick) => pairedRatio(samples.get(c.id), samples.get('raw'), pick);
    st.burstRatio = ratio(st.burstMs.median, base.burstMs.median);
    st.burstPairedRatio = paired((x) => x.burstMs);
    st.burstCpuRatio = ratio(st.burstCpuMs.median, base.burstCpuMs.median);
    st.burstCpuPairedRatio = paired((x) => x.burstCpuMs);
    st.cpuRatio = ratio(st.cpuMs.median, base.cpuMs.median);
    st.cpuPairedRatio = paired((x) => x.cpuMs);
    st.wallRatio = ratio(st.wallMs.median, base.wallMs.median);
    st.peakRssOverRawMiB = round(st.peakRssMiB.median - base.peakRssMiB.median);
    st.cpuUsPerStream = round((st.burstCpuMs.median * 1000) / streams, 1);
  }
  printTable(
    `${streams.toLocaleString('en')} concurrent streams x ${chunks} chunks${wire.title} (median, p10–p90 in brackets; ratios are to raw node:http)`,
    [
      'client',
      'n',
      'burst ms',
      'time ×raw',
      'burst CPU ms',
      'CPU ×raw',
      'CPU µs/stream',
      'process CPU ms',
      'CPU ×raw',
      'wall ms',
      'peak RSS MiB',
      'RSS +MiB',
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
        fmtSpread(st.burstCpuMs, 0),
        fmtRatio(st.burstCpuRatio),
        fmt(st.cpuUsPerStream, 0),
        fmt(st.cpuMs.median, 0),
        fmtRatio(st.cpuRatio),
        fmt(st.wallMs.median, 0),
        fmtSpread(st.peakRssMiB, 1),
        fmt(st.peakRssOverRawMiB, 1),
        fmt(st.connections.median, 0),
      ];
    }),
  );
  printFailures(clients, outcome.failures);
  if (stats.llmux?.samples > 0) {
    const l = stats.llmux;
    console.log(
      `llmux ${id}: burst CPU ${fmtRatio(l.burstCpuRatio)} of raw (round by round ${fmtRatio(l.burstCpuPairedRatio)}), process CPU ${fmtRatio(l.cpuRatio)} ` +
        `(round by round ${fmtRatio(l.cpuPairedRatio)}), time ${fmtRatio(l.burstRatio)}, peak RSS raw ${l.peakRssOverRawMiB >= 0 ? '+' : ''}${fmt(l.peakRssOverRawMiB, 1)} MiB`,
    );
    const reference = stats['raw-iter'];
    if (reference?.samples > 0)
      console.log(
        `  the for-await reference: burst CPU ${fmtRatio(reference.burstCpuRatio)} of raw (round by round ${fmtRatio(reference.burstCpuPairedRatio)}); llmux ${fmtRatio(ratio(l.burstCpuMs.median, reference.burstCpuMs.median))} of it`,
      );
  }
  return { streams, chunks, clients: stats };
}

export async function run({ rounds = roundsFromArgs(6), format = formatFromArgs() } = {}) {
  requireBuiltLlmux();
  const buildBefore = llmuxBuildStamp();
  const wire = FORMATS[format];
  const clients = selectClients(wire.clients);
  printMachine();
  const scenarios = {};
  for (const s of scenariosFromArgs()) scenarios[s.id] = await runScenario(s, rounds, clients, wire);
  const section = {
    rounds,
    buildUnchanged: checkBuildUnchanged(buildBefore),
    method: `one fresh process per sample: import the client, start N ${wire.streams} at once against a local server (run by the parent, 64 KiB writes) and read them all, checking each joined text (length and hash); burst time and CPU (user+system) measured in the child from the first request to the last stream read; process CPU and peak RSS (resourceUsage().maxRSS) reported by the child at exit; each client with its default connection pool`,
    versions: packageVersions(wire.packages),
    scenarios,
  };
  // One scenario alone would replace a section holding both.
  if (process.argv.includes('--scenario')) console.log('(--scenario: results.json left as it was)');
  else writeResults(wire.section, section);
  return section;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await run();
