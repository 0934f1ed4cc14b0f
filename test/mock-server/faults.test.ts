import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { startMockServer } from '../../src/mock-server/index.js';
import { openStream, readStream, send } from './http-client.js';
import type { MockServer } from '../../src/mock-server/index.js';

const openaiBody = { model: 'gpt-mock', messages: [{ role: 'user', content: 'ping' }] };
const anthropicBody = { model: 'claude-mock', max_tokens: 64, messages: [{ role: 'user', content: 'ping' }] };

describe('mock server: fault injection', () => {
  let server: MockServer;
  let openai: string;
  let anthropic: string;
  let normalEventCount: number;
  before(async () => {
    server = await startMockServer();
    openai = `${server.openaiBaseURL}/chat/completions`;
    anthropic = `${server.anthropicBaseURL}/v1/messages`;
    normalEventCount = (await readStream(openai, { ...openaiBody, stream: true })).events.length;
  });
  beforeEach(async () => {
    // Every test leaves the queue empty; a leftover would leak into the next one.
    assert.deepEqual((await send(`${server.url}/__mock/faults`)).json(), []);
  });
  after(() => server.close());

  const chat = (headers: Record<string, string> = {}) => send(openai, { body: openaiBody, headers });
  const streamChat = (headers: Record<string, string> = {}) => openStream(openai, { ...openaiBody, stream: true }, headers);

  test('status faults answer in the OpenAI error shape with retry headers, once by default', async () => {
    server.injectFaults([{ status: 429, retryAfter: 2, retryAfterMs: 1500 }]);
    const limited = await chat();
    assert.equal(limited.status, 429);
    assert.equal(limited.headers['retry-after'], '2');
    assert.equal(limited.headers['retry-after-ms'], '1500');
    assert.match(String(limited.headers['x-request-id']), /^req_mock_\d+$/);
    const { error } = limited.json();
    assert.equal(error.code, 'rate_limit_exceeded');
    assert.equal(typeof error.message, 'string');
    assert.equal(error.param, null);
    assert.equal((await chat()).status, 200);

    server.injectFaults([{ status: 500 }, { status: 404 }, { status: 401 }]);
    assert.equal((await chat()).json().error.type, 'server_error');
    assert.equal((await chat()).json().error.code, 'model_not_found');
    assert.equal((await chat()).json().error.code, 'invalid_api_key');
  });

  test('status faults answer in the Anthropic error shape, 529 as overloaded_error', async () => {
    server.injectFaults([{ status: 529 }, { status: 429, retryAfter: 7 }, { status: 500 }]);
    const overloaded = await send(anthropic, { body: anthropicBody });
    assert.equal(overloaded.status, 529);
    assert.equal(overloaded.json().type, 'error');
    assert.equal(overloaded.json().error.type, 'overloaded_error');
    const limited = await send(anthropic, { body: anthropicBody });
    assert.equal(limited.json().error.type, 'rate_limit_error');
    assert.equal(limited.headers['retry-after'], '7');
    assert.equal((await send(anthropic, { body: anthropicBody })).json().error.type, 'api_error');
  });

  test('times repeats a fault; faults are spent in queue order', async () => {
    server.injectFaults([{ status: 503, times: 2 }, { status: 502 }]);
    assert.deepEqual((await send(`${server.url}/__mock/faults`)).json(), [
      { status: 503, times: 2 },
      { status: 502, times: 1 },
    ]);
    assert.equal((await chat()).status, 503);
    assert.equal((await chat()).status, 503);
    assert.equal((await chat()).status, 502);
    assert.equal((await chat()).status, 200);
  });

  test('api restricts a fault to one API', async () => {
    server.injectFaults([{ status: 500, api: 'anthropic' }]);
    assert.equal((await chat()).status, 200);
    assert.equal((await send(anthropic, { body: anthropicBody })).status, 500);
  });

  test('a raw body replaces the error body, e.g. an HTML page from a proxy', async () => {
    const html = '<html><body><h1>502 Bad Gateway</h1></body></html>';
    server.injectFaults([{ status: 502, body: html, contentType: 'text/html' }, { body: 'not json' }]);
    const page = await chat();
    assert.equal(page.status, 502);
    assert.equal(page.headers['content-type'], 'text/html');
    assert.equal(page.text, html);
    const plain = await chat();
    assert.equal(plain.status, 200);
    assert.equal(plain.text, 'not json');
  });

  test('resetBeforeHeaders drops the connection without a response', async () => {
    server.injectFaults([{ resetBeforeHeaders: true }]);
    await assert.rejects(chat(), { code: 'ECONNRESET' });
    assert.equal((await chat()).status, 200);
  });

  test('resetAfterChunks sends N events then drops the stream', async () => {
    server.injectFaults([{ resetAfterChunks: 3 }]);
    const stream = await streamChat();
    assert.equal(stream.status, 200);
    const end = await stream.done;
    assert.ok(end.error, 'the client sees the connection die');
    assert.equal(end.events.length, 3);
    assert.ok(end.events.every((event) => event.data !== '[DONE]'));
  });

  test('a stream-only fault waits for a streaming request', async () => {
    server.injectFaults([{ resetAfterChunks: 1 }]);
    assert.equal((await chat()).status, 200);
    const end = await (await streamChat()).done;
    assert.ok(end.error);
    assert.equal(end.events.length, 1);
  });

  test('stallAfterChunks goes silent until the client gives up, and the server carries on', async () => {
    server.injectFaults([{ stallAfterChunks: 2 }]);
    const stream = await streamChat();
    await stream.waitForEvents(2);
    stream.destroy();
    const end = await stream.done;
    assert.ok(end.error);
    assert.equal(end.events.length, 2);
    const next = await readStream(openai, { ...openaiBody, stream: true });
    assert.equal(next.events.at(-1)?.data, '[DONE]');
  });

  test('malformedAfterChunks slips one non-JSON event into an otherwise complete stream', async () => {
    server.injectFaults([{ malformedAfterChunks: 2 }]);
    const end = await (await streamChat()).done;
    assert.equal(end.error, undefined);
    assert.equal(end.events.length, normalEventCount + 1);
    assert.equal(end.events[2]?.data, '{not json');
    assert.doesNotThrow(() => JSON.parse(end.events[1]?.data ?? ''));
    assert.equal(end.events.at(-1)?.data, '[DONE]');

    server.injectFaults([{ malformedAfterChunks: 0, api: 'anthropic' }]);
    const anthropicStream = await readStream(anthropic, { ...anthropicBody, stream: true });
    assert.deepEqual(anthropicStream.events[0], { event: 'content_block_delta', data: '{not json' });
  });

  test('delayFirstByteMs holds back the response', async () => {
    server.injectFaults([{ delayFirstByteMs: 150 }]);
    const started = performance.now();
    const response = await chat();
    assert.equal(response.status, 200);
    assert.ok(performance.now() - started >= 140, 'waited at least about the delay');
  });

  test('the x-mock-fault header applies to its request only', async () => {
    const limited = await chat({ 'x-mock-fault': JSON.stringify({ status: 429, retryAfter: 1 }) });
    assert.equal(limited.status, 429);
    assert.equal(limited.headers['retry-after'], '1');
    assert.equal((await chat()).status, 200);

    const stream = await streamChat({ 'x-mock-fault': JSON.stringify({ resetAfterChunks: 2 }) });
    assert.equal((await stream.done).events.length, 2);

    const wrongApi = await chat({ 'x-mock-fault': JSON.stringify({ status: 500, api: 'anthropic' }) });
    assert.equal(wrongApi.status, 200);

    const invalid = await chat({ 'x-mock-fault': '{"stauts": 500}' });
    assert.equal(invalid.status, 400);
    assert.match(invalid.json().error.message, /stauts/);
  });

  test('POST /__mock/faults queues faults from another process', async () => {
    const queued = await send(`${server.url}/__mock/faults`, { body: [{ status: 503 }, { status: 429, api: 'anthropic' }] });
    assert.equal(queued.status, 204);
    assert.equal((await chat()).status, 503);
    assert.equal((await send(anthropic, { body: anthropicBody })).status, 429);

    const invalid = await send(`${server.url}/__mock/faults`, { body: [{ status: 'soon' }] });
    assert.equal(invalid.status, 400);
    assert.match(invalid.json().error.message, /status/);
    const notJson = await send(`${server.url}/__mock/faults`, { body: '[{' });
    assert.equal(notJson.status, 400);
  });

  test('injectFaults and startMockServer reject invalid specs', async () => {
    assert.throws(() => server.injectFaults([{ times: 0 }]), TypeError);
    assert.throws(() => server.injectFaults([{ retry_after: 1 } as never]), /retry_after/);
    await assert.rejects(startMockServer({ faults: [{ resetAfterChunks: -1 }] }), TypeError);
  });
});
