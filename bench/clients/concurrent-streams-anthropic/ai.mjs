// The AI SDK: concurrent streamText() calls with one @ai-sdk/anthropic provider, each reading
// textStream (Node's global fetch underneath).
import { streamText } from 'ai';
import { createAnthropic } from '@ai-sdk/anthropic';
import { localBaseURL } from '../../lib/child-report.mjs';
import { runBurst, streamExpectation } from '../../lib/burst.mjs';
import { textHash } from '../../lib/text-hash.mjs';

// The provider's base URL includes the API version, as its default (`.../v1`) does.
const model = createAnthropic({ baseURL: `${localBaseURL()}/v1`, apiKey: 'bench' })('claude-sonnet-4-5');

async function one() {
  const result = streamText({ model, messages: [{ role: 'user', content: 'Tell me a story.' }] });
  let text = '';
  for await (const piece of result.textStream) text += piece;
  return { length: text.length, hash: textHash(text) };
}

await runBurst(Number(process.env.BENCH_STREAMS), one, streamExpectation());
