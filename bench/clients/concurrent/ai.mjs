// The AI SDK: 1,000 concurrent generateText() calls with one @ai-sdk/openai provider (Chat
// Completions; Node's global fetch underneath: unlimited connections per origin).
import { generateText } from 'ai';
import { createOpenAI } from '@ai-sdk/openai';
import { cpuSince, fail, finish, localBaseURL } from '../../lib/child-report.mjs';

const BASE_URL = localBaseURL();
const REQUESTS = Number(process.env.BENCH_REQUESTS);
const EXPECT = process.env.BENCH_EXPECT;

try {
  const openai = createOpenAI({ baseURL: BASE_URL, apiKey: 'bench' });
  const model = openai.chat('gpt-4o-mini');
  const one = async () => {
    const result = await generateText({ model, messages: [{ role: 'user', content: 'Say hello.' }] });
    return result.text;
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
