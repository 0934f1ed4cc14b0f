// A diagnostic, not a comparison with peers: what a call costs as its conversation grows, in a
// warm process, without HTTP. For each length and API, `clients/conversation/call-cost.mjs`
// measures llmux's `client.complete()` over a transport that answers from memory, and the floor
// any client of that API pays for the same call (its request body serialised, the reply parsed).
// The difference is llmux's own work per call: validation, conversion to the API's format,
// headers, mapping and pricing the reply. The two alternate in one process (see the child);
// each length runs in `--rounds N` fresh processes (default 3). Prints medians; writes nothing.
import { fileURLToPath } from 'node:url';
import { median, printMachine, printTable, requireBuiltLlmux, roundsFromArgs, runChild } from './lib/common.mjs';

// Conversation lengths, and one with the client's `cache: 'auto'` (prompt-cache keys or breakpoints).
const CASES = [[1], [10], [30], [60], [120], [60, 'auto']];
const PROVIDERS = ['openai', 'anthropic'];

export async function run() {
  requireBuiltLlmux();
  printMachine();
  const rounds = roundsFromArgs(3);
  const script = fileURLToPath(new URL('./clients/conversation/call-cost.mjs', import.meta.url));
  const rows = [];
  for (const provider of PROVIDERS) {
    for (const [length, cache] of CASES) {
      const samples = { llmuxUs: [], floorUs: [], overUs: [] };
      let bodyBytes;
      for (let r = 0; r < rounds; r++) {
        const result = await runChild([script, provider, String(length), ...(cache ? ['auto'] : [])]);
        if (!result.ok) throw new Error(`${provider} ${length}${cache ? ' cache' : ''}: ${result.error ?? 'failed'}`);
        for (const key of Object.keys(samples)) samples[key].push(result.report[key]);
        bodyBytes = result.report.bodyBytes;
      }
      const [llmux, floor, over] = [median(samples.llmuxUs), median(samples.floorUs), median(samples.overUs)];
      rows.push([
        provider,
        cache ? `${length}, cache: 'auto'` : String(length),
        String(bodyBytes),
        llmux.toFixed(1),
        floor.toFixed(1),
        over.toFixed(1),
        `${(llmux / floor).toFixed(2)}x`,
      ]);
    }
  }
  printTable(
    `One call's CPU by conversation length, warm, no HTTP (medians of ${rounds} fresh processes, each 40 pairs of bursts of 500 calls, llmux and floor alternating)`,
    ['API', 'messages', 'body bytes', 'llmux µs', 'floor µs', 'llmux over floor µs (paired)', '× floor'],
    rows,
  );
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await run();
