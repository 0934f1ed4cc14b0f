// A diagnostic, not a comparison with peers: what a call costs as its conversation grows, in a
// warm process, without HTTP. For each length and API, `clients/conversation/call-cost.mjs`
// measures llmux's `client.complete()` over a transport that answers from memory, and the floor
// any client of that API pays for the same call (its request body serialised, the reply parsed).
// The difference is llmux's own work per call: validation, conversion to the API's format,
// headers, mapping and pricing the reply. Fresh processes, modes alternating; `--rounds N`
// (default 3). Prints medians; writes nothing.
import { fileURLToPath } from 'node:url';
import { median, printMachine, printTable, requireBuiltLlmux, roundsFromArgs, runChild } from './lib/common.mjs';

const LENGTHS = [1, 10, 30, 60, 120];
const PROVIDERS = ['openai', 'anthropic'];

export async function run() {
  requireBuiltLlmux();
  printMachine();
  const rounds = roundsFromArgs(3);
  const script = fileURLToPath(new URL('./clients/conversation/call-cost.mjs', import.meta.url));
  const rows = [];
  for (const provider of PROVIDERS) {
    for (const length of LENGTHS) {
      const samples = { llmux: [], floor: [] };
      let bodyBytes;
      for (let r = 0; r < rounds; r++) {
        for (const mode of r % 2 === 0 ? ['llmux', 'floor'] : ['floor', 'llmux']) {
          const result = await runChild([script, provider, String(length), mode]);
          if (!result.ok) throw new Error(`${provider} ${length} ${mode}: ${result.error ?? 'failed'}`);
          samples[mode].push(result.report.usPerCall);
          bodyBytes = result.report.bodyBytes;
        }
      }
      const llmux = median(samples.llmux);
      const floor = median(samples.floor);
      rows.push([
        provider,
        String(length),
        String(bodyBytes),
        llmux.toFixed(1),
        floor.toFixed(1),
        (llmux - floor).toFixed(1),
        `${(llmux / floor).toFixed(2)}x`,
      ]);
    }
  }
  printTable(
    `One call's CPU by conversation length, warm, no HTTP (median µs per call of ${rounds} fresh processes, 40 bursts of 500 calls each)`,
    ['API', 'messages', 'body bytes', 'llmux µs', 'floor µs', 'llmux over floor µs', '× floor'],
    rows,
  );
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await run();
