// Import cost: what `import('x')` costs a fresh Node process, in time and memory, next to a
// process that imports nothing. Each sample is a new child running lib/import-child.mjs; the
// child times the import itself and reads its RSS before and after; the parent times the whole
// process. An empty package (fixtures/empty-package) is measured too: what Node itself charges
// for the first import of any package by name, before a line of the package runs.
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  checkBuildUnchanged,
  clientStats,
  fmt,
  fmtRatio,
  fmtSpread,
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

const MiB = 1024 * 1024;

export const CLIENTS = [
  { id: 'bare', label: 'bare node (nothing imported)', imports: [] },
  { id: 'empty', label: 'an empty package (control)', imports: ['bench-empty-package'] },
  { id: 'llmux', label: 'llmux', imports: ['llmux'] },
  { id: 'openai', label: 'openai', imports: ['openai'] },
  { id: 'anthropic', label: '@anthropic-ai/sdk', imports: ['@anthropic-ai/sdk'] },
  { id: 'ai', label: 'ai + @ai-sdk/openai', imports: ['ai', '@ai-sdk/openai'] },
  { id: 'pi-ai', label: '@mariozechner/pi-ai', imports: ['@mariozechner/pi-ai'] },
];

const CHILD = fileURLToPath(new URL('./lib/import-child.mjs', import.meta.url));

export async function run({ rounds = roundsFromArgs(20) } = {}) {
  requireBuiltLlmux();
  const buildBefore = llmuxBuildStamp();
  const clients = selectClients(CLIENTS);
  console.log(`\n== Import cost: ${rounds} rounds, one fresh process per sample, clients interleaved`);
  printMachine();

  const measure = async (client) => {
    const result = await runChild([CHILD, ...client.imports]);
    if (!result.ok) return result;
    const r = result.report;
    return {
      ok: true,
      wallMs: result.wallMs,
      importMs: r.importMs,
      rssDeltaMiB: (r.rssAfter - r.rssBefore) / MiB,
      rssAfterMiB: r.rssAfter / MiB,
      peakMiB: r.maxRSSKiB / 1024,
    };
  };
  const { samples, failures } = await runRounds(clients, rounds, measure, { label: 'import' });

  const stats = clientStats(
    clients,
    { samples, failures },
    {
      importMs: 'importMs',
      rssDeltaMiB: 'rssDeltaMiB',
      rssAfterMiB: 'rssAfterMiB',
      peakRssMiB: 'peakMiB',
      wallMs: 'wallMs',
    },
    (c) => ({ imports: c.imports }),
  );
  const base = stats.bare;
  for (const c of clients) {
    const st = stats[c.id];
    st.importMsOverBare = round(st.importMs.median - base.importMs.median);
    st.rssDeltaOverBareMiB = round(st.rssDeltaMiB.median - base.rssDeltaMiB.median);
    st.wallRatio = ratio(st.wallMs.median, base.wallMs.median);
    st.wallPairedRatio = pairedRatio(samples.get(c.id), samples.get('bare'), (x) => x.wallMs);
    st.peakRssRatio = ratio(st.peakRssMiB.median, base.peakRssMiB.median);
  }

  printTable(
    'Import cost (median, p10–p90 in brackets; ratios are to bare node)',
    ['client', 'n', 'import ms', 'RSS Δ MiB', 'process wall ms', 'wall ×bare', 'peak RSS MiB', 'peak ×bare'],
    clients.map((c) => {
      const st = stats[c.id];
      if (st.samples === 0) return [c.label, 0, 'FAILED', '-', '-', '-', '-', '-'];
      return [
        c.label,
        st.samples,
        fmtSpread(st.importMs, 2),
        fmtSpread(st.rssDeltaMiB, 2),
        fmtSpread(st.wallMs, 1),
        fmtRatio(st.wallRatio),
        fmt(st.peakRssMiB.median, 1),
        fmtRatio(st.peakRssRatio),
      ];
    }),
  );
  printFailures(clients, failures);

  const targets = {};
  if (stats.llmux?.samples > 0) {
    const l = stats.llmux;
    targets.importMs = { limit: 3, value: l.importMsOverBare, pass: l.importMsOverBare <= 3 };
    targets.rssMiB = { limit: 1, value: l.rssDeltaOverBareMiB, pass: l.rssDeltaOverBareMiB <= 1 };
    console.log(
      `llmux over bare node: import ${fmt(l.importMsOverBare, 2)} ms (target <= 3: ${targets.importMs.pass ? 'met' : 'MISSED'}), ` +
        `RSS ${fmt(l.rssDeltaOverBareMiB, 2)} MiB (target <= 1: ${targets.rssMiB.pass ? 'met' : 'MISSED'})`,
    );
    const e = stats.empty;
    if (e?.samples > 0) {
      l.importMsOverEmptyPackage = round(l.importMs.median - e.importMs.median);
      l.rssDeltaOverEmptyPackageMiB = round(l.rssDeltaMiB.median - e.rssDeltaMiB.median);
      console.log(
        `llmux over an empty package (Node's fixed cost of a first package import removed): import ${fmt(l.importMsOverEmptyPackage, 2)} ms, ` +
          `RSS ${fmt(l.rssDeltaOverEmptyPackageMiB, 2)} MiB`,
      );
    }
  }

  const buildUnchanged = checkBuildUnchanged(buildBefore);
  const section = {
    rounds,
    buildUnchanged,
    method:
      "fresh `node lib/import-child.mjs <specifiers>` per sample; import ms and RSS delta measured inside the child around `await import()`; wall time from spawn to exit in the parent; peak RSS is the child's resourceUsage().maxRSS",
    versions: packageVersions(['llmux', 'openai', '@anthropic-ai/sdk', 'ai', '@ai-sdk/openai', '@mariozechner/pi-ai']),
    targets,
    clients: stats,
  };
  writeResults('import', section);
  return section;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await run();
