// The README's benchmark table, written from results.json: one row per scenario the performance
// targets name, llmux and its peers as ratios to raw node:http measured in the same run, the
// target, whether llmux meets it, and when the row was measured. A section or a client the last
// run did not measure is printed as "not measured", never as a number from elsewhere.

import { TARGETS } from './targets.mjs';

/** The peers, in column order, as the table heads them. */
export const PEERS = [
  { key: 'openai', head: 'openai SDK' },
  { key: 'anthropic', head: '`@anthropic-ai/sdk`' },
  { key: 'ai', head: 'AI SDK (`ai`)' },
  { key: 'pi-ai', head: 'pi-ai' },
];

export const NOT_MEASURED = 'not measured';

/** The peers measured in the OpenAI-format and the Anthropic-format concurrency scenarios. */
const OPENAI_FORMAT_PEERS = { openai: 'openai', ai: 'ai', 'pi-ai': 'pi-ai' };
const ANTHROPIC_FORMAT_PEERS = { anthropic: 'anthropic', ai: 'ai', 'pi-ai': 'pi-ai' };

/** A concurrency scenario's burst CPU row: llmux and its peers × raw, against `limit`. */
function burstCpuRow(section, scenario, label, peers, limit) {
  return {
    section,
    ...(scenario === undefined ? {} : { within: ['scenarios', scenario] }),
    label,
    kind: 'ratio',
    llmux: 'llmux',
    peers,
    value: (c) => c.burstCpuRatio,
    paired: (c) => c.burstCpuPairedRatio,
    base: (all) => fmtMs(median(all.raw?.burstCpuMs)),
    target: { limit, text: `≤ ${limit}x` },
  };
}

/**
 * The rows. Fields:
 * - section: key under `results.benchmarks`; within: keys from there down to the clients' holder.
 * - label: the first cell.
 * - kind: 'ratio' (× raw, printed 1.23x), 'ms', 'us' (µs over something), 'mib' (MiB over raw) or 'kb'.
 * - llmux: the llmux client's id; peers: id in the section by peer key (absent: not measured;
 *   a string instead of an id object entry with `text`: printed as is, e.g. "no router").
 * - value(client, clients): the number of a client; paired(client): the round-by-round figure, shown in brackets.
 * - base(clients): the baseline's own figure, for the raw column.
 * - target: { limit, text } (llmux meets it when its value is at most `limit`); text alone: no verdict.
 */
