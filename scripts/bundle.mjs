// Second build step: bundles tsc's JavaScript in dist/ so that each public entry and each lazily
// loaded module is a single file. On Node every module costs a resolve, a read and a compile
// (about a millisecond each on a small machine), so `import "llmux"` loads one file and the
// first OpenAI call loads two more (its adapter and the node:http transport).
//
// Each entry is bundled on its own, with three kinds of import left as they are:
// - `node:*` built-ins and packages (optional peer dependencies, never bundled);
// - dynamic `import()`s, which point at other entries (the lazy loading stays lazy);
// - any module of a hub's static graph (errors, stream, call loop, client, ...) whose exports the
//   hub exports, rewritten to import the hub itself, so error classes keep one identity across
//   lazily loaded code (internal helpers of a hub's graph are copied instead).
// The two hubs are the shared core (src/shared.ts: errors, stream, call loop; what `llmux/lite`
// and the adapters need, with no provider registry, no transport and no `import()` of either)
// and the root (src/index.ts). Every entry is written twice, once per tree, each tree importing
// its hubs by relative path. In dist/ (the `node` condition: Node, Bun, Deno, a bundle for Node)
// both hubs are one file, dist/index.js, which holds the root and the shared core together:
// `import "llmux"` reads one module (on Node a second module costs as much as the first 50 KB of
// code in it), and the adapters and `llmux/lite` import their classes from it. In dist/default/
// (any other condition: a browser or edge bundle) they are dist/default/shared.js and
// dist/default/index.js (the root, importing shared.js), so a `llmux/lite` app bundled for the
// browser reaches no `import()` of a `node:` module. The `exports` map switches every entry
// between the trees together, so classes have one identity under every condition.
// Small pure helpers shared by two lazy entries (the SSE parser, error mapping) are copied
// into both: a few KB on disk, never a second file to load.
// Declarations (.d.ts) stay in dist/ as tsc wrote them; entry file names are kept in both trees,
// so the `import()` targets do not change.
import { build } from 'esbuild';
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const dist = 'dist';
const staging = join(dist, '.bundle');
const ROOT = 'index.js';
const SHARED = 'shared.js';
/** The root under conditions other than `node`: src/index.ts importing shared.js. */
const ROOT_DEFAULT = 'index.default.js';
// `llmux/openai` is a hub too, for the adapters built on it (OpenRouter, Responses): its file
// also holds src/providers/openai/shared-openai.ts, the Chat Completions code they use.
const OPENAI = 'providers/openai/index.js';
/** The part of llmux/models a call loads (the table and its state, prices, a model's facts). */
const MODEL_LOOKUP = 'models/model-lookup.js';
/** Entries whose file holds a second module's exports beside their own. */
const MERGED = { [ROOT]: SHARED, [OPENAI]: 'providers/openai/shared-openai.js' };
const entries = [
  ROOT,
  SHARED,
  ROOT_DEFAULT,
  'mock-server/index.js',
  'transport/sse.js',
  'stream/stream-sse-chunks.js',
  'stream/fold-stream.js',
  'cli/main.js',
  'cli/read-version.js',
  'cli/commands/chat.js',
  'cli/commands/mock-server.js',
  'cli/commands/demo.js',
  'cli/commands/models.js',
  'cli/commands/cost.js',
  'cli/commands/tokens.js',
  'providers/openai/index.js',
  'providers/openai-responses/index.js',
  'providers/openrouter/index.js',
  'providers/anthropic/index.js',
  'lite/index.js',
  'providers/mock/mock-adapter.js',
  'transport/node-transport.js',
  'transport/fetch-transport.js',
  'core/fit-reasoning-effort.js',
  'callbacks/call-reporter.js',
  'models/index.js',
  'models/model-lookup.js',
  'otel/index.js',
  'redis/index.js',
  'router/index.js',
  'testing/index.js',
  'testing/fixtures/openai-fixtures.js',
  'testing/fixtures/anthropic-fixtures.js',
  'testing/fixtures/openrouter-fixtures.js',
  'testing/fixtures/openai-responses-fixtures.js',
  'cli/commands/adapter.js',
  'structured/index.js',
  'generator/index.js',
  'adapter-kit/index.js',
];

// Whitespace and syntax minified, names kept: V8 scans every byte of a module before running
// it, and the root is about a third smaller (about a tenth fewer instructions per import, and
// a tenth less time over an empty module). Stack traces keep every function and class name.
const common = {
  bundle: true,
  format: 'esm',
  platform: 'neutral',
  target: 'es2022',
  legalComments: 'none',
  logLevel: 'warning',
  minifyWhitespace: true,
  minifySyntax: true,
};
const keepExternal = (args) =>
  args.path.startsWith('node:') || args.kind === 'dynamic-import' ? { path: args.path, external: true } : undefined;

