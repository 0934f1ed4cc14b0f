// llmux: concurrent client.stream() calls on one client (its own keep-alive http.Agent,
// unlimited sockets), each iterating its chunks and joining the text deltas.
import { createClient } from 'llmux';
import { localBaseURL } from '../../lib/child-report.mjs';
import { runBurst, streamExpectation } from '../../lib/burst.mjs';
import { textHash } from '../../lib/text-hash.mjs';

const client = createClient({ providers: { openai: { baseURL: localBaseURL(), apiKey: 'bench' } } });

async function one() {
  let text = '';
  for await (const chunk of client.stream({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'Tell me a story.' }] })) {
    const content = chunk.choices[0]?.delta.content;
    if (content) text += content;
  }
  return { length: text.length, hash: textHash(text) };
}

await runBurst(Number(process.env.BENCH_STREAMS), one, streamExpectation());