export const ROWS = [
  {
    section: 'import',
    label: '`import "llmux"`, ms over importing an empty package by name',
    kind: 'ms',
    llmux: 'llmux',
    peers: { openai: 'openai', anthropic: 'anthropic', ai: 'ai', 'pi-ai': 'pi-ai' },
    value: (c, all) => c.importMsOverEmptyPackage ?? minus(median(c.importMs), median(all.empty?.importMs)),
    base: (all) => (median(all.empty?.importMs) === null ? null : `empty package: ${fmtMs(median(all.empty.importMs))}`),
    target: { limit: TARGETS.importOverEmptyMs, text: `≤ ${TARGETS.importOverEmptyMs} ms` },
  },
  {
    section: 'cold',
    label: 'cold one-shot completion, process wall time',
    kind: 'ratio',
    llmux: 'llmux',
    peers: { openai: 'openai', ai: 'ai', 'pi-ai': 'pi-ai' },
    value: (c) => c.wallRatio,
    paired: (c) => c.wallPairedRatio,
    base: (all) => fmtMs(median(all.raw?.wallMs)),
    target: { limit: TARGETS.coldWallRatio, text: `≤ ${TARGETS.coldWallRatio}x` },
  },
  {
    section: 'stream',
    label: 'one OpenAI stream of 20,000 chunks, process CPU',
    kind: 'ratio',
    llmux: 'llmux',
    peers: { openai: 'openai', ai: 'ai', 'pi-ai': 'pi-ai' },
    value: (c) => c.cpuRatio,
    paired: (c) => c.cpuPairedRatio,
    base: (all) => fmtMs(median(all.raw?.cpuMs)),
    target: { limit: TARGETS.streamCpuRatio, text: `≤ ${TARGETS.streamCpuRatio}x` },
  },
  {
    section: 'stream-anthropic',
    label: 'one Anthropic stream of 20,000 events, process CPU',
    kind: 'ratio',
    llmux: 'llmux',
    peers: { anthropic: 'anthropic-stream' },
    value: (c) => c.cpuRatio,
    paired: (c) => c.cpuPairedRatio,
    base: (all) => fmtMs(median(all.raw?.cpuMs)),
    target: { limit: TARGETS.anthropicStreamCpuRatio, text: `≤ ${TARGETS.anthropicStreamCpuRatio}x` },
  },
  burstCpuRow('concurrent', undefined, '1,000 concurrent completions, CPU of the burst', OPENAI_FORMAT_PEERS, TARGETS.concurrentCpuRatio),
  {
    section: 'concurrent',
    label: '1,000 concurrent completions, peak RSS over raw',
    kind: 'mib',
    llmux: 'llmux',
    peers: { openai: 'openai', ai: 'ai', 'pi-ai': 'pi-ai' },
    value: (c) => c.peakRssOverRawMiB,
    base: (all) => fmtMiB(median(all.raw?.peakRssMiB)),
    target: { limit: TARGETS.concurrentRssOverRawMiB, text: `≤ raw + ${TARGETS.concurrentRssOverRawMiB} MiB` },
  },
  burstCpuRow(
    'concurrent-streams',
    '100x200',
    '100 concurrent streams × 200 chunks, CPU of the burst',
    OPENAI_FORMAT_PEERS,
    TARGETS.concurrentStreamsCpuRatio,
  ),
  burstCpuRow(
    'concurrent-streams',
    '1000x50',
    '1,000 concurrent streams × 50 chunks, CPU of the burst',
    OPENAI_FORMAT_PEERS,
    TARGETS.concurrentStreamsCpuRatio,
  ),
  {
    section: 'concurrent-streams',
    within: ['scenarios', '1000x50'],
    label: '1,000 concurrent streams × 50 chunks, peak RSS over raw',
    kind: 'mib',
    llmux: 'llmux',
    peers: { openai: 'openai', ai: 'ai', 'pi-ai': 'pi-ai' },
    value: (c) => c.peakRssOverRawMiB,
    base: (all) => fmtMiB(median(all.raw?.peakRssMiB)),
    target: { text: 'flat memory' },
  },
  // The same scenarios in the Anthropic Messages format (their own raw baseline and run), so
  // that @anthropic-ai/sdk, which speaks only that format, is measured beside llmux.
  burstCpuRow(
    'concurrent-anthropic',
    undefined,
    '1,000 concurrent completions, Anthropic Messages format, CPU of the burst',
    ANTHROPIC_FORMAT_PEERS,
    TARGETS.concurrentCpuRatio,
  ),
  burstCpuRow(
    'concurrent-streams-anthropic',
    '100x200',
    '100 concurrent streams × 200 chunks, Anthropic Messages format, CPU of the burst',
    ANTHROPIC_FORMAT_PEERS,
    TARGETS.concurrentStreamsCpuRatio,
  ),
  burstCpuRow(
    'concurrent-streams-anthropic',
    '1000x50',
    '1,000 concurrent streams × 50 chunks, Anthropic Messages format, CPU of the burst',
    ANTHROPIC_FORMAT_PEERS,
    TARGETS.concurrentStreamsCpuRatio,
  ),
  {
    section: 'routerConcurrent',
    label: 'Router over the plain client: 1,000 concurrent completions, CPU of the burst',
    kind: 'ratio',
    llmux: 'router-completions',
    peers: NO_ROUTER(),
    value: (c) => c.burstCpuRatioToClient,
    paired: (c) => c.burstCpuPairedRatioToClient,
    base: (all) =>
      median(all['client-completions']?.burstCpuMs) === null ? null : `client: ${fmtMs(median(all['client-completions'].burstCpuMs))}`,
    target: { limit: TARGETS.routerBurstCpuRatio, text: `≤ ${TARGETS.routerBurstCpuRatio}x` },
  },
  {
    section: 'routerConcurrent',
    label: 'Router over the plain client: 100 streams × 200 chunks, CPU of the burst',
    kind: 'ratio',
    llmux: 'router-streams',
    peers: NO_ROUTER(),
    value: (c) => c.burstCpuRatioToClient,
    paired: (c) => c.burstCpuPairedRatioToClient,
    base: (all) =>
      median(all['client-streams']?.burstCpuMs) === null ? null : `client: ${fmtMs(median(all['client-streams'].burstCpuMs))}`,
    target: { limit: TARGETS.routerBurstCpuRatio, text: `≤ ${TARGETS.routerBurstCpuRatio}x` },
  },
  {
    section: 'router',
    label: 'Router over the plain client, per sequential call (warm), wall',
    kind: 'us',
    llmux: 'router',
    peers: NO_ROUTER(),
    // The in-process pairing (router-overhead.mjs); a run from before it had only the difference of processes.
    value: (c) => c.overClientInProcessUs ?? c.overClientUs,
    paired: (c) => (c.overClientInProcessUs === undefined ? c.overClientPairedUs : undefined),
    base: (all) => (median(all.llmux?.usPerCall) === null ? null : `client: ${fmtUs(median(all.llmux.usPerCall))}/call`),
    target: { limit: TARGETS.routerPerCallUs, text: `≤ ${TARGETS.routerPerCallUs} µs` },
  },
  {
    section: 'firstCost',
    label: 'first `completionCost` in a fresh process, ms over an empty import',
    kind: 'ms',
    llmux: 'llmux',
    peers: { 'pi-ai': 'pi-ai' },
    value: (c) => c.overControlMs,
    target: { limit: TARGETS.firstCostMs, text: `≤ ${TARGETS.firstCostMs} ms` },
  },
  {
    section: 'bundle',
    label: 'one-call OpenAI app in one file, gzipped (llmux: `llmux/lite`)',
    kind: 'kb',
    llmux: 'llmux-lite-openai',
    peers: { openai: 'openai', anthropic: 'anthropic', ai: 'ai-openai', 'pi-ai': 'pi-ai' },
    value: (c) => (typeof c.gzipBytes === 'number' ? c.gzipBytes / 1000 : null),
    target: { limit: TARGETS.bundleLiteOpenaiKB, text: `≤ ${TARGETS.bundleLiteOpenaiKB} KB` },
  },
  {
    section: 'bundle',
    label: 'the same with OpenAI, Anthropic and OpenRouter, gzipped',
    kind: 'kb',
    llmux: 'llmux-lite-three',
    peers: { ai: 'ai-three' },
    value: (c) => (typeof c.gzipBytes === 'number' ? c.gzipBytes / 1000 : null),
    target: { limit: TARGETS.bundleLiteThreeKB, text: `≤ ${TARGETS.bundleLiteThreeKB} KB` },
  },
];

