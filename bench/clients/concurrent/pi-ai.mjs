// pi-ai: 1,000 concurrent complete() calls with a custom OpenAI-compatible model. pi-ai streams
// underneath and makes a new openai SDK client per call (Node's global fetch: unlimited
// connections per origin).
import { complete } from '@mariozechner/pi-ai';
import { cpuSince, fail, finish, localBaseURL } from '../../lib/child-report.mjs';

const BASE_URL = localBaseURL();
const REQUESTS = Number(process.env.BENCH_REQUESTS);
const EXPECT = process.env.BENCH_EXPECT;

const model = {
  id: 'gpt-4o-mini',
  name: 'bench',
  api: 'openai-completions',
  provider: 'bench',
  baseUrl: BASE_URL,
  reasoning: false,
  input: ['text'],
  cost: { input: 0, output: 0, cacheRead: 0, cacheWrite: 0 },
  contextWindow: 128000,
  maxTokens: 4096,
};

try {
  const one = async () => {
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
  };
  const rssBefore = process.memoryUsage.rss();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const texts = await Promise.all(Array.from({ length: REQUESTS }, one));
  const burstMs = performance.now() - t0;
  const burstCpuUs = cpuSince(cpu0);
  const wrong = texts.filter((t) => t !== EXPECT);
  if (wrong.length > 0) throw new Error(`${wrong.length} of ${REQUESTS} replies wrong, e.g. ${JSON.stringify(wrong[0])}`);
  finish({ correct: texts.length, burstMs, burstCpuUs, rssBeforeBytes: rssBefore });
} catch (error) {
  fail(error);
}
