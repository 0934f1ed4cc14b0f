// pi-ai: 1,000 concurrent complete() calls with a custom model on its anthropic-messages API.
// pi-ai streams underneath and makes a new @anthropic-ai/sdk client per call (Node's global
// fetch: unlimited connections per origin).
import { complete } from '@mariozechner/pi-ai';
import { localBaseURL } from '../../lib/child-report.mjs';
import { runBurst } from '../../lib/burst.mjs';

const EXPECT = process.env.BENCH_EXPECT;
const model = {
  id: 'claude-sonnet-4-5',
  name: 'bench',
  api: 'anthropic-messages',
  provider: 'bench',
  baseUrl: localBaseURL(),
  reasoning: false,
  input: ['text'],
  cost: { input: 0, output: 0, cacheRead: 0, cacheWrite: 0 },
  contextWindow: 200000,
  maxTokens: 4096,
};

async function one() {
  const message = await complete(
    model,
    { messages: [{ role: 'user', content: 'Say hello.', timestamp: Date.now() }] },
    { apiKey: 'bench' },
  );
  if (message.stopReason === 'error') throw new Error(message.errorMessage);
  return message.content
    .filter((c) => c.type === 'text')
    .map((c) => c.text)
    .join('');
}

await runBurst(Number(process.env.BENCH_REQUESTS), one, (text) => text === EXPECT);
