// 20,000-chunk streams: a fresh process imports its client and reads one long OpenAI
// `chat.completion.chunk` stream, or one long Anthropic Messages event stream, from a local
// server that writes prepared bytes in large writes. Each child reports its CPU time for the
// whole process (start-up included, as the user pays it), its CPU for the streaming part alone,
// and its peak RSS. A client whose text is not exactly what the server sent counts as failed,
// not as a time. The same text also runs as an OpenAI Responses API event stream.
// `--provider openai|anthropic|responses` runs one stream only.
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
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
  round,
  roundsFromArgs,
  runChild,
  runRounds,
  selectClients,
  writeResults,
} from './lib/common.mjs';
import {
  anthropicSseBody,
  responsesSseBody,
  sseBody,
  startChatServer,
  startMessagesServer,
  startResponsesServer,
  streamPieces,
  textHash,
} from './lib/servers.mjs';

export const CHUNKS = 20_000;

const client = (id, label, every = 1, file = id) => ({
  id,
  label,
  every,
  script: fileURLToPath(new URL(`./clients/stream/${file}.mjs`, import.meta.url)),
});

export const CLIENTS = [
  client('raw', 'raw hand parse (baseline)'),
  client('raw-stream', 'raw streaming hand parse', 1, 'raw-stream'),
  client('llmux', 'llmux stream()'),
  client('openai', 'openai SDK stream'),
  // Over ten times slower than the rest: sampled every other round so a run stays near 3 minutes.
  client('ai', 'ai streamText', 2),
  client('pi-ai', 'pi-ai stream()'),
];

// The same stream as Anthropic's Messages API sends it. Ids match the OpenAI run's where the
// client is the same, so `--only llmux` narrows both.
export const ANTHROPIC_CLIENTS = [
  client('raw', 'raw hand parse (baseline)', 1, 'raw-anthropic'),
  client('raw-stream', 'raw streaming hand parse', 1, 'raw-stream-anthropic'),
  client('llmux', 'llmux stream()', 1, 'llmux-anthropic'),
  client('anthropic-stream', 'Anthropic SDK messages.stream()', 1, 'anthropic-sdk-stream'),
  client('anthropic-create', 'Anthropic SDK create({stream})', 1, 'anthropic-sdk-create'),
];

// The same text as an OpenAI Responses API stream (named events, one output_text.delta each).
export const RESPONSES_CLIENTS = [
  client('raw', 'raw hand parse (baseline)', 1, 'raw-responses'),
  client('llmux', "llmux stream() (api: 'responses')", 1, 'llmux-responses'),
  client('openai-responses', 'openai SDK responses.stream()', 1, 'openai-responses-stream'),
];

/** `--provider openai|anthropic|responses` runs one of the streams; without it, all run. */
function providersFromArgs() {
  const i = process.argv.indexOf('--provider');
  if (i < 0) return ['openai', 'anthropic', 'responses'];
  const wanted = process.argv[i + 1];
  if (wanted !== 'openai' && wanted !== 'anthropic' && wanted !== 'responses')
    throw new Error(`--provider wants openai, anthropic or responses, got ${wanted}`);
  return [wanted];
}

export async function run({ rounds = roundsFromArgs(15), providers = providersFromArgs() } = {}) {
  const sections = {};
  if (providers.includes('openai')) sections.stream = await runOpenAI({ rounds });
  if (providers.includes('anthropic')) sections['stream-anthropic'] = await runAnthropic({ rounds });
  if (providers.includes('responses')) sections['stream-responses'] = await runResponses({ rounds });
  return sections;
}

export async function runResponses({ rounds = roundsFromArgs(15) } = {}) {
  requireBuiltLlmux();
  const pieces = streamPieces(CHUNKS);
  const body = responsesSseBody(pieces);
  const server = await startResponsesServer({ sse: body, writeSize: 64 * 1024 });
  return measureStream({
    rounds,
    server,
    body,
    expected: pieces.join(''),
    clients: selectClients(RESPONSES_CLIENTS),
    heading: `${CHUNKS.toLocaleString('en')}-event OpenAI Responses stream`,
    resultsKey: 'stream-responses',
    method:
      'one fresh process per sample: import the client, read one OpenAI Responses API stream of 20,000 response.output_text.delta events (with response.created, in_progress, the item and content part events, the done events and response.completed with usage; named events) from a local server (64 KiB writes), exit; process CPU (user+system) and peak RSS reported by the child at exit; stream-part CPU measured in the child from the call to the last event; text length and hash checked',
    versions: ['llmux', 'openai'],
  });
}

