// The AI SDK: concurrent streamText() calls with one @ai-sdk/openai provider (Chat Completions),
// each reading textStream (Node's global fetch underneath).
import { streamText } from 'ai';
import { createOpenAI } from '@ai-sdk/openai';
import { localBaseURL } from '../../lib/child-report.mjs';
import { runBurst, streamExpectation } from '../../lib/burst.mjs';
import { textHash } from '../../lib/text-hash.mjs';

const model = createOpenAI({ baseURL: localBaseURL(), apiKey: 'bench' }).chat('gpt-4o-mini');

async function one() {
  const result = streamText({ model, messages: [{ role: 'user', content: 'Tell me a story.' }] });
  let text = '';
  for await (const piece of result.textStream) text += piece;
  return { length: text.length, hash: textHash(text) };
}

await runBurst(Number(process.env.BENCH_STREAMS), one, streamExpectation());
