// Draws results.json as one static SVG: a panel of horizontal bars per benchmark metric, each
// bar a client's median over the baseline of that benchmark on a log scale, llmux in colour and
// its peers in grey. No dependencies, no scripts, no external fonts, so GitHub shows it as is.
//
// A panel is one entry of PANELS. A section that is missing from results.json, or whose shape
// the entry does not recognise, is skipped (and said so by describeChart), never a crash.

import { TARGETS } from './targets.mjs';

/**
 * What each panel draws. Fields:
 * - section: key under `results.benchmarks`; id: unique key of the panel (default: section).
 * - title, note: the panel's heading and its grey line under it (note may be a function of the section).
 * - kind: 'ratio' (default; client ÷ baseline, 1× line drawn) or 'value' (the number itself, in `unit`).
 * - ratio: field(s) of a client holding its ratio to the baseline, read first;
 *   metric: field(s) whose median (or number) is divided by the baseline client's when no ratio field is there.
 * - value: field(s) read for a 'value' panel; scale: multiplies it (bytes to KB, say).
 * - baseline: id(s) of the baseline client (never drawn as a bar: it is the 1× line).
 * - exclude: ids never drawn; controls: ids drawn in a paler grey as a reference, not a peer.
 * - names: display names by client id, over the shared NAMES.
 * - higherIsBetter: the panel title says so (ratios are never inverted).
 * - target: { key } reads `section.targets[key].limit`, { value } is fixed, { of(section) } computes it
 *   from the run (null: none); label(n) words it.
 *   markers: more such lines, for a 'value' panel with several targets.
 * - clients: key(s) of the section holding the clients, if not 'clients' (object by id, or array with `id`).
 * - within: path of keys from the section down to the object holding the clients, for a section
 *   with several scenarios (['scenarios', '100x200']).
 * - expect: ids of peers the panel should show; one missing from the run gets a "not measured" row.
 * - llmux: more ids to draw in llmux's colour (ids and labels starting with "llmux" always are).
 * - skip: a known section that has nothing to chart; the reason is printed.
 */
/** The peers the agent-scale panels name, measured or not. */
const CONCURRENCY_PEERS = ['openai', 'anthropic', 'ai', 'pi-ai'];
/** The same in the Anthropic Messages format, which the openai SDK does not speak. */
const ANTHROPIC_CONCURRENCY_PEERS = ['anthropic', 'ai', 'pi-ai'];

