// Bundle size for serverless and edge users: a one-call app per client, bundled into one file
// with esbuild (`--bundle --minify`, ESM) and compressed with gzip (level 9) and brotli. Sizes
// are deterministic, so each app is built once. Every app is bundled twice: for Node
// (`platform: node`, built-ins external: a serverless function) and for the browser platform
// (what an edge worker's bundler does: a `node:` import it cannot resolve fails the build).
import { build } from 'esbuild';
import path from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import {
  BENCH_DIR,
  packageVersions,
  printMachine,
  printTable,
  requireBuiltLlmux,
  round,
  selectClients,
  writeResults,
} from './lib/common.mjs';

const APPS = path.join(BENCH_DIR, 'clients', 'bundle');
const KB = 1000;

/** The apps, llmux first. `target` is the issue's ceiling in gzipped bytes, where there is one. */
const CLIENTS = [
  { id: 'llmux-lite-openai', label: 'llmux/lite + llmux/openai, complete()', file: 'llmux-lite-openai.mjs', target: 8 * KB },
  { id: 'llmux-lite-three', label: 'llmux/lite + openai, anthropic, openrouter', file: 'llmux-lite-three.mjs', target: 20 * KB },
  { id: 'llmux-lite-openai-stream', label: 'llmux/lite + llmux/openai, stream()', file: 'llmux-lite-openai-stream.mjs' },
  { id: 'llmux-full', label: 'llmux (full client, lazy providers)', file: 'llmux-full.mjs' },
  { id: 'openai', label: 'openai SDK', file: 'openai.mjs' },
  { id: 'anthropic', label: '@anthropic-ai/sdk', file: 'anthropic.mjs' },
  { id: 'ai-openai', label: 'ai + @ai-sdk/openai', file: 'ai-openai.mjs' },
  { id: 'ai-three', label: 'ai + openai, anthropic, openrouter providers', file: 'ai-three.mjs' },
  { id: 'pi-ai', label: '@mariozechner/pi-ai', file: 'pi-ai.mjs' },
];

async function bundle(file, platform) {
  const result = await build({
    entryPoints: [path.join(APPS, file)],
    bundle: true,
    minify: true,
    format: 'esm',
    platform,
    target: 'es2022',
    write: false,
    metafile: true,
    logLevel: 'silent',
    absWorkingDir: BENCH_DIR,
  });
  const code = result.outputFiles[0].contents;
  const inputs = Object.entries(result.metafile.outputs[Object.keys(result.metafile.outputs)[0]].inputs);
  return {
    bytes: code.length,
    gzipBytes: gzipSync(code, { level: 9 }).length,
    brotliBytes: brotliCompressSync(code, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
    modules: inputs.length,
    nodeImports: [
      ...new Set(
        Buffer.from(code)
          .toString('utf8')
          .match(/["']node:[a-z_/]+["']/g) ?? [],
      ),
    ]
      .map((s) => s.slice(1, -1))
      .sort(),
  };
}

function firstError(error) {
  const first = error.errors?.[0];
  return first === undefined
    ? String(error.message ?? error).split('\n')[0]
    : `${first.text}${first.location ? ` (${first.location.file})` : ''}`;
}

export async function run() {
  requireBuiltLlmux();
  printMachine();
  const clients = selectClients(CLIENTS);
  const out = {};
  for (const client of clients) {
    const entry = { label: client.label, app: `clients/bundle/${client.file}` };
    try {
      Object.assign(entry, await bundle(client.file, 'node'));
    } catch (error) {
      entry.error = firstError(error);
    }
    try {
      const browser = await bundle(client.file, 'browser');
      entry.browser = { ok: true, gzipBytes: browser.gzipBytes };
    } catch (error) {
      entry.browser = { ok: false, error: firstError(error) };
    }
    out[client.id] = entry;
  }

  const openaiGz = out.openai?.gzipBytes;
  const rows = clients.map((c) => {
    const e = out[c.id];
    if (e.error !== undefined) return [c.label, 'FAILED', '', '', '', e.error.slice(0, 60)];
    return [
      c.label,
      (e.bytes / KB).toFixed(1),
      (e.gzipBytes / KB).toFixed(1),
      (e.brotliBytes / KB).toFixed(1),
      openaiGz === undefined ? '' : `${round(e.gzipBytes / openaiGz, 2)}x`,
      e.browser.ok ? 'yes' : `no: ${e.browser.error.slice(0, 50)}`,
    ];
  });
  printTable(
    'Bundle size of a one-call app (esbuild --bundle --minify, ESM; KB = 1,000 bytes)',
    ['app', 'min KB', 'gzip KB', 'brotli KB', 'gzip vs openai', 'browser platform'],
    rows,
  );

  const targets = {};
  for (const c of clients.filter((x) => x.target !== undefined)) {
    const value = out[c.id].gzipBytes;
    targets[c.id] = { limit: c.target, value: value ?? null, pass: value !== undefined && value <= c.target, unit: 'gzip bytes' };
    console.log(
      `${c.label}: ${value === undefined ? 'FAILED' : `${(value / KB).toFixed(2)} KB gz`} (target <= ${c.target / KB} KB): ${targets[c.id].pass ? 'met' : 'MISSED'}`,
    );
  }

  writeResults('bundle', {
    method:
      'one esbuild bundle per one-call app (bundle, minify, format esm, target es2022, platform node with built-ins external); gzip level 9 and brotli quality 11 of the output; a second build with platform browser says whether the app bundles for an edge runtime at all',
    versions: packageVersions([
      'llmux',
      'esbuild',
      'openai',
      '@anthropic-ai/sdk',
      'ai',
      '@ai-sdk/openai',
      '@ai-sdk/anthropic',
      '@openrouter/ai-sdk-provider',
      '@mariozechner/pi-ai',
    ]),
    targets,
    clients: out,
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await run();
