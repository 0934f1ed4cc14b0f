// The AI SDK: 1,000 concurrent generateText() calls with one @ai-sdk/anthropic provider (Node's
// global fetch underneath: unlimited connections per origin).
import { generateText } from 'ai';
import { createAnthropic } from '@ai-sdk/anthropic';
import { localBaseURL } from '../../lib/child-report.mjs';
import { runBurst } from '../../lib/burst.mjs';

const EXPECT = process.env.BENCH_EXPECT;
// The provider's base URL includes the API version, as its default (`.../v1`) does.
const model = createAnthropic({ baseURL: `${localBaseURL()}/v1`, apiKey: 'bench' })('claude-sonnet-4-5');

async function one() {
  const result = await generateText({ model, messages: [{ role: 'user', content: 'Say hello.' }] });
  return result.text;
}

await runBurst(Number(process.env.BENCH_REQUESTS), one, (text) => text === EXPECT);
