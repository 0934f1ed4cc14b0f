// A streaming hand parse of the OpenAI stream, as a client that shows text as it arrives must do
// it: node:http, each network read appended to a buffer, every complete event (up to its blank
// line) cut off, `data: ` stripped, JSON.parse'd, the text deltas joined.
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

/** Calls `onEvent` with each complete event's text as it arrives. */
function stream(url, payload, onEvent) {
  return new Promise((resolve, reject) => {
    const headers = { 'content-type': 'application/json', authorization: 'Bearer bench', 'content-length': Buffer.byteLength(payload) };
    const req = http.request(url, { method: 'POST', headers }, (res) => {
      if (res.statusCode !== 200) return reject(new Error(`HTTP ${res.statusCode}`));
      let buffer = '';
      res.setEncoding('utf8');
      res.on('data', (d) => {
        buffer += d;
        let end;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          onEvent(buffer.slice(0, end));
          buffer = buffer.slice(end + 2);
        }
      });
      res.on('error', reject);
      res.on('end', resolve);
    });
    req.on('error', reject);
    req.end(payload);
  });
}

try {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  let text = '';
  let usage;
  await stream(`${BASE_URL}/chat/completions`, body, (event) => {
    if (!event.startsWith('data: ')) return;
    const data = event.slice(6);
    if (data === '[DONE]') return;
    const chunk = JSON.parse(data);
    const content = chunk.choices[0]?.delta?.content;
    if (content) text += content;
    if (chunk.usage) usage = chunk.usage;
  });
  const streamMs = performance.now() - t0;
  const streamCpuUs = cpuSince(cpu0);
  finish({ textLength: text.length, textHash: textHash(text), completionTokens: usage?.completion_tokens, streamMs, streamCpuUs });
} catch (error) {
  fail(error);
}