export const PANELS = [
  {
    section: 'import',
    title: 'Import time',
    note: 'ms over bare Node; empty package = Node’s fixed cost',
    kind: 'value',
    unit: 'ms',
    value: 'importMsOverBare',
    exclude: ['bare'],
    controls: ['empty'],
    // The target is over the empty package, which the run measures beside the clients.
    target: {
      of: (section) => {
        const empty = num(section?.clients?.empty?.importMsOverBare);
        return empty === null ? null : empty + TARGETS.importOverEmptyMs;
      },
      label: () => `target: empty + ${TARGETS.importOverEmptyMs} ms`,
    },
  },
  {
    section: 'cold',
    id: 'cold-wall',
    title: 'Cold one-shot completion: wall time',
    note: '× raw node:http, spawn → exit',
    ratio: 'wallRatio',
    metric: 'wallMs',
    baseline: ['raw'],
    target: { value: TARGETS.coldWallRatio },
  },
  {
    section: 'cold',
    id: 'cold-rss',
    title: 'Cold one-shot completion: peak RSS',
    note: '× raw node:http',
    ratio: 'peakRssRatio',
    metric: 'peakRssMiB',
    baseline: ['raw'],
  },
  {
    section: 'stream',
    id: 'stream-cpu',
    title: 'OpenAI 20k-chunk stream: CPU',
    note: '× raw hand parse, whole process user + system',
    ratio: 'cpuRatio',
    metric: 'cpuMs',
    baseline: ['raw'],
    target: { value: TARGETS.streamCpuRatio },
  },
  {
    section: 'stream-anthropic',
    id: 'stream-anthropic-cpu',
    title: 'Anthropic 20k-event stream: CPU',
    note: '× raw hand parse, whole process user + system',
    ratio: 'cpuRatio',
    metric: 'cpuMs',
    baseline: ['raw'],
    target: { value: TARGETS.anthropicStreamCpuRatio },
  },
  {
    section: 'stream',
    id: 'stream-rss',
    title: 'OpenAI 20k-chunk stream: peak RSS',
    note: '× raw hand parse (which holds the whole body)',
    ratio: 'peakRssRatio',
    metric: 'peakRssMiB',
    baseline: ['raw'],
  },
  {
    section: 'stream-anthropic',
    id: 'stream-anthropic-rss',
    title: 'Anthropic 20k-event stream: peak RSS',
    note: '× raw hand parse (which holds the whole body)',
    ratio: 'peakRssRatio',
    metric: 'peakRssMiB',
    baseline: ['raw'],
  },
  {
    section: 'firstCost',
    title: 'First price of a call',
    note: 'import + first cost lookup, ms over an empty package',
    kind: 'value',
    unit: 'ms',
    value: 'overControlMs',
    exclude: ['empty'],
    names: { llmux: 'llmux/models', 'llmux-root': 'llmux root only' },
    target: { value: TARGETS.firstCostMs, label: (n) => `target ${n} ms` },
  },
  // The agent-scale scenarios: many calls at once in one process, CPU of the burst (first request
  // to last reply) over raw node:http's in the same run. The Anthropic SDK cannot speak the
  // OpenAI wire format these servers use, so it shows as not measured here (it is measured in the
  // Anthropic-format panels below).
  {
    section: 'concurrent',
    id: 'concurrent-cpu',
    title: '1,000 concurrent completions: CPU',
    note: '× raw node:http, CPU from first request to last reply',
    ratio: 'burstCpuRatio',
    metric: 'burstCpuMs',
    baseline: ['raw', 'baseline'],
    expect: CONCURRENCY_PEERS,
    target: { value: TARGETS.concurrentCpuRatio },
  },
  {
    section: 'concurrent-streams',
    id: 'concurrent-streams-100x200-cpu',
    within: ['scenarios', '100x200'],
    title: '100 concurrent streams × 200 chunks: CPU',
    note: '× raw node:http + hand SSE parse, CPU of the burst',
    ratio: 'burstCpuRatio',
    metric: 'burstCpuMs',
    baseline: ['raw'],
    expect: CONCURRENCY_PEERS,
    controls: ['raw-iter'],
    target: { value: TARGETS.concurrentStreamsCpuRatio },
  },
  {
    section: 'concurrent-streams',
    id: 'concurrent-streams-1000x50-cpu',
    within: ['scenarios', '1000x50'],
    title: '1,000 concurrent streams × 50 chunks: CPU',
    note: '× raw node:http + hand SSE parse, CPU of the burst',
    ratio: 'burstCpuRatio',
    metric: 'burstCpuMs',
    baseline: ['raw'],
    expect: CONCURRENCY_PEERS,
    controls: ['raw-iter'],
    target: { value: TARGETS.concurrentStreamsCpuRatio },
  },
  // The same scenarios in the Anthropic Messages format (`--format anthropic`), where the
  // Anthropic SDK can take part and the openai SDK cannot. No target line: the targets are set on
  // the OpenAI-format runs above.
  {
    section: 'concurrent-anthropic',
    id: 'concurrent-anthropic-cpu',
    title: '1,000 completions, Anthropic format: CPU',
    note: '× raw node:http, CPU from first request to last reply',
    ratio: 'burstCpuRatio',
    metric: 'burstCpuMs',
    baseline: ['raw'],
    expect: ANTHROPIC_CONCURRENCY_PEERS,
  },
  {
    section: 'concurrent-streams-anthropic',
    id: 'concurrent-streams-anthropic-100x200-cpu',
    within: ['scenarios', '100x200'],
    title: '100 streams × 200 chunks, Anthropic format: CPU',
    note: '× raw node:http + hand SSE parse, CPU of the burst',
    ratio: 'burstCpuRatio',
    metric: 'burstCpuMs',
    baseline: ['raw'],
    names: { anthropic: 'Anthropic .create()' },
    expect: ANTHROPIC_CONCURRENCY_PEERS,
  },
  {
    section: 'concurrent-streams-anthropic',
    id: 'concurrent-streams-anthropic-1000x50-cpu',
    within: ['scenarios', '1000x50'],
    title: '1,000 streams × 50 chunks, Anthropic format: CPU',
    note: '× raw node:http + hand SSE parse, CPU of the burst',
    ratio: 'burstCpuRatio',
    metric: 'burstCpuMs',
    baseline: ['raw'],
    names: { anthropic: 'Anthropic .create()' },
    expect: ANTHROPIC_CONCURRENCY_PEERS,
  },
  {
    section: 'routerConcurrent',
    title: 'Router under concurrency: CPU',
    note: '× the plain llmux client, same burst; dep. = deployments',
    ratio: 'burstCpuRatioToClient',
    metric: 'burstCpuMs',
    baseline: ['client-completions'],
    exclude: ['client-streams'],
    llmux: ['router-completions', 'router-2-completions', 'router-streams', 'router-2-streams'],
    names: {
      'router-completions': '1,000 compl., 1 dep.',
      'router-2-completions': '1,000 compl., 2 dep.',
      'router-streams': '100×200 str., 1 dep.',
      'router-2-streams': '100×200 str., 2 dep.',
    },
    target: { value: TARGETS.routerBurstCpuRatio },
  },
  {
    section: 'concurrent',
    id: 'concurrent-throughput',
    title: '1,000 concurrent: throughput',
    higherIsBetter: true,
    note: '× raw node:http, requests per second',
    ratio: ['throughputRatio', 'rpsRatio', 'requestsPerSecRatio', 'requestsPerSecondRatio'],
    metric: ['throughput', 'throughputRps', 'rps', 'requestsPerSec', 'requestsPerSecond', 'reqPerSec'],
    baseline: ['raw', 'baseline'],
  },
  {
    section: 'concurrent',
    id: 'concurrent-rss',
    title: '1,000 concurrent: peak RSS',
    note: '× raw node:http',
    ratio: 'peakRssRatio',
    metric: 'peakRssMiB',
    baseline: ['raw', 'baseline'],
  },
  {
    section: 'router',
    title: 'llmux Router: time per call',
    note: '× raw node:http keep-alive, per sequential call, warm',
    ratio: 'usRatio',
    metric: 'usPerCall',
    baseline: ['raw'],
    llmux: ['router', 'router-3', 'router-callbacks'],
    names: {
      llmux: 'llmux client',
      router: 'Router, 1 deployment',
      'router-3': 'Router, 3 deployments',
      'router-callbacks': 'Router + callbacks',
    },
  },
  {
    section: 'bundle',
    title: 'Bundle size (gzipped)',
    note: `KB (1,000 B); targets ${TARGETS.bundleLiteOpenaiKB} KB OpenAI only, ${TARGETS.bundleLiteThreeKB} KB 3 providers`,
    kind: 'value',
    unit: 'KB',
    scale: 1 / 1000,
    clients: ['clients'],
    value: ['gzipBytes'],
    names: {
      'llmux-lite-openai': 'lite, OpenAI',
      'llmux-lite-three': 'lite, 3 providers',
      'llmux-lite-openai-stream': 'lite, OpenAI stream',
      'llmux-full': 'llmux full client',
      anthropic: 'Anthropic SDK',
      'ai-openai': 'ai + openai',
      'ai-three': 'ai, 3 providers',
    },
    markers: [
      { value: TARGETS.bundleLiteOpenaiKB, label: (n) => `${n} KB` },
      { value: TARGETS.bundleLiteThreeKB, label: (n) => `${n} KB` },
    ],
  },
  // Pass/fail checks under Node, Bun and Deno: nothing to draw as bars.
  { section: 'runtimes', skip: 'pass/fail smoke checks per runtime, not a measurement to chart' },
];