export async function runOpenAI({ rounds = roundsFromArgs(15) } = {}) {
  requireBuiltLlmux();
  const pieces = streamPieces(CHUNKS);
  const body = sseBody(pieces, { prompt_tokens: 12, completion_tokens: CHUNKS, total_tokens: CHUNKS + 12 });
  const server = await startChatServer({ sse: body, writeSize: 64 * 1024 });
  return measureStream({
    rounds,
    server,
    body,
    expected: pieces.join(''),
    clients: selectClients(CLIENTS),
    heading: `${CHUNKS.toLocaleString('en')}-chunk stream`,
    resultsKey: 'stream',
    method:
      'one fresh process per sample: import the client, read one 20,000-chunk stream from a local server (64 KiB writes), exit; process CPU (user+system) and peak RSS reported by the child at exit; stream-part CPU measured in the child from the call to the last chunk; text length and hash checked',
    versions: ['llmux', 'openai', 'ai', '@ai-sdk/openai', '@mariozechner/pi-ai'],
  });
}

export async function runAnthropic({ rounds = roundsFromArgs(15) } = {}) {
  requireBuiltLlmux();
  const pieces = streamPieces(CHUNKS);
  const body = anthropicSseBody(pieces, { input_tokens: 12, output_tokens: CHUNKS });
  const server = await startMessagesServer({ sse: body, writeSize: 64 * 1024 });
  return measureStream({
    rounds,
    server,
    body,
    expected: pieces.join(''),
    clients: selectClients(ANTHROPIC_CLIENTS),
    heading: `${CHUNKS.toLocaleString('en')}-event Anthropic Messages stream`,
    resultsKey: 'stream-anthropic',
    method:
      'one fresh process per sample: import the client, read one Anthropic Messages stream of 20,000 content_block_delta events (with message_start, content_block_start, ping, content_block_stop, message_delta, message_stop; named events) from a local server (64 KiB writes), exit; process CPU (user+system) and peak RSS reported by the child at exit; stream-part CPU measured in the child from the call to the last event; text length and hash checked',
    versions: ['llmux', '@anthropic-ai/sdk'],
  });
}

