// Baseline: a Responses API stream read by hand with node:http: the whole body as text, split
// into events, the `data:` line of each JSON.parse'd, the output_text deltas joined.
import http from 'node:http';
import { cpuSince, fail, finish, localBaseURL } from '../../lib/child-report.mjs';
import { textHash } from '../../lib/text-hash.mjs';

const BASE_URL = localBaseURL();

const body = JSON.stringify({
  model: 'gpt-5-mini',
  input: [{ role: 'user', content: 'Tell me a long story.' }],
  store: false,
  stream: true,
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
  const raw = await post(`${BASE_URL}/responses`, body);
  let text = '';
  let usage;
  for (const event of raw.split('\n\n')) {
    const at = event.indexOf('data: ');
    if (at < 0) continue;
    const data = JSON.parse(event.slice(at + 6));
    if (data.type === 'response.output_text.delta') text += data.delta;
    else if (data.type === 'response.completed') usage = data.response.usage;
  }
  const streamMs = performance.now() - t0;
  const streamCpuUs = cpuSince(cpu0);
  finish({ textLength: text.length, textHash: textHash(text), completionTokens: usage?.output_tokens, streamMs, streamCpuUs });
} catch (error) {
  fail(error);
}
