// One layer of the Anthropic stream path, cold, in this process: no HTTP, the 20,000-event body
// handed over in 64 KiB pieces. Prints the CPU ms of the layer (module loading included) and
// the length of the text it found, so a wrong layer is caught.
import { anthropicSseBody, streamPieces } from '../../lib/servers.mjs';
import { fail, finish } from '../../lib/child-report.mjs';

const layer = process.argv[2];
const body = Buffer.from(anthropicSseBody(streamPieces(20_000)));
const pieces = [];
for (let i = 0; i < body.length; i += 65_536) pieces.push(body.subarray(i, i + 65_536));

try {
  const cpu0 = process.cpuUsage();
  let text = '';
  if (layer === 'split') {
    // The hand parse: events cut at blank lines, each `data: ` line parsed.
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
  } else if (layer === 'sse' || layer === 'sse+parse') {
    const { createSSEDecoder } = await import('llmux/sse');
    const decoder = createSSEDecoder({
      onEvent(event) {
        if (layer === 'sse') return void (text += event.data.length > 0 ? '' : '?');
        const payload = JSON.parse(event.data);
        if (payload.type === 'content_block_delta' && payload.delta.type === 'text_delta') text += payload.delta.text;
      },
    });
    for (const piece of pieces) decoder.push(piece);
    decoder.end();
  } else if (layer === 'client') {
    // The whole client over a transport that hands back the same pieces.
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
    const client = createClient({ transport, providers: { anthropic: { apiKey: 'bench', baseURL: 'http://127.0.0.1:9' } } });
    const stream = client.stream({ model: 'anthropic/claude-sonnet-4-5', max_tokens: 32_000, messages: [{ role: 'user', content: 'x' }] });
    for await (const chunk of stream) {
      const content = chunk.choices[0]?.delta.content;
      if (content) text += content;
    }
  } else {
    throw new Error(`unknown layer ${JSON.stringify(layer)}: split, sse, sse+parse or client`);
  }
  const used = process.cpuUsage(cpu0);
  finish({ layer, cpuMs: (used.user + used.system) / 1000, textLength: text.length });
} catch (error) {
  fail(error);
}