/** Short display names by client id, shared by every panel (a panel's `names` win). */
export const NAMES = {
  raw: 'raw node:http',
  bare: 'bare Node',
  empty: 'empty package',
  llmux: 'llmux',
  openai: 'openai SDK',
  ai: 'Vercel ai SDK',
  'pi-ai': 'pi-ai',
  anthropic: '@anthropic-ai/sdk',
  'anthropic-stream': 'Anthropic .stream()',
  'anthropic-create': 'Anthropic .create()',
  'raw-iter': 'raw + for await',
};

const COLOURS = {
  llmux: '#4263eb',
  llmuxText: '#3b5bdb',
  peer: '#adb5bd',
  control: '#e9ecef',
  controlStroke: '#ced4da',
  text: '#212529',
  muted: '#6c757d',
  grid: '#e9ecef',
  baseline: '#343a40',
  target: '#e8590c',
  background: '#ffffff',
};
const FONT = 'system-ui, -apple-system, Segoe UI, Helvetica, Arial, sans-serif';

// Layout, in px. Two columns of panels; GitHub scales the image down to its column if needed.
const WIDTH = 880;
const MARGIN = 20;
const GAP_X = 28;
const GAP_Y = 26;
const PANEL_W = (WIDTH - 2 * MARGIN - GAP_X) / 2;
const LABEL_W = 150; // client names, right-aligned
const VALUE_W = 54; // the printed ratio after the longest bar
const PLOT_W = PANEL_W - LABEL_W - VALUE_W;
const ROW_H = 21;
const BAR_H = 14;
const BARS_TOP = 48; // from the panel's top: title, note, target labels
const AXIS_H = 20;

