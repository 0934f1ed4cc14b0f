// Baseline: one chat completion with nothing but node:http and JSON.parse.
import http from 'node:http';
import { fail, finish, localBaseURL } from '../../lib/child-report.mjs';

const BASE_URL = localBaseURL();

const body = JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Say hello.' }] });

function post(url, payload) {
  return new Promise((resolve, reject) => {
    const headers = { 'content-type': 'application/json', authorization: 'Bearer bench', 'content-length': Buffer.byteLength(payload) };
    const req = http.request(url, { method: 'POST', headers }, (res) => {
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

try {
  const reply = await post(`${BASE_URL}/chat/completions`, body);
  const content = reply.choices[0].message.content;
  if (content !== process.env.BENCH_EXPECT) throw new Error(`unexpected reply: ${JSON.stringify(content)}`);
  finish({ contentLength: content.length });
} catch (error) {
  fail(error);
}
