// Draws bench/results.json (or the file given as the first argument) as bench/results.svg: one
// panel of bars per benchmark metric, llmux against its peers, each relative to the baseline of
// its benchmark. Panels are described in lib/render-chart.mjs (PANELS); a section that is
// missing or shaped unlike its description is skipped with a note.
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { BENCH_DIR, RESULTS_FILE } from './lib/common.mjs';
import { describeChart, renderChart } from './lib/render-chart.mjs';

export const CHART_FILE = path.join(BENCH_DIR, 'results.svg');

export async function run({ input = RESULTS_FILE, output = CHART_FILE } = {}) {
  let results;
  try {
    results = JSON.parse(readFileSync(input, 'utf8'));
  } catch (error) {
    console.error(`chart: cannot read ${input}: ${error.message}`);
    process.exitCode = 1;
    return null;
  }
  const { drawn, skipped } = describeChart(results);
  const svg = renderChart(results);
  const tmp = `${output}.tmp`;
  writeFileSync(tmp, svg);
  renameSync(tmp, output);
  console.log(`\nChart: ${drawn.length} panel${drawn.length === 1 ? '' : 's'} drawn to ${path.relative(process.cwd(), output) || output}`);
  for (const title of drawn) console.log(`  drew     ${title}`);
  for (const s of skipped) console.log(`  skipped  ${s.section}: ${s.reason}`);
  return { output, drawn, skipped };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const arg = process.argv[2];
  await run(arg === undefined ? {} : { input: path.resolve(arg) });
}