/** The SVG text of the whole chart. */
export function renderChart(results) {
  return renderPlan(planChart(results));
}

/** Which panels would be drawn and which sections or panels are skipped, and why. */
export function describeChart(results) {
  const plan = planChart(results);
  return { drawn: plan.panels.map((p) => p.title), skipped: plan.skipped };
}

// ---------------------------------------------------------------- reading results.json

const list = (x) => (x === undefined ? [] : Array.isArray(x) ? x : [x]);
const isObject = (x) => x !== null && typeof x === 'object' && !Array.isArray(x);

/** A number field, or the median of a `{ median }` summary; null when neither. */
function num(v) {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (isObject(v) && typeof v.median === 'number' && Number.isFinite(v.median)) return v.median;
  return null;
}

/** The first of `fields` that `obj` holds as a number. */
function pick(obj, fields) {
  for (const f of list(fields)) {
    const v = num(obj?.[f]);
    if (v !== null) return v;
  }
  return null;
}

/** The section's clients as [{ id, ...client }], from an object by id or an array, under the first of `where`. */
function clientsOf(section, where = 'clients') {
  for (const key of list(where)) {
    const raw = section?.[key];
    if (Array.isArray(raw)) return raw.filter(isObject).map((c, i) => ({ ...c, id: String(c.id ?? c.name ?? c.label ?? i) }));
    if (isObject(raw))
      return Object.entries(raw)
        .filter(([, c]) => isObject(c))
        .map(([id, c]) => ({ ...c, id }));
  }
  return null;
}

const isLlmux = (c) => /^llmux\b/i.test(c.id) || /^llmux\b/i.test(String(c.label ?? ''));

function targetOf(def, section) {
  const out = [];
  for (const t of [...list(def.target), ...list(def.markers)]) {
    const value = t.value ?? (t.of ? t.of(section) : num(section?.targets?.[t.key]?.limit));
    if (typeof value !== 'number' || !(value > 0)) continue;
    const label = t.label
      ? t.label(value)
      : def.kind === 'value'
        ? `target ${fmtNumber(value)} ${def.unit ?? ''}`.trim()
        : `target ${fmtRatio(value)}`;
    out.push({ value, label });
  }
  return out;
}

/** One panel's bars from its section, or the reason it cannot be drawn. */
function buildPanel(def, section) {
  let scope = section;
  for (const key of list(def.within)) scope = isObject(scope) ? scope[key] : undefined;
  if (!isObject(scope)) return { reason: `no '${list(def.within).join('.')}' in the section` };
  const clients = clientsOf(scope, def.clients);
  if (clients === null || clients.length === 0)
    return {
      reason: `no ${list(def.clients ?? 'clients')
        .map((k) => `'${k}'`)
        .join(' or ')} in the section`,
    };
  const exclude = new Set(list(def.exclude));
  const controls = new Set(list(def.controls));
  const kind = def.kind ?? 'ratio';
  let base = null;
  if (kind === 'ratio') {
    base = clients.find((c) => list(def.baseline).includes(c.id)) ?? clients.find((c) => /baseline/i.test(String(c.label ?? ''))) ?? null;
    if (base !== null) exclude.add(base.id);
  }
  const bars = [];
  for (const c of clients) {
    if (exclude.has(c.id)) continue;
    let value = null;
    if (kind === 'value') {
      const v = pick(c, def.value);
      value = v === null ? null : v * (def.scale ?? 1);
    } else {
      value = pick(c, def.ratio);
      if (value === null && base !== null) {
        const a = pick(c, def.metric);
        const b = pick(base, def.metric);
        value = a !== null && b !== null && b > 0 ? a / b : null;
      }
    }
    // A client with no successful sample has no number to show, whatever the fields say.
    if (c.samples === 0) value = null;
    const name = def.names?.[c.id] ?? NAMES[c.id] ?? (String(c.label ?? c.id) || c.id);
    bars.push({
      id: c.id,
      name,
      value,
      role: isLlmux(c) || list(def.llmux).includes(c.id) ? 'llmux' : controls.has(c.id) ? 'control' : 'peer',
    });
  }
  for (const id of list(def.expect)) {
    if (!clients.some((c) => c.id === id))
      bars.push({ id, name: def.names?.[id] ?? NAMES[id] ?? id, value: null, missing: true, role: 'peer' });
  }
  if (!bars.some((b) => b.value !== null)) {
    const fields = kind === 'value' ? list(def.value) : [...list(def.ratio), ...list(def.metric)];
    return {
      reason: `its clients have none of ${fields.map((f) => `'${f}'`).join(', ')}${kind === 'ratio' && base === null ? ' (and no baseline client)' : ''}`,
    };
  }
  // llmux first, then the peers in the section's order, references last.
  const order = { llmux: 0, peer: 1, control: 2 };
  bars.sort((a, b) => order[a.role] - order[b.role]);
  const note = typeof def.note === 'function' ? def.note(section) : def.note;
  const baseName = base === null ? null : (NAMES[base.id] ?? base.label ?? base.id);
  return {
    panel: {
      id: def.id ?? def.section,
      title: def.title + (def.higherIsBetter ? ' (higher is better)' : ''),
      note: note ?? (kind === 'ratio' && baseName ? `× ${baseName}` : (def.unit ?? '')),
      kind,
      unit: def.unit ?? '',
      bars,
      targets: targetOf(def, section),
    },
  };
}

