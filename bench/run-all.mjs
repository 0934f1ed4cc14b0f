// Runs the three benchmarks one after the other; each merges its section into results.json.
// `--rounds N` applies to all three; `--only a,b` keeps the baseline plus the named clients.
import { RESULTS_FILE, requireBuiltLlmux } from './lib/common.mjs';
import { run as importCost } from './import-cost.mjs';
import { run as coldCompletion } from './cold-completion.mjs';
import { run as streamChunks } from './stream-chunks.mjs';

requireBuiltLlmux();
const started = performance.now();
await importCost();
await coldCompletion();
await streamChunks();
console.log(`\nAll benchmarks done in ${((performance.now() - started) / 1000).toFixed(0)} s; results in ${RESULTS_FILE}`);
