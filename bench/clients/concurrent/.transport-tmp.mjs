import { createNodeTransport } from '../../../dist/transport/node-transport.js';
import { cpuSince, fail, finish, localBaseURL } from '../../lib/child-report.mjs';
const BASE_URL = localBaseURL(); const REQUESTS = Number(process.env.BENCH_REQUESTS); const EXPECT = process.env.BENCH_EXPECT;
const t = createNodeTransport();
const body = JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Say hello.' }] });
const headers = { 'content-type': 'application/json', accept: 'application/json', authorization: 'Bearer bench' };
const mode = process.env.TMODE ?? 'full';
const one = async () => { const r = await t.request({ url: `${BASE_URL}/chat/completions`, method: 'POST', headers, body, timeoutMs: mode === 'notimeout' ? undefined : 600000 }); return JSON.parse(await r.text()).choices[0].message.content; };
try { const rssBefore = process.memoryUsage.rss(); const cpu0 = process.cpuUsage(); const t0 = performance.now();
  const texts = await Promise.all(Array.from({ length: REQUESTS }, one)); const burstMs = performance.now() - t0; const burstCpuUs = cpuSince(cpu0);
  if (texts.some((x) => x !== EXPECT)) throw new Error('wrong'); finish({ correct: texts.length, burstMs, burstCpuUs, rssBeforeBytes: rssBefore }); } catch (e) { fail(e); }
