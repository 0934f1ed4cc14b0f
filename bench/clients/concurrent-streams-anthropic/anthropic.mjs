// @anthropic-ai/sdk: concurrent messages.create({ stream: true }) calls on one client (Node's
// global fetch underneath: unlimited connections per origin), iterating the raw events and
// joining the text deltas. This is the SDK's plain streaming call; messages.stream(), its helper
// that also accumulates the whole message, is the `anthropic-stream` client.
import Anthropic from '@anthropic-ai/sdk';
import { localBaseURL } from '../../lib/child-report.mjs';
import { runBurst, streamExpectation } from '../../lib/burst.mjs';
import { textHash } from '../../lib/text-hash.mjs';

const client = new Anthropic({ baseURL: localBaseURL(), apiKey: 'bench' });

async function one() {
  const stream = await client.messages.create({
    model: 'claude-sonnet-4-5',
    max_tokens: 4096,
    messages: [{ role: 'user', content: 'Tell me a story.' }],
    stream: true,
  });
  let text = '';
  for await (const event of stream) {
    if (event.type === 'content_block_delta' && event.delta.type === 'text_delta') text += event.delta.text;
  }
  return { length: text.length, hash: textHash(text) };
}

await runBurst(Number(process.env.BENCH_STREAMS), one, streamExpectation());
