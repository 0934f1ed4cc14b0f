/**
 * A third-party adapter end to end (see docs/adapter-kit.md): the Echo Chat adapter of
 * examples/echo-chat-adapter.ts, built on llmux/adapter-kit, used by a client against a local
 * Echo Chat server, then held to the conformance kit on three cases of its own.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createClient } from 'llmux';
import { type ConformanceFixture, runConformance } from 'llmux/testing';
import { echoChatAdapter } from './echo-chat-adapter.js';

// A tiny Echo Chat: answers "You said: <last turn>", whole or as SSE deltas ending with [END].
const server = createServer((req, res) => {
  let raw = '';
  req.on('data', (piece: Buffer) => (raw += piece.toString()));
  req.on('end', () => {
    if (req.headers.authorization !== 'Bearer example-key') {
      res
        .writeHead(401, { 'content-type': 'application/json' })
        .end(JSON.stringify({ error: { message: 'unknown key', code: 'unauthorized' } }));
      return;
    }
    const body = JSON.parse(raw) as { model: string; stream: boolean; turns: { text: string }[] };
    const reply = `You said: ${body.turns.at(-1)?.text ?? ''}`;
    const usage = { input: body.turns.length, output: reply.split(' ').length };
    if (!body.stream) {
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ id: 'echo-1', model: body.model, reply, stop: 'done', usage }));
      return;
    }
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    for (const word of reply.split(/(?= )/)) res.write(`data: ${JSON.stringify({ delta: word })}\n\n`);
    res.end(`data: ${JSON.stringify({ stop: 'done', usage })}\n\ndata: [END]\n\n`);
  });
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const baseURL = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

const client = createClient({ providers: { echo: { adapter: echoChatAdapter, baseURL, apiKey: 'example-key' } } });
const messages = [{ role: 'user' as const, content: 'Hello' }];
const answer = await client.complete({ model: 'echo/echo-1', messages });
console.log(`complete: ${answer.choices[0]?.message.content} (${answer.usage?.total_tokens} tokens)`);
let text = '';
for await (const delta of client.stream({ model: 'echo/echo-1', messages: [{ role: 'user', content: 'Stream me' }] }).textStream)
  text += delta;
console.log(`stream: ${text}`);
client.close();
await new Promise((resolve) => server.close(resolve));

// The same adapter against the kit's replay server: text, a stream (also split byte by byte, cut
// and aborted half-way), and a rate limit whose body quotes the key.
const request = { model: 'echo-1', messages: [{ role: 'user' as const, content: 'Hi' }] };
const expectRequest = { path: '/v1/chat', authHeader: 'authorization' };
const fixtures: ConformanceFixture[] = [
  {
    id: 'echo-text',
    source: 'spec-derived: Echo Chat docs',
    stream: false,
    request,
    expectRequest: { ...expectRequest, body: { model: 'echo-1', stream: false } },
    response: {
      status: 200,
      json: { id: 'e1', model: 'echo-1', reply: 'Hello, wörld', stop: 'max_tokens', usage: { input: 3, output: 4 } },
    },
    expect: {
      response: { content: 'Hello, wörld', finish_reason: 'length', usage: { prompt_tokens: 3, completion_tokens: 4, total_tokens: 7 } },
    },
  },
  {
    id: 'echo-stream',
    source: 'spec-derived: Echo Chat docs',
    stream: true,
    request,
    expectRequest: { ...expectRequest, body: { stream: true } },
    response: {
      status: 200,
      events: [
        { data: { delta: 'Hé' } },
        { data: { delta: 'llo wörld' } },
        { data: { stop: 'done', usage: { input: 3, output: 2 } } },
        { data: '[END]' },
      ],
    },
    expect: {
      response: { content: 'Héllo wörld', finish_reason: 'stop', usage: { prompt_tokens: 3, completion_tokens: 2, total_tokens: 5 } },
    },
  },
  {
    id: 'echo-rate-limited',
    source: 'spec-derived: Echo Chat docs',
    stream: 'both',
    request,
    expectRequest,
    response: {
      status: 429,
      headers: { 'retry-after': '2' },
      json: { error: { message: 'slow down, {{API_KEY}}', code: 'rate_limited' } },
    },
    expect: { error: { name: 'RateLimitError', status: 429, retryAfterMs: 2000, retryable: true } },
  },
];
const report = await runConformance({ adapter: echoChatAdapter, provider: 'echo', fixtures });
console.log(
  `conformance: ${report.ok ? 'ok' : 'FAILED'}, ${report.counts.passed} passed, ${report.counts.failed} failed, ${report.counts.skipped} skipped`,
);
for (const result of report.results) if (result.status !== 'pass') console.log(`  ${result.status}: ${result.name}: ${result.message}`);
