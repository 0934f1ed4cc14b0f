// A streaming hand parse of the Anthropic stream, as a client that shows text as it arrives must
// do it: node:http, each network read appended to a buffer, every complete event (up to its
// blank line) cut off, its `data: ` line JSON.parse'd, the text_delta texts joined.
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

/** Calls `onEvent` with each complete event's text as it arrives. */
function stream(url, payload, onEvent) {
  return new Promise((resolve, reject) => {
    const headers = {
      'content-type': 'application/json',
      'x-api-key': 'bench',
      'anthropic-version': '2023-06-01',
      'content-length': Buffer.byteLength(payload),
    };
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
  let outputTokens;
  await stream(`${BASE_URL}/v1/messages`, body, (event) => {
    // `event: <type>` then `data: <json>`, the data line last.
    const at = event.indexOf('data: ');
    if (at < 0) return;
    const payload = JSON.parse(event.slice(at + 6));
    if (payload.type === 'content_block_delta' && payload.delta.type === 'text_delta') text += payload.delta.text;
    else if (payload.type === 'message_delta') outputTokens = payload.usage?.output_tokens;
  });
  const streamMs = performance.now() - t0;
  const streamCpuUs = cpuSince(cpu0);
  finish({ textLength: text.length, textHash: textHash(text), completionTokens: outputTokens, streamMs, streamCpuUs });
} catch (error) {
  fail(error);
}
