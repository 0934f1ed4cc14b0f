// `timeout` is the longest silence, not the longest call: a body that keeps moving, however
// long it takes in all, is never cut by it; one that stops is.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { APITimeoutError, createClient } from '../../src/index.js';

const chunk = (content: string, finish: string | null = null): string =>
  `data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta: { content }, finish_reason: finish }] })}\n\n`;
const whole = JSON.stringify({
  id: 'c',
  object: 'chat.completion',
  created: 1,
  model: 'm',
  choices: [{ index: 0, message: { role: 'assistant', content: 'slow but steady' }, finish_reason: 'stop' }],
});
const pause = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe('the idle timeout over a body that keeps moving', () => {
  let server: http.Server;
  let baseURL: string;
  before(async () => {
    server = http.createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        void (async () => {
          if (req.url?.includes('stalls')) {
            res.writeHead(200, { 'content-type': 'text/event-stream' });
            res.write(chunk('one'));
            return; // then silence, until the client lets go
          }
          const stream = req.headers['x-mode'] === 'stream';
          res.writeHead(200, { 'content-type': stream ? 'text/event-stream' : 'application/json' });
          // Ten pieces 80 ms apart: 800 ms in all, never 200 ms quiet.
          const pieces = stream
            ? [...Array.from({ length: 9 }, (_, i) => chunk(`w${i} `)), `${chunk('end', 'stop')}data: [DONE]\n\n`]
            : Array.from({ length: 10 }, (_, i) => whole.slice(i * Math.ceil(whole.length / 10), (i + 1) * Math.ceil(whole.length / 10)));
          for (const piece of pieces) {
            res.write(piece);
            await pause(80);
          }
          res.end();
        })();
      });
    });
    // Idle connections close soon, so a child whose only handle is one exits soon after.
    server.keepAliveTimeout = 300;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseURL = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });

  it('a stream trickling for four times the timeout completes', async () => {
    const client = createClient({
      env: {},
      maxRetries: 0,
      timeout: 200,
      headers: { 'x-mode': 'stream' },
      providers: { openai: { baseURL: `${baseURL}/v1`, apiKey: 'k' } },
    });
    let text = '';
    for await (const c of client.stream({ model: 'openai/m', messages: [{ role: 'user', content: 'hi' }] }))
      text += c.choices[0]?.delta.content ?? '';
    assert.equal(text, 'w0 w1 w2 w3 w4 w5 w6 w7 w8 end');
    client.close();
  });

  it('a whole body trickling for four times the timeout is read', async () => {
    const client = createClient({ env: {}, maxRetries: 0, timeout: 200, providers: { openai: { baseURL: `${baseURL}/v1`, apiKey: 'k' } } });
    const response = await client.complete({ model: 'openai/m', messages: [{ role: 'user', content: 'hi' }] });
    assert.equal(response.choices[0]?.message.content, 'slow but steady');
    client.close();
  });

  it('a response whose body is never read does not keep the process alive for the timeout', async () => {
    const child = spawn(process.execPath, [new URL('./unread-body-child.js', import.meta.url).pathname, `${baseURL}/v1/chat/completions`], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    const guard = setTimeout(() => child.kill('SIGKILL'), 10_000);
    const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) =>
      child.on('close', (c, s) => resolve([c, s])),
    );
    clearTimeout(guard);
    assert.equal(out.trim(), 'got 200');
    assert.deepEqual([code, signal], [0, null]);
  });

  it('a stream that stops moving is cut after the timeout, with what came', async () => {
    const client = createClient({
      env: {},
      maxRetries: 0,
      timeout: 200,
      headers: { 'x-mode': 'stream' },
      providers: { openai: { baseURL: `${baseURL}/stalls/v1`, apiKey: 'k' } },
    });
    const started = Date.now();
    await assert.rejects(
      client.stream({ model: 'openai/m', messages: [{ role: 'user', content: 'hi' }] }).finalResponse(),
      (error: unknown) => {
        assert.ok(error instanceof APITimeoutError);
        assert.equal(error.partialResponse?.choices[0]?.message.content, 'one');
        return true;
      },
    );
    assert.ok(Date.now() - started < 5000);
    client.close();
  });
});
