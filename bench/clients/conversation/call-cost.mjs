// One sample of conversation-length.mjs: the CPU a call costs in a warm process, for a
// conversation of a given length, without HTTP. `llmux` is `client.complete()` over a transport
// that answers from memory; `floor` is what any client of the same API does for the same call:
// the request body in that API's own format serialised, the reply parsed. Both check the reply.
// The two run in this one process, in alternating bursts (the order flipped every pair), so a
// machine that slows down or speeds up moves both: the report is the median of each, and the
// median of the pairs' differences.
// Usage: node call-cost.mjs <openai|anthropic> <messages> [auto] (auto: the client has `cache: 'auto'`)
import { createClient } from 'llmux';
import { cpuSince, fail, finish } from '../../lib/child-report.mjs';
import { agentConversation } from '../../lib/conversation.mjs';
import { REPLY_TEXT as REPLY, anthropicMessageBody, completionBody } from '../../lib/servers.mjs';

const [provider, length, cache] = [process.argv[2], Number(process.argv[3]), process.argv[4]];
const CALLS = 500;
const BURSTS = 40;
const WARM_BURSTS = 20;
// The same replies the other benchmarks' local servers give.
const REPLIES = { openai: completionBody(), anthropic: anthropicMessageBody() };

try {
  if (!(provider in REPLIES)) throw new Error(`provider ${provider}: expected openai or anthropic`);
  const replyText = REPLIES[provider];
  const { messages, tools } = agentConversation(length);
  const request = { model: provider === 'openai' ? 'openai/gpt-4o-mini' : 'anthropic/claude-sonnet-4-5', messages, tools, max_tokens: 256 };
  let sentBody;
  const transport = {
    request: async (sent) => {
      sentBody ??= sent.body;
      const headers = { 'content-type': 'application/json' };
      return { status: 200, headers, body: (async function* () {})(), text: async () => replyText, cancel() {} };
    },
  };
  const client = createClient({
    providers: { [provider]: { baseURL: 'http://127.0.0.1:9/v1', apiKey: 'bench' } },
    transport,
    ...(cache === 'auto' ? { cache: 'auto' } : {}),
  });
  // The body llmux sends is the wire request the floor serialises: the same call in the API's own format.
  await client.complete(request);
  const wire = JSON.parse(sentBody);
  const calls = {
    llmux: async () => (await client.complete(request)).choices[0].message.content,
    floor: async () => {
      JSON.stringify(wire);
      const reply = JSON.parse(await Promise.resolve(replyText));
      return provider === 'openai' ? reply.choices[0].message.content : reply.content[0].text;
    },
  };
  /** µs of CPU per call of one burst of `mode`'s calls, each reply checked. */
  const burst = async (mode) => {
    const cpu0 = process.cpuUsage();
    const texts = await Promise.all(Array.from({ length: CALLS }, calls[mode]));
    const us = cpuSince(cpu0) / CALLS;
    if (texts.some((text) => text !== REPLY)) throw new Error(`${mode}: a wrong reply: ${JSON.stringify(texts.find((t) => t !== REPLY))}`);
    return us;
  };
  for (let i = 0; i < WARM_BURSTS; i++) for (const mode of ['llmux', 'floor']) await burst(mode);
  const llmux = [];
  const floor = [];
  const over = [];
  for (let i = 0; i < BURSTS; i++) {
    const order = i % 2 === 0 ? ['llmux', 'floor'] : ['floor', 'llmux'];
    const us = {};
    for (const mode of order) us[mode] = await burst(mode);
    llmux.push(us.llmux);
    floor.push(us.floor);
    over.push(us.llmux - us.floor);
  }
  const median = (values) => [...values].sort((a, b) => a - b)[values.length >> 1];
  finish({ llmuxUs: median(llmux), floorUs: median(floor), overUs: median(over), messages: messages.length, bodyBytes: sentBody.length });
} catch (error) {
  fail(error);
}
