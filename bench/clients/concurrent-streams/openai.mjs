// The openai SDK: concurrent chat.completions.create({ stream: true }) calls on one client
// (Node's global fetch underneath: unlimited connections per origin).
import OpenAI from 'openai';
import { localBaseURL } from '../../lib/child-report.mjs';
import { runBurst, streamExpectation } from '../../lib/burst.mjs';
import { textHash } from '../../lib/text-hash.mjs';

const client = new OpenAI({ baseURL: localBaseURL(), apiKey: 'bench' });

async function one() {
  const stream = await client.chat.completions.create({
    model: 'gpt-4o-mini',
    messages: [{ role: 'user', content: 'Tell me a story.' }],
    stream: true,
    stream_options: { include_usage: true },
  });
  let text = '';
  for await (const chunk of stream) {
    const content = chunk.choices[0]?.delta?.content;
    if (content) text += content;
  }
  return { length: text.length, hash: textHash(text) };
}

await runBurst(Number(process.env.BENCH_STREAMS), one, streamExpectation());
