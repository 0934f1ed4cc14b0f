// Baseline for the Anthropic stream: node:http, the whole body as text, split into events, the
// `data: ` line of each found and JSON.parse'd, the text_delta texts joined.
import http from 'node:http';
import { cpuSince, fail, finish, localBaseURL } from '../../lib/child-report.mjs';
import { textHash } from '../../lib/text-hash.mjs';

const BASE_URL = localBaseURL();

const body = JSON.stringify({
  model: 'claude-sonnet-4-5',
  max_tokens: 32000,
  messages: [{ role: 'user', content: 'Tell me a long story.' }],
  stream: true,
});

function post(url, payload) {
  return new Promise((resolve, reject) => {
    const headers = {
      'content-type': 'application/json',
      'x-api-key': 'bench',
      'anthropic-version': '2023-06-01',
      'content-length': Buffer.byteLength(payload),
    };
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
  const raw = await post(`${BASE_URL}/v1/messages`, body);
  let text = '';
  let outputTokens;
  for (const event of raw.split('\n\n')) {
    // `event: <type>` then `data: <json>`, the data line last.
    const at = event.indexOf('data: ');
    if (at < 0) continue;
    const payload = JSON.parse(event.slice(at + 6));
    if (payload.type === 'content_block_delta' && payload.delta.type === 'text_delta') text += payload.delta.text;
    else if (payload.type === 'message_delta') outputTokens = payload.usage?.output_tokens;
    else if (payload.type === 'message_stop') break;
  }
  const streamMs = performance.now() - t0;
  const streamCpuUs = cpuSince(cpu0);
  finish({ textLength: text.length, textHash: textHash(text), completionTokens: outputTokens, streamMs, streamCpuUs });
} catch (error) {
  fail(error);
}
