// What every benchmark shares: child processes timed from the parent, rounds that interleave
// the clients, small statistics, the printed table and the merge into results.json.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

export const BENCH_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const RESULTS_FILE = process.env.BENCH_RESULTS_FILE
  ? path.resolve(process.env.BENCH_RESULTS_FILE)
  : path.join(BENCH_DIR, 'results.json');
const MiB = 1024 * 1024;

/** `--rounds N` (or BENCH_ROUNDS) wins over a benchmark's default. */
export function roundsFromArgs(fallback) {
  const i = process.argv.indexOf('--rounds');
  const raw = i >= 0 ? process.argv[i + 1] : process.env.BENCH_ROUNDS;
  const n = raw === undefined ? fallback : Number.parseInt(raw, 10);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--rounds wants a positive integer, got ${raw}`);
  return n;
}

/**
 * `--format openai` (the default) or `--format anthropic`: the wire format a benchmark that has
 * both speaks (the concurrency scenarios).
 */
export function formatFromArgs(formats = ['openai', 'anthropic']) {
  const i = process.argv.indexOf('--format');
  if (i < 0) return formats[0];
  const wanted = process.argv[i + 1];
  if (!formats.includes(wanted)) throw new Error(`--format takes one of ${formats.join(', ')}`);
  return wanted;
}

/** The clients named by `--only a,b` (the baseline always stays), else all. */
export function selectClients(clients) {
  const i = process.argv.indexOf('--only');
  if (i < 0) return clients;
  const wanted = new Set(process.argv[i + 1].split(','));
  return clients.filter((c, index) => index === 0 || wanted.has(c.id));
}

/** Stops early with a clear message when llmux has not been built. */
export function requireBuiltLlmux() {
  const entry = path.join(BENCH_DIR, 'node_modules', 'llmux', 'dist', 'index.js');
  if (!existsSync(path.join(BENCH_DIR, 'node_modules'))) {
    console.error('bench/node_modules is missing: run `npm install` in bench/ first.');
    process.exit(2);
  }
  if (!existsSync(entry)) {
    console.error('llmux is not built: run `npm run build` at the repository root first.');
    process.exit(2);
  }
}

/** Versions of the packages under test, as installed in bench/node_modules. */
export function packageVersions(names) {
  const require = createRequire(path.join(BENCH_DIR, 'package.json'));
  const out = {};
  for (const name of names) {
    try {
      const file = path.join(BENCH_DIR, 'node_modules', name, 'package.json');
      out[name] = JSON.parse(readFileSync(existsSync(file) ? file : require.resolve(`${name}/package.json`), 'utf8')).version;
    } catch {
      out[name] = null;
    }
  }
  return out;
}

const LLMUX_FILES = ['index.js', 'providers/openai/index.js', 'providers/anthropic/index.js', 'transport/node-transport.js'];

/**
 * Size and modification time of the llmux files the clients load: the same before and after a
 * benchmark, or llmux was rebuilt while it ran and the numbers mix two builds.
 */
export function llmuxBuildStamp() {
  const dist = path.join(BENCH_DIR, 'node_modules', 'llmux', 'dist');
  return LLMUX_FILES.map((f) => {
    try {
      const st = statSync(path.join(dist, f));
      return `${f}:${st.size}:${Math.round(st.mtimeMs)}`;
    } catch {
      return `${f}:missing`;
    }
  }).join(' ');
}

/** Warns, and returns false, when llmux's build changed since `before` was taken. */
export function checkBuildUnchanged(before) {
  const same = llmuxBuildStamp() === before;
  if (!same) console.log('WARNING: llmux (dist/) was rebuilt while this benchmark ran; its numbers mix two builds. Run it again.');
  return same;
}

/** The llmux commit measured, and whether its work tree had changes then. */
export function llmuxRevision() {
  const cwd = path.resolve(BENCH_DIR, '..');
  try {
    const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], {
      cwd,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
    const status = execFileSync('git', ['status', '--porcelain', '--', 'src', 'package.json', 'scripts'], {
      cwd,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    return { commit, uncommittedChanges: status.trim() !== '' };
  } catch {
    return null;
  }
}

/** Size of llmux's root module: a few KiB of re-exports is tsc's output, a larger single file the bundle. */
function entryBytes() {
  try {
    return statSync(path.join(BENCH_DIR, 'node_modules', 'llmux', 'dist', 'index.js')).size;
  } catch {
    return null;
  }
}

export function machineInfo() {
  const cpus = os.cpus();
  return {
    cpuModel: cpus[0]?.model ?? 'unknown',
    cores: cpus.length,
    totalMemoryMiB: Math.round(os.totalmem() / MiB),
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    node: process.version,
  };
}

/**
 * The environment of a client process: the parent's, less anything that could send a client
 * elsewhere than the local server (proxies, provider keys and base URLs) or change how Node runs
 * (every `NODE_*` variable but `NODE_ENV`). `NODE_EXTRA_CA_CERTS` is one: pointed at a system
 * bundle (144 certificates on the machine of bench/README.md), it makes every Node process parse
 * them at startup, about 50 ms of CPU that is no client's work and that brought every
 * whole-process ratio closer to 1. `NODE_COMPILE_CACHE` would make a cold start warm.
 */
function childEnv(extra) {
  const env = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (/proxy|^openai|^anthropic|^openrouter|^ai_gateway|^node_(?!env$)/i.test(name)) continue;
    env[name] = value;
  }
  return { ...env, NO_PROXY: '127.0.0.1,localhost,::1', no_proxy: '127.0.0.1,localhost,::1', ...extra };
}

/**
 * Runs one child process to its end. Wall time is measured here, from spawn to exit; the child
 * reports its own measurements as one JSON line on stdout (the last line that parses wins).
 */
export function runChild(args, { env = {}, cwd = BENCH_DIR, timeoutMs = 60_000 } = {}) {
  return new Promise((resolve) => {
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, args, {
      cwd,
      env: childEnv(env),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
      let report;
      for (const line of stdout.trim().split('\n').reverse()) {
        try {
          report = JSON.parse(line);
          break;
        } catch {
          // not the report line
        }
      }
      const ok = code === 0 && report !== undefined && report.ok !== false;
      resolve({ ok, wallMs, report: report ?? {}, error: ok ? undefined : (report?.error ?? describeCrash(stderr, code ?? signal)) });
    });
  });
}

/** The telling line of a crashed child's stderr (the error, not Node's version footer). */
function describeCrash(stderr, exit) {
  const lines = stderr
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  const line = lines.find((l) => /^\w*(Error|Exception)\b|^\[?ERR_/.test(l)) ?? lines.find((l) => /error/i.test(l)) ?? lines[0];
  return line === undefined ? `exit ${exit}` : `${line} (exit ${exit})`;
}

/**
 * Interleaves the clients: every round runs each client once, and the starting client rotates
 * from round to round so no client always follows the same neighbour. A first, unrecorded round
 * warms the disk cache. A client with `every: n` is sampled in every n-th recorded round only.
 * `measure(client)` resolves with `{ ok, error?, ...metrics }`.
 */
export async function runRounds(clients, rounds, measure, { label = '', warmup = 1 } = {}) {
  const samples = new Map(clients.map((c) => [c.id, []]));
  const failures = new Map(clients.map((c) => [c.id, []]));
  const total = rounds + warmup;
  for (let r = 0; r < total; r++) {
    const recorded = r >= warmup;
    for (let k = 0; k < clients.length; k++) {
      const client = clients[(k + r) % clients.length];
      // A very slow peer may sample every n-th round only, to keep a run short.
      if (recorded && client.every > 1 && (r - warmup) % client.every !== 0) continue;
      const result = await measure(client);
      if (!recorded) {
        if (!result.ok) failures.get(client.id).push(result.error);
        continue;
      }
      if (result.ok) samples.get(client.id).push({ ...result, round: r - warmup });
      else failures.get(client.id).push(result.error);
    }
    if (process.stderr.isTTY) process.stderr.write(`\r${label} round ${r + 1 - warmup}/${rounds}${recorded ? '' : ' (warm-up)'}   `);
  }
  if (process.stderr.isTTY) process.stderr.write('\r\x1b[K');
  return { samples, failures };
}

/** Nearest-rank percentile of unsorted numbers. */
export function percentile(values, p) {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank];
}

export function median(values) {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Median, p10 and p90 of one metric over a client's samples, and the samples in run order. */
export function summarize(samples, pick) {
  const values = samples.map(pick).filter((v) => typeof v === 'number' && Number.isFinite(v));
  return {
    median: round(median(values)),
    p10: round(percentile(values, 10)),
    p90: round(percentile(values, 90)),
    n: values.length,
    values: values.map((v) => round(v, 1)),
  };
}

/**
 * Per-client statistics of a run: label, sample and failure counts, the first failure, then
 * `summarize` of each metric, given as stat name -> the field of a sample it reads. `more(c, s)`
 * adds a benchmark's own fields (after the label) from the client and its samples.
 */
export function clientStats(clients, { samples, failures }, metrics, more = () => ({})) {
  const stats = {};
  for (const c of clients) {
    const s = samples.get(c.id);
    const errors = failures.get(c.id);
    const st = { label: c.label, ...more(c, s), samples: s.length, failures: errors.length, firstFailure: errors[0] };
    for (const [name, field] of Object.entries(metrics)) st[name] = summarize(s, (x) => x[field]);
    stats[c.id] = st;
  }
  return stats;
}

/**
 * Median over rounds of `pick(sample) / pick(baseline sample of the same round)`: neighbours in
 * time share the machine's state, so this ratio shrugs off load that comes and goes.
 */
export function pairedRatio(samples, baseSamples, pick) {
  const base = new Map(baseSamples.map((s) => [s.round, pick(s)]));
  const ratios = [];
  for (const s of samples) {
    const b = base.get(s.round);
    if (b !== undefined && b > 0) ratios.push(pick(s) / b);
  }
  return ratios.length === 0 ? null : round(median(ratios), 3);
}

export function round(x, digits = 2) {
  if (!Number.isFinite(x)) return null;
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

export const kibToMiB = (kib) => kib / 1024;
export const bytesToMiB = (bytes) => bytes / MiB;

/** Formats `value` with `digits` decimals, or `-` when there is nothing to show. */
export function fmt(value, digits = 1) {
  return value === null || value === undefined || !Number.isFinite(value) ? '-' : value.toFixed(digits);
}

/** `12.3 (10.1–15.0)`: the median with its p10–p90 spread. */
export function fmtSpread(stat, digits = 1) {
  if (stat === undefined || stat.n === 0) return '-';
  return `${fmt(stat.median, digits)} (${fmt(stat.p10, digits)}–${fmt(stat.p90, digits)})`;
}

export function fmtRatio(ratio) {
  return ratio === null || !Number.isFinite(ratio) ? '-' : `${ratio.toFixed(2)}x`;
}

export function ratio(a, b) {
  return a === null || b === null || !Number.isFinite(a) || !Number.isFinite(b) || b === 0 ? null : round(a / b, 3);
}

/** Prints an aligned plain-text table. */
export function printTable(title, headers, rows) {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (cells) => cells.map((c, i) => (i === 0 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]))).join('  ');
  console.log(`\n${title}`);
  console.log(line(headers));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of rows) console.log(line(row));
}

/**
 * Merges one benchmark's section into results.json (other sections are kept). A run narrowed
 * with `--only` is not written: its section would replace a complete one.
 */
export function writeResults(key, section) {
  if (process.argv.includes('--only')) {
    console.log('(--only: results.json left as it was)');
    return;
  }
  let results = {};
  if (existsSync(RESULTS_FILE)) {
    try {
      results = JSON.parse(readFileSync(RESULTS_FILE, 'utf8'));
    } catch {
      results = {};
    }
  }
  const machine = machineInfo();
  results.machine = machine;
  results.updated = new Date().toISOString();
  // The load average tells a quiet run from one that shared the cores with other work.
  const loadAverage = os.loadavg().map((x) => round(x));
  results.benchmarks = {
    ...results.benchmarks,
    [key]: {
      date: results.updated,
      machine,
      loadAverageAtEnd: loadAverage,
      llmux: { ...llmuxRevision(), entryBytes: entryBytes() },
      ...section,
    },
  };
  const tmp = `${RESULTS_FILE}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(results, null, 2)}\n`);
  renameSync(tmp, RESULTS_FILE);
}

export function printFailures(clients, failures) {
  for (const c of clients) {
    const errors = failures.get(c.id);
    if (errors.length > 0) console.log(`  ${c.label}: FAILED ${errors.length}x: ${errors[0]}`);
  }
}

export function printMachine() {
  const m = machineInfo();
  const load = os
    .loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');
  console.log(`${m.cpuModel}, ${m.cores} cores, ${m.totalMemoryMiB} MiB, ${m.platform}, Node ${m.node}; load average ${load}`);
}