function NO_ROUTER() {
  return Object.fromEntries(PEERS.map((p) => [p.key, { text: 'no router' }]));
}

// ---------------------------------------------------------------- reading

const isObject = (x) => x !== null && typeof x === 'object' && !Array.isArray(x);
const finite = (x) => (typeof x === 'number' && Number.isFinite(x) ? x : null);

/** A number, or the median of a `{ median }` summary; null when neither. */
function median(v) {
  if (finite(v) !== null) return v;
  if (isObject(v)) return finite(v.median);
  return null;
}

function minus(a, b) {
  return a === null || b === null ? null : a - b;
}

/** The clients of a section (or of the object `within` points to), by id; null when absent. */
function clientsOf(section, within = []) {
  let scope = section;
  for (const key of within) scope = isObject(scope) ? scope[key] : undefined;
  const raw = isObject(scope) ? scope.clients : undefined;
  if (Array.isArray(raw)) return Object.fromEntries(raw.filter(isObject).map((c) => [String(c.id), c]));
  return isObject(raw) ? raw : null;
}

// ---------------------------------------------------------------- formatting

/** Rounds half away from zero at `digits` decimals, immune to 1.005 being 1.00499999… in binary. */
function roundTo(x, digits) {
  const f = 10 ** digits;
  return (Math.sign(x) * Math.round(Number((Math.abs(x) * f).toPrecision(12)))) / f;
}

/** 2 decimals under 10, 1 under 100, none above: 1.49x, 23.9x, 120x. */
export function fmtRatio(r) {
  const a = Math.abs(r);
  const digits = a < 10 ? 2 : a < 100 ? 1 : 0;
  return `${roundTo(r, digits).toFixed(digits)}x`;
}

const grouped = (x) => x.toLocaleString('en-US');
const fmtFixed = (x) => {
  const a = Math.abs(x);
  const digits = a < 10 ? 2 : a < 100 ? 1 : 0;
  return digits === 0 ? grouped(roundTo(x, 0)) : roundTo(x, digits).toFixed(digits);
};
function fmtMs(x) {
  return x === null ? null : `${fmtFixed(x)} ms`;
}
function fmtUs(x) {
  return x === null ? null : `${fmtFixed(x)} µs`;
}
function fmtMiB(x) {
  return x === null ? null : `${fmtFixed(x)} MiB`;
}
const signed = (x, unit) => `${x >= 0 ? '+' : '−'}${fmtFixed(Math.abs(x))} ${unit}`;

