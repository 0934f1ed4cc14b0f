// Baseline: sequential chat completions with node:http over one keep-alive Agent, and JSON.parse.
import http from 'node:http';
import { BASE_URL, runSequential } from './sequential.mjs';

const agent = new http.Agent({ keepAlive: true });
const body = JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Say hello.' }] });
const url = `${BASE_URL}/chat/completions`;

function post(payload) {
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

await runSequential(async () => (await post(body)).choices[0].message.content);
