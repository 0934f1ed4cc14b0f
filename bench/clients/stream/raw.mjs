// Baseline: the stream read by hand with node:http: the whole body as text, split into events,
// `data: ` stripped, each JSON.parse'd, the text deltas joined.
import http from 'node:http';
import { cpuSince, fail, finish, localBaseURL } from '../../lib/child-report.mjs';
import { textHash } from '../../lib/text-hash.mjs';

const BASE_URL = localBaseURL();

const body = JSON.stringify({
  model: 'gpt-4o-mini',
  messages: [{ role: 'user', content: 'Tell me a long story.' }],
  stream: true,
  stream_options: { include_usage: true },
});

function post(url, payload) {
  return new Promise((resolve, reject) => {
    const headers = { 'content-type': 'application/json', authorization: 'Bearer bench', 'content-length': Buffer.byteLength(payload) };
    const req = http.request(url, { method: 'POST', headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d) => (text += d));
      res.on('error', reject);
      res.on('end', () => (res.statusCode === 200 ? resolve(text) : reject(new Error(`HTTP ${res.statusCode}: ${text}`))));
    });
    req.on('error', reject);
    req.end(payload);
  });
}

try {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const raw = await post(`${BASE_URL}/chat/completions`, body);
  let text = '';
  let usage;
  for (const event of raw.split('\n\n')) {
    if (!event.startsWith('data: ')) continue;
    const data = event.slice(6);
    if (data === '[DONE]') break;
    const chunk = JSON.parse(data);
    const content = chunk.choices[0]?.delta?.content;
    if (content) text += content;
    if (chunk.usage) usage = chunk.usage;
  }
  const streamMs = performance.now() - t0;
  const streamCpuUs = cpuSince(cpu0);
  finish({ textLength: text.length, textHash: textHash(text), completionTokens: usage?.completion_tokens, streamMs, streamCpuUs });
} catch (error) {
  fail(error);
}
