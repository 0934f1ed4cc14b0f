// Reference: the same node:http request and hand parse as the baseline, with each stream's
// chunks handed to its consumer through an async iterator read by `for await`, the shape of
// llmux's (and every SDK's) stream API: a resolved promise per chunk, nothing else.
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

/** The chunks of one streamed request, as an async iterator. */
function chunks() {
  const queue = [];
  let head = 0;
  let waiter;
  let end = false;
  let failure;
  const wake = () => {
    if (waiter === undefined) return;
    const w = waiter;
    waiter = undefined;
    if (head < queue.length) w.resolve({ value: queue[head++], done: false });
    else if (failure !== undefined) w.reject(failure);
    else w.resolve({ value: undefined, done: true });
  };
  const headers = { 'content-type': 'application/json', authorization: 'Bearer bench', 'content-length': Buffer.byteLength(body) };
  const req = http.request(URL_, { method: 'POST', headers, agent }, (res) => {
    if (res.statusCode !== 200) return ((failure = new Error(`HTTP ${res.statusCode}`)), wake());
    let buffer = '';
    res.setEncoding('utf8');
    res.on('data', (d) => {
      buffer += d;
      let at;
      while ((at = buffer.indexOf('\n\n')) >= 0) {
        const event = buffer.slice(0, at);
        buffer = buffer.slice(at + 2);
        if (!event.startsWith('data: ') || event === 'data: [DONE]') continue;
        queue.push(JSON.parse(event.slice(6)));
      }
      wake();
    });
    res.on('error', (error) => ((failure = error), wake()));
    res.on('end', () => ((end = true), wake()));
  });
  req.on('error', (error) => ((failure = error), wake()));
  req.end(body);
  return {
    [Symbol.asyncIterator]() {
      return this;
    },
    next() {
      if (head < queue.length) {
        const value = queue[head++];
        if (head === queue.length) queue.length = head = 0;
        return Promise.resolve({ value, done: false });
      }
      if (failure !== undefined) return Promise.reject(failure);
      if (end) return Promise.resolve({ value: undefined, done: true });
      return new Promise((resolve, reject) => (waiter = { resolve, reject }));
    },
  };
}

async function one() {
  let text = '';
  for await (const chunk of chunks()) {
    const content = chunk.choices[0]?.delta?.content;
    if (content) text += content;
  }
  return { length: text.length, hash: textHash(text) };
}

await runBurst(Number(process.env.BENCH_STREAMS), one, streamExpectation());
