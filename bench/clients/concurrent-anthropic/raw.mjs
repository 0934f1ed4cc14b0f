// Baseline: 1,000 concurrent Anthropic Messages calls with nothing but node:http (one keep-alive
// Agent, default maxSockets: unlimited) and JSON.parse of each message.
import http from 'node:http';
import { localBaseURL } from '../../lib/child-report.mjs';
import { runBurst } from '../../lib/burst.mjs';

const URL_ = `${localBaseURL()}/v1/messages`;
const EXPECT = process.env.BENCH_EXPECT;
const agent = new http.Agent({ keepAlive: true });
const body = JSON.stringify({ model: 'claude-sonnet-4-5', max_tokens: 1024, messages: [{ role: 'user', content: 'Say hello.' }] });
const headers = {
  'content-type': 'application/json',
  'x-api-key': 'bench',
  'anthropic-version': '2023-06-01',
  'content-length': Buffer.byteLength(body),
};

function one() {
  return new Promise((resolve, reject) => {
    const req = http.request(URL_, { method: 'POST', headers, agent }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d) => (text += d));
      res.on('error', reject);
      res.on('end', () => {
        if (res.statusCode !== 200) return reject(new Error(`HTTP ${res.statusCode}: ${text}`));
        const message = JSON.parse(text);
        resolve(message.content.map((block) => (block.type === 'text' ? block.text : '')).join(''));
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

await runBurst(Number(process.env.BENCH_REQUESTS), one, (text) => text === EXPECT);