/** Reads results.json into the panels to draw, the sections skipped, and the header facts. */
export function planChart(results) {
  const skipped = [];
  const panels = [];
  const benchmarks = isObject(results?.benchmarks) ? results.benchmarks : {};
  const known = new Set(PANELS.map((d) => d.section));
  for (const def of PANELS) {
    const section = benchmarks[def.section];
    const what = def.id && def.id !== def.section ? `${def.section} (${def.title})` : def.section;
    if (section === undefined) {
      if (!skipped.some((s) => s.section === def.section)) skipped.push({ section: def.section, reason: 'not in results.json' });
      continue;
    }
    if (def.skip) {
      skipped.push({ section: what, reason: def.skip });
      continue;
    }
    if (!isObject(section)) {
      skipped.push({ section: what, reason: 'not an object' });
      continue;
    }
    const built = buildPanel(def, section);
    if (built.panel) panels.push(built.panel);
    else skipped.push({ section: what, reason: built.reason });
  }
  for (const key of Object.keys(benchmarks)) {
    if (!known.has(key)) skipped.push({ section: key, reason: 'no panel describes it (add one to PANELS in bench/lib/render-chart.mjs)' });
  }
  return { panels, skipped, header: headerFacts(results, benchmarks) };
}

function headerFacts(results, benchmarks) {
  const sections = Object.values(benchmarks).filter(isObject);
  const machine = isObject(results?.machine) ? results.machine : (sections.find((s) => isObject(s.machine))?.machine ?? {});
  const dates = sections
    .map((s) => String(s.date ?? '').slice(0, 10))
    .filter((d) => /^\d{4}-\d\d-\d\d$/.test(d))
    .sort();
  const updated = String(results?.updated ?? '').slice(0, 10);
  const first = dates[0] ?? updated;
  const last = dates.at(-1) ?? updated;
  const commits = [...new Set(sections.map((s) => s.llmux?.commit).filter((c) => typeof c === 'string' && c !== ''))];
  const dirty = sections.some((s) => s.llmux?.uncommittedChanges === true);
  const parts = [];
  if (machine.cpuModel) parts.push(String(machine.cpuModel));
  if (machine.cores) parts.push(`${machine.cores} cores`);
  if (machine.totalMemoryMiB) parts.push(`${Math.round(machine.totalMemoryMiB / 1024)} GiB`);
  if (machine.platform) parts.push(String(machine.platform));
  if (machine.node) parts.push(`Node ${String(machine.node).replace(/^v/, '')}`);
  if (first) parts.push(first === last ? first : `${first} – ${last}`);
  if (commits.length > 0) parts.push(`llmux ${commits.join(', ')}${dirty ? ' + uncommitted changes' : ''}`);
  return { parts };
}

// ---------------------------------------------------------------- formatting

