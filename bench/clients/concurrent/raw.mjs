// Baseline: 1,000 concurrent chat completions with nothing but node:http (one keep-alive Agent,
// default maxSockets: unlimited) and JSON.parse.
import http from 'node:http';
import { cpuSince, fail, finish, localBaseURL } from '../../lib/child-report.mjs';

const BASE_URL = localBaseURL();
const REQUESTS = Number(process.env.BENCH_REQUESTS);
const EXPECT = process.env.BENCH_EXPECT;

const agent = new http.Agent({ keepAlive: true });
const body = JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Say hello.' }] });

function post(url, payload) {
  return new Promise((resolve, reject) => {
    const headers = { 'content-type': 'application/json', authorization: 'Bearer bench', 'content-length': Buffer.byteLength(payload) };
    const req = http.request(url, { method: 'POST', headers, agent }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d) => (text += d));
      res.on('error', reject);
      res.on('end', () => (res.statusCode === 200 ? resolve(JSON.parse(text)) : reject(new Error(`HTTP ${res.statusCode}: ${text}`))));
    });
    req.on('error', reject);
    req.end(payload);
  });
}

async function one() {
  const reply = await post(`${BASE_URL}/chat/completions`, body);
  return reply.choices[0].message.content;
}

try {
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
