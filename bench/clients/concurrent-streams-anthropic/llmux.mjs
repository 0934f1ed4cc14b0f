// llmux: concurrent client.stream() calls through its anthropic provider on one client (its own
// keep-alive http.Agent, unlimited sockets), each iterating its chunks and joining the text
// deltas. The model is in llmux's model table, so the usage chunk carries a cost; a stream
// without one counts as wrong.
import { createClient } from 'llmux';
import { localBaseURL } from '../../lib/child-report.mjs';
import { runBurst, streamExpectation } from '../../lib/burst.mjs';
import { textHash } from '../../lib/text-hash.mjs';

const client = createClient({ providers: { anthropic: { baseURL: localBaseURL(), apiKey: 'bench' } } });
const expected = streamExpectation();

async function one() {
  let text = '';
  let priced = false;
  for await (const chunk of client.stream({
    model: 'anthropic/claude-sonnet-4-5',
    max_tokens: 4096,
    messages: [{ role: 'user', content: 'Tell me a story.' }],
  })) {
    const content = chunk.choices[0]?.delta.content;
    if (content) text += content;
    if (chunk.cost?.total > 0) priced = true;
  }
  return { length: text.length, hash: textHash(text), priced };
}

await runBurst(Number(process.env.BENCH_STREAMS), one, (r) => expected(r) && r.priced);
