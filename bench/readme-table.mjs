// Prints the README's benchmark table from bench/results.json (or the file given as the first
// argument): every scenario the performance targets name, llmux and its peers as ratios to raw
// node:http. `--write` puts it between the bench-table markers of the top-level README.md.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { BENCH_DIR, RESULTS_FILE } from './lib/common.mjs';
import { readmeTable, replaceTable } from './lib/readme-table.mjs';

export const README_FILE = path.join(BENCH_DIR, '..', 'README.md');

export function run({ input = RESULTS_FILE, write = false, readme = README_FILE } = {}) {
  let results;
  try {
    results = JSON.parse(readFileSync(input, 'utf8'));
  } catch (error) {
    console.error(`readme-table: cannot read ${input}: ${error.message}`);
    process.exitCode = 1;
    return null;
  }
  const table = readmeTable(results);
  if (!write) {
    process.stdout.write(table);
    return table;
  }
  writeFileSync(readme, replaceTable(readFileSync(readme, 'utf8'), table));
  console.log(`readme-table: wrote the table into ${path.relative(process.cwd(), readme) || readme}`);
  return table;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const args = process.argv.slice(2);
  const file = args.find((a) => !a.startsWith('--'));
  run({ write: args.includes('--write'), ...(file === undefined ? {} : { input: path.resolve(file) }) });
}