/** A specifier for `target` (a file under dist/) as seen from the bundled `entry`. */
function specifierFrom(entry, target) {
  const path = relative(dirname(resolve(dist, entry)), target);
  return path.startsWith('.') ? path : `./${path}`;
}

/** The module tsc wrote for an entry (the two roots are both built from index.js). */
const sourceOf = (entry) => join(dist, entry === ROOT_DEFAULT ? ROOT : entry);
/** A merged entry's module: its own exports and the second module's (the root's file under `node`: the public API and the shared core). */
const merged = (entry) => ({
  contents: [entry, MERGED[entry]].map((file) => `export * from './${basename(file)}';\n`).join(''),
  resolveDir: dirname(resolve(dist, entry)),
  sourcefile: `merged-${basename(entry)}`,
  loader: 'js',
});
const entryPoint = (entry) => (MERGED[entry] !== undefined ? { stdin: merged(entry) } : { entryPoints: [sourceOf(entry)] });

/** The files statically reachable from `entry`. */
async function staticGraph(entry, withMerged = false) {
  const result = await build({
    ...common,
    ...(withMerged ? entryPoint(entry) : { entryPoints: [sourceOf(entry)] }),
    write: false,
    metafile: true,
    plugins: [{ name: 'keep-external', setup: (b) => b.onResolve({ filter: /.*/ }, keepExternal) }],
  });
  // A merged entry's stdin module is no file of dist/.
  return new Set(
    Object.keys(result.metafile.inputs)
      .map((p) => resolve(p))
      .filter((p) => existsSync(p)),
  );
}

/**
 * A hub is an entry others import from instead of copying its modules. A module of the hub's
 * graph whose every export the hub re-exports is imported from the hub itself by other entries,
 * so its classes keep one identity; one with exports the hub keeps private (an internal helper)
 * is copied into the entries that use it instead.
 */
async function hub(entry, specifier, withMerged = false) {
  const exported = new Set();
  for (const file of withMerged ? [entry, MERGED[entry]] : [entry]) {
    for (const name of Object.keys(await import(pathToFileURL(resolve(dist, file)).href))) exported.add(name);
  }
  const through = new Set();
  for (const file of await staticGraph(entry, withMerged)) {
    const names = Object.keys(await import(pathToFileURL(file).href));
    if (names.every((name) => exported.has(name))) through.add(file);
  }
  return { entry, specifier, exported, through };
}

// Four hubs, tried in order: the shared core (errors, stream, call loop), which every entry may
// import, the root, for what only the root's graph holds (the registry-backed client),
// `llmux/openai` and the model lookup (these two imported by a path relative to the importing
// entry, within its tree).
// `#llmux/shared` and `#llmux/root` are placeholders in the staged bundles: the output step below
// replaces them with each tree's relative path.
const hubs = [
  await hub(SHARED, '#llmux/shared'),
  await hub(ROOT, '#llmux/root'),
  await hub(OPENAI, undefined, true),
  // The model table has state (registered and loaded models): llmux/models takes it from the
  // file a call loads, so both see one table.
  await hub(MODEL_LOOKUP, undefined),
];

/** The hubs an entry imports from, each with the specifier it uses. */
function hubsFor(entry) {
  const at = (h) => ({ ...h, specifier: h.specifier ?? specifierFrom(entry, resolve(dist, h.entry)) });
  // The merged root and the shared core hold their whole graph; the default root imports the
  // shared core beside it.
  if (entry === ROOT || entry === SHARED) return [];
  if (entry === ROOT_DEFAULT) return [{ ...hubs[0], specifier: `./${SHARED}` }];
  return hubs.filter((h) => h.entry !== entry).map(at);
}

function bundleEntry(entry) {
  const from = hubsFor(entry);
  return build({
    ...common,
    ...entryPoint(entry),
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
              if (!entries.includes(targetEntry))
                throw new Error(`${entry}: lazily imported ${targetEntry} is not listed as a bundle entry`);
              return { path: specifierFrom(entry, target), external: true };
            }
            // An entry that is also a module of a hub's graph (llmux/sse) stays whole: it is its own file.
            if (args.kind === 'entry-point') return undefined;
            const owner = from.find((h) => h.through.has(target));
            return owner === undefined ? undefined : { path: owner.specifier, external: true };
          });
        },
      },
    ],
  });
}

rmSync(staging, { recursive: true, force: true });
await Promise.all(entries.map(bundleEntry));

