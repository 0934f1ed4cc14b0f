// Runs the benchmarks one after the other; each merges its section into results.json.
// `--rounds N` applies to all; `--only a,b` keeps the baseline plus the named clients.
import path from 'node:path';
import { BENCH_DIR, RESULTS_FILE, requireBuiltLlmux } from './lib/common.mjs';
import { run as importCost } from './import-cost.mjs';
import { run as coldCompletion } from './cold-completion.mjs';
import { run as streamChunks } from './stream-chunks.mjs';
import { run as concurrentRequests } from './concurrent-requests.mjs';
import { run as concurrentStreams } from './concurrent-streams.mjs';
import { run as routerOverhead } from './router-overhead.mjs';
import { run as routerConcurrent } from './router-concurrent.mjs';
import { run as firstCost } from './first-cost.mjs';
import { run as bundleSize } from './bundle-size.mjs';
import { run as chart } from './chart.mjs';
import { run as readmeTable } from './readme-table.mjs';

requireBuiltLlmux();
const started = performance.now();
await importCost();
await coldCompletion();
await streamChunks();
await concurrentRequests();
await concurrentStreams();
// The same two scenarios in the Anthropic Messages format, with @anthropic-ai/sdk among the peers.
await concurrentRequests({ format: 'anthropic' });
await concurrentStreams({ format: 'anthropic' });
await routerOverhead();
await routerConcurrent();
await firstCost();
await bundleSize();
await chart();
// The top-level README's table, from the default results.json only (a run into another file,
// such as a Node 24 run, prints it instead).
if (RESULTS_FILE === path.join(BENCH_DIR, 'results.json')) readmeTable({ write: true });
else readmeTable({ input: RESULTS_FILE });
console.log(`\nAll benchmarks done in ${((performance.now() - started) / 1000).toFixed(0)} s; results in ${RESULTS_FILE}`);
