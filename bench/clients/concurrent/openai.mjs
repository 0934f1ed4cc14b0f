// The openai SDK: 1,000 concurrent chat.completions.create() calls on one client (Node's global
// fetch underneath: undici's global dispatcher, unlimited connections per origin).
import OpenAI from 'openai';
import { cpuSince, fail, finish, localBaseURL } from '../../lib/child-report.mjs';

const BASE_URL = localBaseURL();
const REQUESTS = Number(process.env.BENCH_REQUESTS);
const EXPECT = process.env.BENCH_EXPECT;

try {
  const client = new OpenAI({ baseURL: BASE_URL, apiKey: 'bench' });
  const one = async () => {
    const response = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Say hello.' }] });
    return response.choices[0].message.content;
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
