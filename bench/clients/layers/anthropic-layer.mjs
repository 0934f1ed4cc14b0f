// One layer of the Anthropic stream path in this process: no HTTP, the 20,000-event body handed
// over in 64 KiB pieces. Prints the CPU ms of the layer's first run (cold: module loading and
// the JIT's warm-up included), the median of five more runs in the same process (warm), and the
// length of the text each run found, so a wrong layer is caught.
import { anthropicSseBody, streamPieces } from '../../lib/servers.mjs';
import { fail, finish } from '../../lib/child-report.mjs';

const layer = process.argv[2];
const WARM_RUNS = 5;
const body = Buffer.from(anthropicSseBody(streamPieces(20_000)));
const pieces = [];
for (let i = 0; i < body.length; i += 65_536) pieces.push(body.subarray(i, i + 65_536));

/** The hand parse: events cut at blank lines, each `data: ` line parsed. */
function split() {
  let text = '';
  const decoder = new TextDecoder();
  let buffer = '';
  for (const piece of pieces) {
    buffer += decoder.decode(piece, { stream: true });
    let end;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const event = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const at = event.indexOf('data: ');
      if (at < 0) continue;
      const payload = JSON.parse(event.slice(at + 6));
      if (payload.type === 'content_block_delta' && payload.delta.type === 'text_delta') text += payload.delta.text;
    }
  }
  return text;
}

async function sse(parse) {
  const { createSSEDecoder } = await import('llmux/sse');
  let text = '';
  const decoder = createSSEDecoder({
    onEvent(event) {
      if (!parse) return void (text += event.data.length > 0 ? '' : '?');
      const payload = JSON.parse(event.data);
      if (payload.type === 'content_block_delta' && payload.delta.type === 'text_delta') text += payload.delta.text;
    },
  });
  for (const piece of pieces) decoder.push(piece);
  decoder.end();
  return text;
}

/** The whole client over a transport that hands back the same pieces. */
async function client() {
  const { createClient } = await import('llmux');
  const transport = {
    request: async () => ({
      status: 200,
      headers: { 'content-type': 'text/event-stream' },
      body: (async function* () {
        yield* pieces;
      })(),
      text: async () => '',
      cancel() {},
    }),
  };
  const llmux = createClient({ transport, providers: { anthropic: { apiKey: 'bench', baseURL: 'http://127.0.0.1:9' } } });
  const stream = llmux.stream({ model: 'anthropic/claude-sonnet-4-5', max_tokens: 32_000, messages: [{ role: 'user', content: 'x' }] });
  let text = '';
  for await (const chunk of stream) {
    const content = chunk.choices[0]?.delta.content;
    if (content) text += content;
  }
  return text;
}

const LAYERS = { split, sse: () => sse(false), 'sse+parse': () => sse(true), client };

/** One run of the layer: its CPU ms and the length of the text it found. */
async function measure(runLayer) {
  const cpu0 = process.cpuUsage();
  const text = await runLayer();
  const used = process.cpuUsage(cpu0);
  return { cpuMs: (used.user + used.system) / 1000, textLength: text.length };
}

try {
  const runLayer = LAYERS[layer];
  if (runLayer === undefined) throw new Error(`unknown layer ${JSON.stringify(layer)}: ${Object.keys(LAYERS).join(', ')}`);
  const cold = await measure(runLayer);
  const warm = [];
  for (let i = 0; i < WARM_RUNS; i++) {
    const run = await measure(runLayer);
    if (run.textLength !== cold.textLength)
      throw new Error(`run ${i + 2} found ${run.textLength} characters, the first ${cold.textLength}`);
    warm.push(run.cpuMs);
  }
  warm.sort((a, b) => a - b);
  finish({ layer, cpuMs: cold.cpuMs, warmCpuMs: warm[WARM_RUNS >> 1], textLength: cold.textLength });
} catch (error) {
  fail(error);
}