// An entry may only take from a hub what the hub exports: a module of a hub's graph that the hub
// does not re-export would be `undefined` at run time. Caught here, not by users.
const missing = [];
for (const entry of entries) {
  const code = readFileSync(join(staging, entry), 'utf8');
  for (const h of hubsFor(entry)) {
    for (const m of code.matchAll(/import\s*\{([^}]*)\}\s*from\s*"([^"]+)"/g)) {
      if (m[2] !== h.specifier) continue;
      for (const name of m[1]
        .split(',')
        .map((n) => n.trim().split(/\s+as\s+/)[0])
        .filter(Boolean)) {
        if (!h.exported.has(name)) missing.push(`${entry} imports ${name} from ${h.entry}`);
      }
    }
  }
}
// Under `node` both hub names lead to the merged root, which must export what either hub does.
const rootExports = new Set(Object.keys(await import(pathToFileURL(resolve(staging, ROOT)).href)));
for (const h of hubs.slice(0, 2))
  for (const name of h.exported) if (!rootExports.has(name)) missing.push(`${ROOT} does not export ${name} of ${h.entry}`);
if (missing.length > 0) {
  throw new Error(
    `These names come from modules of a hub's graph (src/shared.ts, src/index.ts) that the hub does not export: ${missing.join('; ')}. Export them from the hub, or import a module outside its graph.`,
  );
}

// Replace tsc's per-file JavaScript with the bundles; keep the declarations. Two trees, each
// importing its hubs by relative path (an `imports`-map name such as `#llmux/shared` costs Node
// about 0.3 ms per module to resolve, 1.5 ms over a first call's modules):
// - dist/ for the `node` condition, where both hubs are the merged root, dist/index.js;
// - dist/default/ for any other (browser and edge bundles): the root there is
//   dist/default/index.js (src/index.ts over the shared core) and the shared core
//   dist/default/shared.js.
for (const file of readdirSync(dist, { recursive: true }).map(String)) {
  if (file.endsWith('.js') && !file.startsWith('.bundle')) rmSync(join(dist, file));
}
const HUB_NAME = /(from\s*|import\(\s*)"#llmux\/(shared|root)"/g;
/** `code` of `entry` with its hub names replaced by paths, as the file at `at` (a path under dist/) sees `hubFiles`. */
function withHubPaths(code, at, hubFiles) {
  const out = code.replace(HUB_NAME, (_, lead, name) => `${lead}"${specifierFrom(at, resolve(dist, hubFiles[name]))}"`);
  if (out.includes('#llmux/'))
    throw new Error(`${at}: a hub name is left that is not an import: ${out.match(/.{0,60}#llmux\/.{0,20}/)?.[0]}`);
  return out;
}
function emit(at, code) {
  const target = join(dist, at);
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, code);
}
const DEFAULT_TREE = 'default';
/** The default tree's files by path inside it; paths there mirror dist/, so each is computed as if the file sat in dist/. */
const defaultTree = new Map();
for (const entry of entries) {
  const code = readFileSync(join(staging, entry), 'utf8');
  if (entry !== SHARED && entry !== ROOT_DEFAULT) emit(entry, withHubPaths(code, entry, { shared: ROOT, root: ROOT }));
  if (entry !== ROOT) {
    const name = entry === ROOT_DEFAULT ? ROOT : entry;
    defaultTree.set(name, withHubPaths(code, name, { shared: SHARED, root: ROOT }));
  }
}
rmSync(staging, { recursive: true, force: true });

// The default tree holds what the `exports` map's `default` targets reach by relative imports,
// static or lazy (a bundler follows both): not the CLI, the mock server or the Redis store, which
// run only where the `node` condition holds.
const DEFAULT_PREFIX = `./dist/${DEFAULT_TREE}/`;
const exportTargets = Object.values(JSON.parse(readFileSync('package.json', 'utf8')).exports)
  .map((target) => (typeof target === 'object' ? target.default : undefined))
  .filter((target) => typeof target === 'string' && target.startsWith(DEFAULT_PREFIX))
  .map((target) => target.slice(DEFAULT_PREFIX.length));
const RELATIVE = /(?:from\s*|import\(\s*)"(\.\.?\/[^"]+)"/g;
const reached = new Set();
const pending = [...exportTargets];
while (pending.length > 0) {
  const name = pending.pop();
  if (reached.has(name)) continue;
  const code = defaultTree.get(name);
  if (code === undefined)
    throw new Error(`dist/${DEFAULT_TREE}/${name} is reached (from the exports map or an import) but is no bundle entry`);
  reached.add(name);
  for (const m of code.matchAll(RELATIVE))
    pending.push(
      relative(dist, resolve(dist, dirname(name), m[1]))
        .split('\\')
        .join('/'),
    );
}
for (const name of reached) emit(join(DEFAULT_TREE, name), defaultTree.get(name));

// dist/testing carries responses recorded by others under Apache-2.0 (see
// test/__fixtures__/recorded/README.md): their licence notice ships beside them.
for (const tree of [dist, join(dist, DEFAULT_TREE)]) {
  copyFileSync('test/__fixtures__/recorded/LICENSE-APACHE-2.0.txt', join(tree, 'testing', 'fixtures', 'LICENSE-APACHE-2.0.txt'));
}
