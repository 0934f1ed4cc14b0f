// Second build step: bundles tsc's JavaScript in dist/ so that each public entry and each lazily
// loaded module is a single file. On Node every module costs a resolve, a read and a compile
// (about a millisecond each on a small machine), so `import "llmux"` loads one file and the
// first OpenAI call loads two more (its adapter and the node:http transport).
//
// Each entry is bundled on its own, with three kinds of import left as they are:
// - `node:*` built-ins and packages (optional peer dependencies, never bundled);
// - dynamic `import()`s, which point at other entries (the lazy loading stays lazy);
// - any module of the root's static graph (errors, client, ...) whose exports the root re-exports,
//   rewritten to import the root entry `index.js` itself, so error classes keep one identity
//   across lazily loaded code (internal helpers of the root's graph are copied instead).
// Small pure helpers shared by two lazy entries (the SSE parser, error mapping) are copied
// into both: a few KB on disk, never a second file to load.
// Declarations (.d.ts) stay as tsc wrote them; entry file names are kept, so the `exports`
// map and the `import()` targets do not change.
import { build } from 'esbuild';
import { mkdirSync, readFileSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const dist = 'dist';
const staging = join(dist, '.bundle');
const ROOT = 'index.js';
const entries = [
  ROOT,
  'mock-server/index.js',
  'transport/sse.js',
  'cli/main.js',
  'cli/read-version.js',
  'cli/commands/chat.js',
  'cli/commands/mock-server.js',
  'cli/commands/demo.js',
  'cli/commands/models.js',
  'cli/commands/cost.js',
  'cli/commands/tokens.js',
  'providers/openai/openai-adapter.js',
  'providers/openrouter/openrouter-adapter.js',
  'providers/anthropic/anthropic-adapter.js',
  'providers/mock/mock-adapter.js',
  'transport/node-transport.js',
  'transport/fetch-transport.js',
  'core/retry-timing.js',
  'models/index.js',
  'otel/index.js',
  'redis/index.js',
  'router/index.js',
  'testing/index.js',
  'testing/fixtures/openai-fixtures.js',
  'testing/fixtures/anthropic-fixtures.js',
  'testing/fixtures/openrouter-fixtures.js',
  'cli/commands/adapter.js',
  'structured/index.js',
  'generator/index.js',
];

const common = { bundle: true, format: 'esm', platform: 'neutral', target: 'es2022', legalComments: 'none', logLevel: 'warning' };
const keepExternal = (args) => (args.path.startsWith('node:') || args.kind === 'dynamic-import' ? { path: args.path, external: true } : undefined);

/** A specifier for `target` (a file under dist/) as seen from the bundled `entry`. */
function specifierFrom(entry, target) {
  const path = relative(dirname(resolve(dist, entry)), target);
  return path.startsWith('.') ? path : `./${path}`;
}

/** The files statically reachable from the root entry. */
async function rootGraph() {
  const result = await build({
    ...common,
    entryPoints: [join(dist, ROOT)],
    write: false,
    metafile: true,
    plugins: [{ name: 'keep-external', setup: (b) => b.onResolve({ filter: /.*/ }, keepExternal) }],
  });
  return new Set(Object.keys(result.metafile.inputs).map((p) => resolve(p)));
}

const root = await rootGraph();

// A module of the root's graph whose every export the root re-exports is imported from the root
// itself by other entries, so its classes keep one identity. One with exports the root keeps
// private (an internal helper) is copied into the entries that use it instead.
const rootExports = new Set(Object.keys(await import(pathToFileURL(resolve(dist, ROOT)).href)));
const sharedThroughRoot = new Set();
for (const file of root) {
  const names = Object.keys(await import(pathToFileURL(file).href));
  if (names.every((name) => rootExports.has(name))) sharedThroughRoot.add(file);
}

function bundleEntry(entry) {
  const rootSpecifier = specifierFrom(entry, resolve(dist, ROOT));
  return build({
    ...common,
    entryPoints: [join(dist, entry)],
    outfile: join(staging, entry),
    plugins: [
      {
        name: 'entry-boundaries',
        setup(b) {
          b.onResolve({ filter: /.*/ }, (args) => {
            if (args.path.startsWith('node:')) return { path: args.path, external: true };
            // Packages (optional peers such as gpt-tokenizer or ioredis) are the user's to install.
            if (!args.path.startsWith('.')) return { path: args.path, external: true };
            const target = resolve(args.resolveDir, args.path);
            // Code moves into the entry's file, so a lazy import's path is recomputed from there.
            if (args.kind === 'dynamic-import') {
              const targetEntry = relative(resolve(dist), target).split('\\').join('/');
              if (!entries.includes(targetEntry)) throw new Error(`${entry}: lazily imported ${targetEntry} is not listed as a bundle entry`);
              return { path: specifierFrom(entry, target), external: true };
            }
            return entry !== ROOT && sharedThroughRoot.has(target) ? { path: rootSpecifier, external: true } : undefined;
          });
        },
      },
    ],
  });
}

rmSync(staging, { recursive: true, force: true });
await Promise.all(entries.map(bundleEntry));

// An entry may only take from the root what the root exports: a module of the root's graph
// that the root does not re-export would be `undefined` at run time. Caught here, not by users.
const missing = [];
for (const entry of entries.filter((e) => e !== ROOT)) {
  const code = readFileSync(join(staging, entry), 'utf8');
  const rootSpecifier = specifierFrom(entry, resolve(dist, ROOT));
  for (const m of code.matchAll(/import\s*\{([^}]*)\}\s*from\s*"([^"]+)"/g)) {
    if (m[2] !== rootSpecifier) continue;
    for (const name of m[1].split(',').map((n) => n.trim().split(/\s+as\s+/)[0]).filter(Boolean)) {
      if (!rootExports.has(name)) missing.push(`${entry} imports ${name}`);
    }
  }
}
if (missing.length > 0) {
  throw new Error(`These names come from modules of the root's graph but the root (src/index.ts) does not export them: ${missing.join('; ')}. Export them from the root, or import a module outside the root's graph.`);
}

// Replace tsc's per-file JavaScript with the bundles; keep the declarations.
for (const file of readdirSync(dist, { recursive: true }).map(String)) {
  if (file.endsWith('.js') && !file.startsWith('.bundle')) rmSync(join(dist, file));
}
for (const file of readdirSync(staging, { recursive: true }).map(String)) {
  if (!file.endsWith('.js')) continue;
  const target = join(dist, file);
  mkdirSync(dirname(target), { recursive: true });
  renameSync(join(staging, file), target);
}
rmSync(staging, { recursive: true, force: true });
