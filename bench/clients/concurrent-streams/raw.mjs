// Baseline: concurrent streams with nothing but node:http (one keep-alive Agent, unlimited
// sockets) and a hand parse as the bytes arrive: each read appended to a buffer, every complete
// event cut off, `data: ` stripped, JSON.parse'd, the text deltas joined.
import http from 'node:http';
import { localBaseURL } from '../../lib/child-report.mjs';
import { runBurst, streamExpectation } from '../../lib/burst.mjs';
import { textHash } from '../../lib/text-hash.mjs';

const URL_ = `${localBaseURL()}/chat/completions`;
const agent = new http.Agent({ keepAlive: true });
const body = JSON.stringify({
  model: 'gpt-4o-mini',
  messages: [{ role: 'user', content: 'Tell me a story.' }],
  stream: true,
  stream_options: { include_usage: true },
});

function one() {
  return new Promise((resolve, reject) => {
    const headers = { 'content-type': 'application/json', authorization: 'Bearer bench', 'content-length': Buffer.byteLength(body) };
    const req = http.request(URL_, { method: 'POST', headers, agent }, (res) => {
      if (res.statusCode !== 200) return reject(new Error(`HTTP ${res.statusCode}`));
      let buffer = '';
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d) => {
        buffer += d;
        let end;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const event = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          if (!event.startsWith('data: ') || event === 'data: [DONE]') continue;
          const content = JSON.parse(event.slice(6)).choices[0]?.delta?.content;
          if (content) text += content;
        }
      });
      res.on('error', reject);
      res.on('end', () => resolve({ length: text.length, hash: textHash(text) }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

await runBurst(Number(process.env.BENCH_STREAMS), one, streamExpectation());
