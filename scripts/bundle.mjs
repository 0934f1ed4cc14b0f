// Second build step: bundles tsc's JavaScript in dist/ so that each public entry and each lazily
// loaded module is one file plus the chunks it shares. On Node every module costs a resolve, a
// read and a compile (about half a millisecond each here), so fewer files is a faster import.
// Declarations (.d.ts) stay as tsc wrote them. The file names of entries are kept, so the
// `exports` map and the lazy `import()` targets do not change.
//
// The root module is kept to a single file: anything else (an adapter, the CLI) that imports a
// module of the root's static graph imports it from the package entry itself (`llmux`, a
// self-reference), so that code is neither split into a shared chunk nor duplicated, and error
// classes keep one identity.
import { build } from 'esbuild';
import { mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

const dist = 'dist';
const staging = join(dist, '.bundle');
const entries = [
  'index.js',
  'mock-server/index.js',
  'transport/sse.js',
  'cli/main.js',
  'cli/read-version.js',
  'cli/commands/chat.js',
  'cli/commands/mock-server.js',
  'cli/commands/demo.js',
  'providers/openai/openai-adapter.js',
  'providers/anthropic/anthropic-adapter.js',
  'providers/mock/mock-adapter.js',
  'transport/node-transport.js',
  'transport/fetch-transport.js',
  'core/retry-timing.js',
];

/** The files statically reachable from the root entry (dynamic imports excluded). */
async function rootGraph() {
  const result = await build({
    entryPoints: [join(dist, 'index.js')],
    bundle: true,
    write: false,
    metafile: true,
    format: 'esm',
    platform: 'neutral',
    logLevel: 'warning',
    plugins: [
      {
        name: 'skip-dynamic',
        setup(b) {
          b.onResolve({ filter: /.*/ }, (args) => (args.kind === 'dynamic-import' || args.path.startsWith('node:') ? { path: args.path, external: true } : undefined));
        },
      },
    ],
  });
  return new Set(Object.keys(result.metafile.inputs).map((p) => resolve(p)));
}

const root = await rootGraph();
const importRootFromPackage = {
  name: 'import-root-from-package',
  setup(b) {
    b.onResolve({ filter: /^\.\.?\// }, (args) => {
      if (args.kind !== 'import-statement' || root.has(resolve(args.importer))) return undefined;
      return root.has(resolve(args.resolveDir, args.path)) ? { path: 'llmux', external: true } : undefined;
    });
  },
};

rmSync(staging, { recursive: true, force: true });
await build({
  entryPoints: entries.map((e) => join(dist, e)),
  outdir: staging,
  outbase: dist,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'neutral',
  target: 'es2022',
  external: ['node:*'],
  chunkNames: 'chunks/[name]-[hash]',
  legalComments: 'none',
  logLevel: 'warning',
  plugins: [importRootFromPackage],
});

// Replace tsc's per-file JavaScript with the bundle; keep the declarations.
for (const file of readdirSync(dist, { recursive: true }).map(String)) {
  if (file.endsWith('.js') && !file.startsWith('.bundle')) rmSync(join(dist, file));
}
for (const file of readdirSync(staging, { recursive: true }).map(String)) {
  if (file.endsWith('.js')) {
    const target = join(dist, file);
    mkdirSync(dirname(target), { recursive: true });
    renameSync(join(staging, file), target);
  }
}
rmSync(staging, { recursive: true, force: true });
