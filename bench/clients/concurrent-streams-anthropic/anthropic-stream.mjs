// @anthropic-ai/sdk's stream helper: concurrent messages.stream() calls on one client, iterating
// its events and joining the text deltas (the helper also accumulates the message as it goes).
import Anthropic from '@anthropic-ai/sdk';
import { localBaseURL } from '../../lib/child-report.mjs';
import { runBurst, streamExpectation } from '../../lib/burst.mjs';
import { textHash } from '../../lib/text-hash.mjs';

const client = new Anthropic({ baseURL: localBaseURL(), apiKey: 'bench' });

async function one() {
  const stream = client.messages.stream({
    model: 'claude-sonnet-4-5',
    max_tokens: 4096,
    messages: [{ role: 'user', content: 'Tell me a story.' }],
  });
  let text = '';
  for await (const event of stream) {
    if (event.type === 'content_block_delta' && event.delta.type === 'text_delta') text += event.delta.text;
  }
  return { length: text.length, hash: textHash(text) };
}

await runBurst(Number(process.env.BENCH_STREAMS), one, streamExpectation());
