// A diagnostic, not a comparison with peers: where the CPU of llmux's Anthropic stream goes in a
// cold process, layer by layer, without HTTP, and what the same layer costs once the process is
// warm (five more runs in the same process). Each sample is a fresh process; layers alternate.
// `--rounds N` (default 9). Prints medians; writes nothing.
import { fileURLToPath } from 'node:url';
import { median, printMachine, printTable, requireBuiltLlmux, roundsFromArgs, runChild } from './lib/common.mjs';

const LAYERS = [
  ['split', 'hand parse: split at blank lines + JSON.parse'],
  ['sse', 'llmux SSE decoder alone'],
  ['sse+parse', 'llmux SSE decoder + JSON.parse'],
  ['client', 'llmux client.stream(), fake transport'],
];

export async function run() {
  requireBuiltLlmux();
  printMachine();
  const rounds = roundsFromArgs(9);
  const script = fileURLToPath(new URL('./clients/layers/anthropic-layer.mjs', import.meta.url));
  const samples = new Map(LAYERS.map(([id]) => [id, []]));
  const warmSamples = new Map(LAYERS.map(([id]) => [id, []]));
  for (let r = 0; r < rounds; r++) {
    for (const [id] of LAYERS) {
      const result = await runChild([script, id]);
      if (!result.ok) throw new Error(`${id}: ${result.error ?? 'failed'}`);
      const { textLength, cpuMs, warmCpuMs } = result.report;
      if (textLength !== (id === 'sse' ? 0 : 82_000))
        throw new Error(`${id}: found ${textLength} characters of text, expected ${id === 'sse' ? 0 : 82_000}`);
      samples.get(id).push(cpuMs);
      warmSamples.get(id).push(warmCpuMs);
    }
  }
  const base = median(samples.get('split'));
  const warmBase = median(warmSamples.get('split'));
  printTable(
    `The 20,000-event Anthropic stream, layer by layer: the first run of a fresh process (cold) and the median of five more in it (warm); medians of ${rounds} processes`,
    ['layer', 'cold CPU ms', '× hand parse', 'warm CPU ms', '× hand parse'],
    LAYERS.map(([id, label]) => {
      const cold = median(samples.get(id));
      const warm = median(warmSamples.get(id));
      return [label, cold.toFixed(1), `${(cold / base).toFixed(2)}x`, warm.toFixed(1), `${(warm / warmBase).toFixed(2)}x`];
    }),
  );
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await run();
