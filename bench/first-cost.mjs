// The first cost figure in a fresh process: import the model table and price one gpt-4o call.
// llmux loads `llmux/models` and parses only the OpenAI part of its table; the control is an
// empty package (what Node charges for any first import). `llmux-root` shows that
// `import "llmux"` does not load the table. pi-ai, whose registry is part of its main import,
// is measured the same way.
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  checkBuildUnchanged,
  clientStats,
  fmt,
  fmtSpread,
  llmuxBuildStamp,
  packageVersions,
  printFailures,
  printMachine,
  printTable,
  requireBuiltLlmux,
  round,
  roundsFromArgs,
  runChild,
  runRounds,
  selectClients,
  writeResults,
} from './lib/common.mjs';

export const CLIENTS = [
  { id: 'empty', label: 'an empty package (control)' },
  { id: 'llmux-root', label: 'import "llmux" (no table)' },
  { id: 'llmux', label: 'llmux/models completionCost()' },
  { id: 'pi-ai', label: 'pi-ai getModel() + calculateCost()' },
];
const CHILD = fileURLToPath(new URL('./lib/cost-child.mjs', import.meta.url));
const EXPECTED = 1000 * 2.5e-6 + 200 * 1e-5;

export async function run({ rounds = roundsFromArgs(20) } = {}) {
  requireBuiltLlmux();
  const buildBefore = llmuxBuildStamp();
  const clients = selectClients(CLIENTS);
  console.log(`\n== First cost in a fresh process: ${rounds} rounds, one process per sample, clients interleaved`);
  printMachine();
  const measure = async (client) => {
    const result = await runChild([CHILD, client.id]);
    if (!result.ok) return result;
    const r = result.report;
    if (client.id === 'llmux' || client.id === 'pi-ai') {
      if (typeof r.cost !== 'number' || Math.abs(r.cost - EXPECTED) > 1e-12)
        return { ok: false, error: `priced ${r.cost}, expected ${EXPECTED}` };
    }
    return {
      ok: true,
      importMs: r.importMs,
      firstCostMs: r.firstCostMs,
      totalMs: r.totalMs,
      wallMs: result.wallMs,
      peakMiB: r.maxRSSKiB / 1024,
    };
  };
  const { samples, failures } = await runRounds(clients, rounds, measure, { label: 'first-cost' });
  const stats = clientStats(
    clients,
    { samples, failures },
    {
      importMs: 'importMs',
      firstCostMs: 'firstCostMs',
      totalMs: 'totalMs',
      peakRssMiB: 'peakMiB',
    },
  );
  const empty = stats.empty?.totalMs.median ?? 0;
  printTable(
    'First cost (median, p10–p90 in brackets; "over control" subtracts the empty package import)',
    ['client', 'n', 'import ms', 'first cost ms', 'total ms', 'over control ms', 'peak RSS MiB'],
    clients.map((c) => {
      const st = stats[c.id];
      if (st.samples === 0) return [c.label, 0, 'FAILED', '-', '-', '-', '-'];
      st.overControlMs = round(st.totalMs.median - empty);
      return [
        c.label,
        st.samples,
        fmtSpread(st.importMs, 2),
        fmtSpread(st.firstCostMs, 2),
        fmtSpread(st.totalMs, 2),
        fmt(st.overControlMs, 2),
        fmt(st.peakRssMiB.median, 1),
      ];
    }),
  );
  printFailures(clients, failures);
  const targets = {};
  if (stats.llmux?.samples > 0) {
    const over = stats.llmux.overControlMs;
    targets.firstCostMs = { limit: 10, value: over, pass: over <= 10 };
    console.log(
      `llmux: import + first completionCost ${fmt(over, 2)} ms over the control (target <= 10: ${targets.firstCostMs.pass ? 'met' : 'MISSED'})`,
    );
  }
  const section = {
    rounds,
    buildUnchanged: checkBuildUnchanged(buildBefore),
    method:
      'fresh `node lib/cost-child.mjs <client>` per sample; import and first cost timed inside the child with performance.now(); the cost is checked against 1000 × $2.50/M + 200 × $10/M',
    versions: packageVersions(['llmux', '@mariozechner/pi-ai']),
    targets,
    clients: stats,
  };
  writeResults('firstCost', section);
  return section;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await run();
