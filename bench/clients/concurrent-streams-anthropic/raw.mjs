// Baseline: concurrent Anthropic Messages streams with nothing but node:http (one keep-alive
// Agent, unlimited sockets) and a hand parse as the bytes arrive: each read appended to a buffer,
// every complete event (up to its blank line) cut off, its `data: ` line JSON.parse'd, the
// content_block_delta text deltas joined.
import http from 'node:http';
import { localBaseURL } from '../../lib/child-report.mjs';
import { runBurst, streamExpectation } from '../../lib/burst.mjs';
import { textHash } from '../../lib/text-hash.mjs';

const URL_ = `${localBaseURL()}/v1/messages`;
const agent = new http.Agent({ keepAlive: true });
const body = JSON.stringify({
  model: 'claude-sonnet-4-5',
  max_tokens: 4096,
  messages: [{ role: 'user', content: 'Tell me a story.' }],
  stream: true,
});
const headers = {
  'content-type': 'application/json',
  'x-api-key': 'bench',
  'anthropic-version': '2023-06-01',
  'content-length': Buffer.byteLength(body),
};

function one() {
  return new Promise((resolve, reject) => {
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
          // `event: <type>` then `data: <json>`, the data line last.
          const at = event.indexOf('data: ');
          if (at < 0) continue;
          const payload = JSON.parse(event.slice(at + 6));
          if (payload.type === 'content_block_delta' && payload.delta.type === 'text_delta') text += payload.delta.text;
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