/** Escapes text for an XML text node or attribute; drops characters XML 1.0 forbids. */
export function escapeXml(s) {
  return String(s)
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** Rounds half away from zero at `digits` decimals, immune to 1.005 being 1.00499999… in binary. */
function roundTo(x, digits) {
  const f = 10 ** digits;
  return (Math.sign(x) * Math.round(Number((Math.abs(x) * f).toPrecision(12)))) / f;
}

/** 3 significant figures at most, at least one decimal under 10: 0.70, 1.17, 15.1, 517. */
function fmtNumber(x) {
  const a = Math.abs(x);
  const digits = a < 10 ? 2 : a < 100 ? 1 : 0;
  let s = roundTo(x, digits).toFixed(digits);
  // Whole targets read better without zeros: "3 ms", not "3.00 ms".
  if (Number.isInteger(x)) s = String(x);
  return s;
}

/** A ratio as printed at a bar's end: 0.70×, 1.03×, 15.1×, 120×. */
export function fmtRatio(r) {
  const a = Math.abs(r);
  const digits = a < 10 ? 2 : a < 100 ? 1 : 0;
  return `${roundTo(r, digits).toFixed(digits)}×`;
}

/** A value as printed at a bar's end: 6.6 ms, 260 ms, 7.9 KB. */
export function fmtValue(v, unit) {
  const a = Math.abs(v);
  const digits = a < 10 ? 1 : 0;
  return `${roundTo(v, digits).toFixed(digits)}${unit ? ` ${unit}` : ''}`;
}

const fmtTick = (v, kind) => {
  const s = v >= 1 ? String(Math.round(v)) : String(Number(v.toPrecision(2)));
  const short = v >= 10_000 ? `${v / 1000}k` : s;
  return kind === 'ratio' ? `${short}×` : short;
};

/** Rough text width for layout only: 0.6 em a character, on the wide side of system-ui fonts. */
const EM = 0.6;
const textWidth = (s, size) => String(s).length * size * EM;

function truncate(s, size, maxWidth) {
  if (textWidth(s, size) <= maxWidth) return s;
  const n = Math.max(1, Math.floor(maxWidth / (size * EM)) - 1);
  return `${s.slice(0, n)}…`;
}

/** Greedy line breaks between `parts` joined by `sep`, each line at most `maxWidth` wide. */
function wrapParts(parts, sep, size, maxWidth) {
  const lines = [];
  let line = '';
  for (const part of parts) {
    const next = line === '' ? part : `${line}${sep}${part}`;
    if (line !== '' && textWidth(next, size) > maxWidth) {
      lines.push(line);
      line = part;
    } else line = next;
  }
  if (line !== '') lines.push(line);
  return lines;
}

// ---------------------------------------------------------------- scale

/** The 1-2-5 steps (…0.5, 1, 2, 5, 10…) from `lo` to `hi`. */
function steps125(lo, hi) {
  const out = [];
  for (let e = Math.floor(Math.log10(lo)) - 1; e <= Math.ceil(Math.log10(hi)) + 1; e++) {
    for (const m of [1, 2, 5]) {
      const v = Number((m * 10 ** e).toPrecision(12));
      if (v >= lo * (1 - 1e-9) && v <= hi * (1 + 1e-9)) out.push(v);
    }
  }
  return out;
}

/**
 * The log-scale domain of a panel: from the 1-2-5 step a little under its smallest value (so
 * the shortest bar still shows) to the step at or over its largest; 1× always inside for ratios.
 */
export function domainOf(values, { includeOne = false, extra = [] } = {}) {
  const all = [...values, ...extra].filter((v) => typeof v === 'number' && v > 0 && Number.isFinite(v));
  // 1× is always inside a ratio panel, and never at its right edge where it would cross the values.
  if (includeOne) all.push(1, 1.2);
  if (all.length === 0) return { lo: 0.5, hi: 2 };
  const min = Math.min(...all);
  const max = Math.max(...all);
  const below = steps125(min / 100, min * 0.76);
  const lo = below.at(-1);
  const above = steps125(max, max * 10);
  const hi = above[0] ?? max;
  return { lo, hi: hi > lo ? hi : lo * 10 };
}

/** Pixel offset (0 … width) of `v` on the log scale of `domain`, clamped to its ends. */
export function logX(v, { lo, hi }, width) {
  if (!(v > 0)) return 0;
  const t = (Math.log10(v) - Math.log10(lo)) / (Math.log10(hi) - Math.log10(lo));
  return Math.max(0, Math.min(1, t)) * width;
}

function ticksOf(domain, width) {
  const all = steps125(domain.lo, domain.hi);
  // Too close for labels (more than ~2.3 decades): keep the powers of ten and the ends.
  const gap = logX(2, { lo: 1, hi: domain.hi / domain.lo }, width);
  if (gap >= 30) return all;
  return all.filter((v, i) => i === 0 || i === all.length - 1 || Math.abs(Math.log10(v) - Math.round(Math.log10(v))) < 1e-9);
}

// ---------------------------------------------------------------- drawing

const attrs = (o) =>
  Object.entries(o)
    .filter(([, v]) => v !== undefined && v !== null)
    .map(([k, v]) => `${k}="${escapeXml(typeof v === 'number' ? Number(v.toFixed(2)) : v)}"`)
    .join(' ');
const el = (name, a, body) => (body === undefined ? `<${name} ${attrs(a)}/>` : `<${name} ${attrs(a)}>${body}</${name}>`);
const text = (x, y, s, a = {}) => el('text', { x, y, ...a }, escapeXml(s));
// A white halo keeps labels readable where a grid or 1× line runs behind them.
const HALO = { stroke: COLOURS.background, 'stroke-width': 3, 'stroke-linejoin': 'round', 'paint-order': 'stroke' };

const panelHeight = (p) => BARS_TOP + p.bars.length * ROW_H + AXIS_H;

function drawPanel(p, x0, y0) {
  const out = [];
  const plotX = x0 + LABEL_W;
  const barsH = p.bars.length * ROW_H;
  const values = p.bars.map((b) => b.value).filter((v) => v !== null);
  const domain = domainOf(values, { includeOne: p.kind === 'ratio', extra: p.targets.map((t) => t.value) });
  const X = (v) => plotX + logX(v, domain, PLOT_W);
  const top = y0 + BARS_TOP;
  const bottom = top + barsH;

  out.push(text(x0, y0 + 14, p.title, { 'font-size': 13.5, 'font-weight': 600, fill: COLOURS.text }));
  out.push(text(x0, y0 + 30, truncate(p.note, 11, PANEL_W), { 'font-size': 11, fill: COLOURS.muted }));

  // Grid and tick labels.
  for (const t of ticksOf(domain, PLOT_W)) {
    const x = X(t);
    const one = p.kind === 'ratio' && t === 1;
    if (!one) out.push(el('line', { x1: x, y1: top - 3, x2: x, y2: bottom + 2, stroke: COLOURS.grid, 'stroke-width': 1 }));
    out.push(
      text(x, bottom + 14, fmtTick(t, p.kind), {
        'font-size': 10,
        'text-anchor': 'middle',
        fill: one ? COLOURS.baseline : COLOURS.muted,
        'font-weight': one ? 600 : undefined,
      }),
    );
  }
  out.push(el('line', { x1: plotX, y1: bottom + 2, x2: plotX + PLOT_W, y2: bottom + 2, stroke: COLOURS.controlStroke, 'stroke-width': 1 }));

  // Bars and names first, then the 1× and target lines over the bars, then the printed values
  // (with their halo) over the lines, so a line never runs through a number.
  const labels = [];
  p.bars.forEach((b, i) => {
    const cy = top + i * ROW_H + ROW_H / 2;
    const nameAttrs = {
      'font-size': 11,
      'text-anchor': 'end',
      'dominant-baseline': 'central',
      fill: b.role === 'llmux' ? COLOURS.llmuxText : COLOURS.text,
    };
    if (b.role === 'llmux') nameAttrs['font-weight'] = 600;
    out.push(text(plotX - 8, cy, truncate(b.name, 11, LABEL_W - 10), nameAttrs));
    if (b.value === null) {
      labels.push(
        text(plotX + 4, cy, b.missing ? 'not measured' : 'no data', {
          'font-size': 11,
          'font-style': 'italic',
          'dominant-baseline': 'central',
          fill: COLOURS.muted,
          ...HALO,
        }),
      );
      return;
    }
    const w = Math.max(1.5, logX(b.value, domain, PLOT_W));
    const fill = b.role === 'llmux' ? COLOURS.llmux : b.role === 'control' ? COLOURS.control : COLOURS.peer;
    out.push(
      el('rect', {
        x: plotX,
        y: cy - BAR_H / 2,
        width: w,
        height: BAR_H,
        rx: 2,
        fill,
        stroke: b.role === 'control' ? COLOURS.controlStroke : undefined,
        'stroke-width': b.role === 'control' ? 1 : undefined,
      }),
    );
    const label = p.kind === 'ratio' ? fmtRatio(b.value) : fmtValue(b.value, p.unit);
    labels.push(
      text(plotX + w + 5, cy, label, {
        'font-size': 11.5,
        'dominant-baseline': 'central',
        fill: b.role === 'llmux' ? COLOURS.llmuxText : COLOURS.text,
        'font-weight': b.role === 'llmux' ? 700 : undefined,
        ...HALO,
      }),
    );
  });

  if (p.kind === 'ratio') {
    const x = X(1);
    out.push(
      el('line', { x1: x, y1: top - 4, x2: x, y2: bottom + 2, stroke: COLOURS.baseline, 'stroke-width': 1.25, 'stroke-dasharray': '3 2' }),
    );
  }
  const placed = [];
  for (const t of [...p.targets].sort((a, b) => a.value - b.value)) {
    const x = X(t.value);
    out.push(
      el('line', { x1: x, y1: top - 4, x2: x, y2: bottom + 2, stroke: COLOURS.target, 'stroke-width': 1.5, 'stroke-dasharray': '4 2' }),
    );
    // The label sits above the bars, right of its line, or left of it at the panel's right edge.
    // A label that would overlap the one before moves right of it.
    const w = textWidth(t.label, 10);
    let left = Math.max(x + 3, ...placed.map((q) => q + 6));
    if (left + w > x0 + PANEL_W) left = Math.max(x0 + PANEL_W - w, x - 3 - w);
    placed.push(left + w);
    labels.push(text(left, top - 5, t.label, { 'font-size': 10, fill: COLOURS.target, 'font-weight': 600, ...HALO }));
  }
  out.push(...labels);
  return out.join('\n');
}

function drawLegend(x, y, panels) {
  const items = [
    ['rect', COLOURS.llmux, 'llmux'],
    ['rect', COLOURS.peer, 'other clients'],
  ];
  if (panels.some((p) => p.bars.some((b) => b.role === 'control'))) items.push(['control', COLOURS.control, 'reference (not a client)']);
  if (panels.some((p) => p.kind === 'ratio')) items.push(['line', COLOURS.baseline, '1× = baseline']);
  if (panels.some((p) => p.targets.length > 0)) items.push(['target', COLOURS.target, 'llmux’s target']);
  const out = [];
  let cx = x;
  for (const [kind, colour, label] of items) {
    if (kind === 'rect' || kind === 'control') {
      out.push(
        el('rect', {
          x: cx,
          y: y - 6,
          width: 14,
          height: 11,
          rx: 2,
          fill: colour,
          stroke: kind === 'control' ? COLOURS.controlStroke : undefined,
        }),
      );
    } else {
      out.push(
        el('line', {
          x1: cx + 7,
          y1: y - 8,
          x2: cx + 7,
          y2: y + 7,
          stroke: colour,
          'stroke-width': kind === 'target' ? 1.5 : 1.25,
          'stroke-dasharray': kind === 'target' ? '4 2' : '3 2',
        }),
      );
    }
    out.push(text(cx + 20, y, label, { 'font-size': 11.5, 'dominant-baseline': 'central', fill: COLOURS.text }));
    cx += 20 + textWidth(label, 11.5) + 22;
  }
  return out.join('\n');
}

/** Lays the planned panels out in two columns under a title, the machine line and a legend. */
export function renderPlan({ panels, header }) {
  const body = [];
  let y = MARGIN;
  body.push(
    text(MARGIN, y + 16, 'llmux vs. other LLM clients, relative to a hand-written baseline', {
      'font-size': 18,
      'font-weight': 700,
      fill: COLOURS.text,
    }),
  );
  y += 36;
  const explain = [
    'Bar = a client’s median ÷ the median of its benchmark’s baseline, raw node:http, on a log scale (1× = baseline).',
    'Panels in ms or KB show the value itself. Shorter is better, except where a title says “higher is better”.',
  ];
  for (const line of explain) {
    body.push(text(MARGIN, y, line, { 'font-size': 12, fill: COLOURS.text }));
    y += 17;
  }
  for (const line of wrapParts(header.parts, ' · ', 11.5, WIDTH - 2 * MARGIN)) {
    body.push(text(MARGIN, y, truncate(line, 11.5, WIDTH - 2 * MARGIN), { 'font-size': 11.5, fill: COLOURS.muted }));
    y += 17;
  }
  y += 8;
  body.push(drawLegend(MARGIN, y, panels));
  y += 26;

  if (panels.length === 0) {
    body.push(
      text(MARGIN, y + 14, 'No benchmark results to draw: run `npm run bench` in bench/.', { 'font-size': 13, fill: COLOURS.muted }),
    );
    y += 30;
  }
  for (let i = 0; i < panels.length; i += 2) {
    const row = panels.slice(i, i + 2);
    row.forEach((p, k) => body.push(`<g>\n${drawPanel(p, MARGIN + k * (PANEL_W + GAP_X), y)}\n</g>`));
    y += Math.max(...row.map(panelHeight)) + GAP_Y;
  }
  y += 4 - GAP_Y;
  body.push(
    text(WIDTH - MARGIN, y + 10, 'bench/results.json · redraw with `npm run chart` in bench/', {
      'font-size': 10,
      'text-anchor': 'end',
      fill: COLOURS.muted,
    }),
  );
  const height = Math.ceil(y + 10 + MARGIN);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="${escapeXml(FONT)}" role="img" aria-labelledby="chart-title">`,
    `<title id="chart-title">${escapeXml(`llmux benchmarks: ${panels.map((p) => p.title).join('; ')}`)}</title>`,
    el('rect', { x: 0, y: 0, width: WIDTH, height, rx: 8, fill: COLOURS.background }),
    ...body,
    '</svg>',
    '',
  ].join('\n');
}