/** A value of a row's kind as printed in its cell. */
export function fmtValue(x, kind) {
  if (kind === 'ratio') return fmtRatio(x);
  if (kind === 'ms') return `${fmtFixed(x)} ms`;
  if (kind === 'us') return signed(x, 'µs');
  if (kind === 'mib') return signed(x, 'MiB');
  if (kind === 'kb') return `${Math.abs(x) < 100 ? roundTo(x, 1).toFixed(1) : grouped(roundTo(x, 0))} KB`;
  return String(x);
}

const cellText = (s) => String(s).replaceAll('|', '\\|').replaceAll('\n', ' ');

// ---------------------------------------------------------------- the table

/** One client's cell: its value (llmux in bold, its round-by-round figure in brackets). */
function clientCell(row, client, all, isLlmux) {
  if (client === undefined) return NOT_MEASURED;
  if (client.samples === 0) return 'failed';
  const v = finite(row.value(client, all));
  if (v === null) return NOT_MEASURED;
  const main = isLlmux ? `**${fmtValue(v, row.kind)}**` : fmtValue(v, row.kind);
  const p = row.paired && isLlmux ? finite(row.paired(client)) : null;
  return p === null ? main : `${main} (${fmtValue(p, row.kind)})`;
}

/** The cells of one row, or of a row whose section the run lacks. */
export function rowCells(row, results) {
  const section = isObject(results?.benchmarks) ? results.benchmarks[row.section] : undefined;
  const clients = isObject(section) ? clientsOf(section, row.within) : null;
  const target = row.target?.text ?? '';
  if (clients === null) {
    return [row.label, target, NOT_MEASURED, NOT_MEASURED, ...PEERS.map(() => NOT_MEASURED), NOT_MEASURED];
  }
  const llmux = clients[row.llmux];
  const llmuxValue = llmux && llmux.samples !== 0 ? finite(row.value(llmux, clients)) : null;
  let verdict = target;
  if (row.target?.limit !== undefined && llmuxValue !== null) verdict += llmuxValue <= row.target.limit ? ': met' : ': missed';
  const peers = PEERS.map(({ key }) => {
    const id = row.peers?.[key];
    if (isObject(id)) return id.text;
    return id === undefined ? NOT_MEASURED : clientCell(row, clients[id], clients, false);
  });
  const date = String(section.date ?? '').slice(0, 10);
  const run = [/^\d{4}-\d\d-\d\d$/.test(date) ? date : null, finite(section.rounds) === null ? null : `${section.rounds} rounds`]
    .filter(Boolean)
    .join(', ');
  return [row.label, verdict, row.base?.(clients) ?? '', clientCell(row, llmux, clients, true), ...peers, run || '?'];
}

/** The Markdown block: a line saying what the figures are, then the table. */
export function readmeTable(results) {
  const machine = isObject(results?.machine) ? results.machine : {};
  const where = [
    machine.node ? `Node ${String(machine.node).replace(/^v/, '')}` : null,
    machine.cores ? `${machine.cores} cores` : null,
    machine.cpuModel ? String(machine.cpuModel) : null,
  ].filter(Boolean);
  const head = ['scenario', 'target for llmux', 'baseline', '**llmux**', ...PEERS.map((p) => p.head), 'run'];
  const lines = [
    `Medians from \`bench/results.json\`${where.length > 0 ? ` (${where.join(', ')})` : ''}: ratios (x) are to raw \`node:http\` ` +
      'in the same run (the Router rows: to the plain llmux client), llmux’s round-by-round ratio in brackets; the baseline ' +
      'column is the absolute figure the ratios divide by. "not measured": not in that run. Regenerate with ' +
      '`npm run readme-table` in `bench/`.',
    '',
    `| ${head.join(' | ')} |`,
    `|${head.map(() => '---').join('|')}|`,
  ];
  for (const row of ROWS) lines.push(`| ${rowCells(row, results).map(cellText).join(' | ')} |`);
  return `${lines.join('\n')}\n`;
}

export const START_MARKER = '<!-- bench-table:start (generated by `npm run readme-table` in bench/) -->';
export const END_MARKER = '<!-- bench-table:end -->';

/** `readme` with the text between the markers replaced by `table`; throws when the markers are missing. */
export function replaceTable(readme, table) {
  const start = readme.indexOf(START_MARKER);
  const end = readme.indexOf(END_MARKER);
  if (start === -1 || end === -1 || end < start) throw new Error(`README.md has no ${START_MARKER} … ${END_MARKER} block`);
  return `${readme.slice(0, start + START_MARKER.length)}\n${table}${readme.slice(end)}`;
}
