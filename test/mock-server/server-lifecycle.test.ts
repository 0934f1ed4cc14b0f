import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { describe, test } from 'node:test';
import { startMockServer } from '../../src/mock-server/index.js';
import { openStream, readStream, send } from './http-client.js';

const openaiBody = { model: 'gpt-mock', messages: [{ role: 'user', content: 'ping' }] };
const anthropicBody = { model: 'claude-mock', max_tokens: 64, messages: [{ role: 'user', content: 'ping' }] };

describe('mock server: lifecycle, control endpoints and auth', () => {
  test('listens on 127.0.0.1 with a random port and derived base URLs', async () => {
    const server = await startMockServer();
    try {
      assert.ok(server.port > 0);
      assert.equal(server.url, `http://127.0.0.1:${server.port}`);
      assert.equal(server.openaiBaseURL, `${server.url}/v1`);
      assert.equal(server.anthropicBaseURL, server.url);
      const health = await send(`${server.url}/health`);
      assert.equal(health.status, 200);
    } finally {
      await server.close();
    }
  });

  test('records API requests with parsed bodies and redacted credentials', async () => {
    const server = await startMockServer();
    try {
      await send(`${server.openaiBaseURL}/chat/completions?api-version=1`, {
        body: openaiBody,
        headers: { authorization: 'Bearer sk-secret', 'x-trace': 'abc' },
      });
      await send(`${server.url}/v1/messages`, { body: anthropicBody, headers: { 'x-api-key': 'sk-ant-secret' } });
      await send(`${server.url}/v1/messages`, { body: 'oops' });
      await send(`${server.url}/health`);

      assert.equal(server.requests.length, 3, 'control endpoints are not recorded');
      const [openai, anthropic, broken] = server.requests;
      assert.equal(openai?.method, 'POST');
      assert.equal(openai?.path, '/v1/chat/completions?api-version=1');
      assert.equal(openai?.api, 'openai');
      assert.equal(openai?.headers.authorization, '[redacted]');
      assert.equal(openai?.headers['x-trace'], 'abc');
      assert.deepEqual(openai?.body, openaiBody);
      assert.equal(anthropic?.api, 'anthropic');
      assert.equal(anthropic?.headers['x-api-key'], '[redacted]');
      assert.equal(broken?.body, 'oops');

      const listed = await send(`${server.url}/__mock/requests`);
      assert.deepEqual(listed.json(), JSON.parse(JSON.stringify(server.requests)));
      assert.doesNotMatch(listed.text, /secret/);
    } finally {
      await server.close();
    }
  });

  test('numbers requests with one counter across both APIs', async () => {
    const server = await startMockServer();
    try {
      const first = (await send(`${server.openaiBaseURL}/chat/completions`, { body: openaiBody })).json();
      const second = (await send(`${server.url}/v1/messages`, { body: anthropicBody })).json();
      assert.equal(first.id, 'chatcmpl-mock-1');
      assert.equal(first.created, 1700000001);
      assert.equal(second.id, 'msg_mock_2');
    } finally {
      await server.close();
    }
  });

  test('with apiKey set, requires it the way each API sends it', async () => {
    const server = await startMockServer({ apiKey: 'sk-mock' });
    const openai = `${server.openaiBaseURL}/chat/completions`;
    const anthropic = `${server.url}/v1/messages`;
    try {
      const missing = await send(openai, { body: openaiBody });
      assert.equal(missing.status, 401);
      assert.equal(missing.json().error.code, 'invalid_api_key');
      const wrong = await send(openai, { body: openaiBody, headers: { authorization: 'Bearer sk-other' } });
      assert.equal(wrong.status, 401);
      assert.doesNotMatch(wrong.text, /sk-other/);
      assert.equal((await send(openai, { body: openaiBody, headers: { authorization: 'Bearer sk-mock' } })).status, 200);

      const anthropicMissing = await send(anthropic, { body: anthropicBody, headers: { authorization: 'Bearer sk-mock' } });
      assert.equal(anthropicMissing.status, 401);
      assert.deepEqual(anthropicMissing.json().error.type, 'authentication_error');
      assert.equal((await send(anthropic, { body: anthropicBody, headers: { 'x-api-key': 'sk-mock' } })).status, 200);
    } finally {
      await server.close();
    }
  });

  test('chunkDelayMs paces a stream without changing it', async () => {
    const paced = await startMockServer({ chunkDelayMs: 2 });
    const plain = await startMockServer();
    try {
      const a = await readStream(`${paced.openaiBaseURL}/chat/completions`, { ...openaiBody, stream: true });
      const b = await readStream(`${plain.openaiBaseURL}/chat/completions`, { ...openaiBody, stream: true });
      assert.equal(a.raw, b.raw);
    } finally {
      await Promise.all([paced.close(), plain.close()]);
    }
  });

  test('close() ends a stalled stream and can be called twice', { timeout: 20000 }, async () => {
    const server = await startMockServer({ faults: [{ stallAfterChunks: 1 }] });
    const stream = await openStream(`${server.openaiBaseURL}/chat/completions`, { ...openaiBody, stream: true });
    await stream.waitForEvents(1);
    await Promise.all([server.close(), server.close()]);
    const end = await stream.done;
    assert.ok(end.error, 'the stalled client sees its connection closed');
    assert.equal(end.events.length, 1);
    await assert.rejects(send(`${server.url}/health`), { code: 'ECONNREFUSED' });
  });

  test('close() lets the process exit while a stream is stalled and a delay is pending', { timeout: 30000 }, async () => {
    const entry = new URL('../../src/mock-server/index.js', import.meta.url).href;
    const script = `
      import { request } from 'node:http';
      import { startMockServer } from ${JSON.stringify(entry)};
      const server = await startMockServer({ faults: [{ stallAfterChunks: 1 }, { delayFirstByteMs: 600000 }] });
      const post = (body) => {
        const req = request(server.openaiBaseURL + '/chat/completions', { method: 'POST', headers: { 'content-type': 'application/json' } });
        req.on('error', () => {});
        req.end(JSON.stringify(body));
        return req;
      };
      const body = { model: 'm', messages: [{ role: 'user', content: 'hi' }] };
      post({ ...body, stream: true }).on('response', (res) => {
        res.on('error', () => {});
        res.once('data', async () => {
          post(body);
          while (server.requests.length < 2) await new Promise((resolve) => setImmediate(resolve));
          await server.close();
          console.log('closed');
        });
      });
    `;
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    // A guard, not a timing assertion: a process kept alive by the server would hang the suite.
    const guard = setTimeout(() => child.kill(), 20000);
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    clearTimeout(guard);
    assert.equal(code, 0, output);
    assert.match(output, /closed/);
  });

  test('logs one line per API request when asked to, and nothing by default', async () => {
    const silent = await startMockServer();
    const server = await startMockServer({ log: true });
    const writes: string[] = [];
    const original = process.stderr.write;
    process.stderr.write = ((chunk: string) => {
      writes.push(String(chunk));
      return true;
    }) as typeof process.stderr.write;
    try {
      await send(`${silent.openaiBaseURL}/chat/completions`, { body: openaiBody });
      await send(`${server.openaiBaseURL}/chat/completions`, { body: openaiBody, headers: { 'x-mock-fault': '{"status":503}' } });
      await new Promise((resolve) => setImmediate(resolve));
    } finally {
      process.stderr.write = original;
      await server.close();
      await silent.close();
    }
    assert.equal(writes.length, 1);
    assert.match(writes[0] ?? '', /POST \/v1\/chat\/completions -> 503 fault \{"status":503\}/);
  });
});