/** Times `clients` reading `body` from `server` (which it closes), prints the table, records the section. */
async function measureStream({ rounds, server, body, expected, clients, heading, resultsKey, method, versions }) {
  const buildBefore = llmuxBuildStamp();
  const expectedHash = textHash(expected);
  console.log(
    `\n== ${heading} (${(Buffer.byteLength(body) / 1024 / 1024).toFixed(1)} MiB of SSE): ` +
      `${rounds} rounds, one fresh process per sample, clients interleaved`,
  );
  printMachine();

  const env = { BENCH_BASE_URL: server.baseURL };
  const measure = async (c) => {
    const result = await runChild([c.script], { env });
    if (!result.ok) return result;
    const r = result.report;
    if (r.textLength !== expected.length || r.textHash !== expectedHash) {
      return {
        ok: false,
        error: `wrong text: ${r.textLength} chars (hash ${r.textHash}), expected ${expected.length} (hash ${expectedHash})`,
      };
    }
    return {
      ok: true,
      wallMs: result.wallMs,
      cpuMs: r.cpuUs / 1000,
      streamCpuMs: r.streamCpuUs / 1000,
      streamMs: r.streamMs,
      peakMiB: kibToMiB(r.maxRSSKiB),
      usageSeen: r.completionTokens === CHUNKS,
    };
  };
  let outcome;
  try {
    outcome = await runRounds(clients, rounds, measure, { label: 'stream' });
  } finally {
    await server.close();
  }
  const { samples, failures } = outcome;

  const stats = clientStats(
    clients,
    { samples, failures },
    {
      cpuMs: 'cpuMs',
      streamCpuMs: 'streamCpuMs',
      streamMs: 'streamMs',
      wallMs: 'wallMs',
      peakRssMiB: 'peakMiB',
    },
    (_c, s) => ({ usageReported: s.length > 0 && s.every((x) => x.usageSeen) }),
  );
  const base = stats.raw;
  for (const c of clients) {
    const st = stats[c.id];
    st.cpuRatio = ratio(st.cpuMs.median, base.cpuMs.median);
    st.cpuPairedRatio = pairedRatio(samples.get(c.id), samples.get('raw'), (x) => x.cpuMs);
    st.streamCpuRatio = ratio(st.streamCpuMs.median, base.streamCpuMs.median);
    st.streamCpuPairedRatio = pairedRatio(samples.get(c.id), samples.get('raw'), (x) => x.streamCpuMs);
    st.wallRatio = ratio(st.wallMs.median, base.wallMs.median);
    st.peakRssRatio = ratio(st.peakRssMiB.median, base.peakRssMiB.median);
    st.peakRssOverRawMiB = round(st.peakRssMiB.median - base.peakRssMiB.median);
  }

  printTable(
    `${heading} (median, p10–p90 in brackets; ratios are to the raw hand parse)`,
    [
      'client',
      'n',
      'process CPU ms',
      'CPU ×raw',
      'stream-part CPU ms',
      'part ×raw',
      'process wall ms',
      'peak RSS MiB',
      'RSS ×raw',
      'RSS +MiB',
    ],
    clients.map((c) => {
      const st = stats[c.id];
      if (st.samples === 0) return [c.label, 0, 'FAILED', '-', '-', '-', '-', '-', '-', '-'];
      return [
        c.label,
        st.samples,
        fmtSpread(st.cpuMs, 0),
        fmtRatio(st.cpuRatio),
        fmtSpread(st.streamCpuMs, 0),
        fmtRatio(st.streamCpuRatio),
        fmt(st.wallMs.median, 0),
        fmtSpread(st.peakRssMiB, 1),
        fmtRatio(st.peakRssRatio),
        fmt(st.peakRssOverRawMiB, 1),
      ];
    }),
  );
  printFailures(clients, failures);
  for (const c of clients) {
    if (stats[c.id].samples > 0 && !stats[c.id].usageReported) console.log(`  note: ${c.label} did not report the usage chunk`);
  }

  const targets = {};
  if (stats.llmux?.samples > 0) {
    const l = stats.llmux;
    targets.cpuRatio = { limit: 1.3, value: l.cpuRatio, pass: l.cpuRatio <= 1.3 };
    // The like-for-like comparison: llmux hands out chunks as they arrive, and so does this parse.
    const s = stats['raw-stream'];
    if (s?.samples > 0) {
      const value = ratio(l.cpuMs.median, s.cpuMs.median);
      const paired = pairedRatio(samples.get('llmux'), samples.get('raw-stream'), (x) => x.cpuMs);
      targets.cpuRatioToStreamingParse = { limit: 1.3, value, paired, pass: value <= 1.3 };
      console.log(
        `llmux process CPU ${fmtRatio(value)} of the streaming hand parse (target <= 1.3x: ${value <= 1.3 ? 'met' : 'MISSED'}; round by round ${fmtRatio(paired)})`,
      );
    }
    targets.peakRssOverRawMiB = { limit: 8, value: l.peakRssOverRawMiB, pass: l.peakRssOverRawMiB <= 8 };
    console.log(
      `llmux process CPU ${fmtRatio(l.cpuRatio)} of raw (target <= 1.3x: ${targets.cpuRatio.pass ? 'met' : 'MISSED'}; round by round ${fmtRatio(l.cpuPairedRatio)}), ` +
        `peak RSS raw ${l.peakRssOverRawMiB >= 0 ? '+' : ''}${fmt(l.peakRssOverRawMiB, 1)} MiB (target <= +8: ${targets.peakRssOverRawMiB.pass ? 'met' : 'MISSED'})`,
    );
  }

  const buildUnchanged = checkBuildUnchanged(buildBefore);
  const section = {
    rounds,
    buildUnchanged,
    chunks: CHUNKS,
    sseBytes: Buffer.byteLength(body),
    textChars: expected.length,
    method,
    versions: packageVersions(versions),
    targets,
    clients: stats,
  };
  writeResults(resultsKey, section);
  return section;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await run();
