// The per-request fault plan (faults at set rates under concurrency) and the truncated-stream
// fault (endAfterChunks), both added for the soak suite.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { startMockServer } from '../../src/mock-server/index.js';
import { readStream, send } from './http-client.js';
import type { FaultPlanRequest } from '../../src/mock-server/index.js';

const openaiBody = { model: 'gpt-mock', messages: [{ role: 'user', content: 'ping' }] };
const anthropicBody = { model: 'claude-mock', max_tokens: 64, messages: [{ role: 'user', content: 'ping' }] };

describe('mock server: endAfterChunks', () => {
  test('ends an OpenAI stream cleanly after N events, without [DONE]', async () => {
    const server = await startMockServer();
    try {
      const url = `${server.openaiBaseURL}/chat/completions`;
      const whole = await readStream(url, { ...openaiBody, stream: true });
      assert.equal(whole.events.at(-1)?.data, '[DONE]');
      server.injectFaults([{ endAfterChunks: 2 }]);
      const cut = await readStream(url, { ...openaiBody, stream: true });
      assert.equal(cut.error, undefined, 'the response ends normally: chunked terminator, no reset');
      assert.equal(cut.status, 200);
      // Ids and timestamps follow the request counter; the events are otherwise the same.
      const same = (data: string): string => data.replace(/chatcmpl-mock-\d+/, 'ID').replace(/"created":\d+/, '"created":0');
      assert.deepEqual(
        cut.events.map((e) => same(e.data)),
        whole.events.slice(0, 2).map((e) => same(e.data)),
      );
    } finally {
      await server.close();
    }
  });

  test('ends an Anthropic stream before message_stop; waits for a streaming request', async () => {
    const server = await startMockServer({ faults: [{ endAfterChunks: 1, api: 'anthropic' }] });
    try {
      const url = `${server.anthropicBaseURL}/v1/messages`;
      assert.equal((await send(url, { body: anthropicBody })).status, 200, 'a non-streaming request does not spend it');
      const cut = await readStream(url, { ...anthropicBody, stream: true });
      assert.equal(cut.error, undefined);
      assert.equal(cut.events.length, 1);
      assert.equal(cut.events[0]?.event, 'message_start');
      const next = await readStream(url, { ...anthropicBody, stream: true });
      assert.equal(next.events.at(-1)?.event, 'message_stop');
    } finally {
      await server.close();
    }
  });

  test('is validated like the other counts', async () => {
    const server = await startMockServer();
    try {
      assert.throws(() => server.injectFaults([{ endAfterChunks: -1 }]), /endAfterChunks/);
      assert.throws(() => server.injectFaults([{ endAfterChunks: 1.5 }]), /endAfterChunks/);
    } finally {
      await server.close();
    }
  });
});

describe('mock server: faultPlan', () => {
  test('decides per request by index, api and streaming mode', async () => {
    const seen: FaultPlanRequest[] = [];
    const server = await startMockServer({
      faultPlan: (request) => {
        seen.push(request);
        if (request.index === 1) return { status: 503 };
        if (request.index === 2) return { resetAfterChunks: 1 };
        return undefined;
      },
    });
    try {
      const url = `${server.openaiBaseURL}/chat/completions`;
      assert.equal((await send(url, { body: openaiBody })).status, 200);
      assert.equal((await send(`${server.anthropicBaseURL}/v1/messages`, { body: anthropicBody })).status, 503);
      // A stream-only fault planned for a non-streaming request is not acted out.
      assert.equal((await send(url, { body: openaiBody })).status, 200);
      assert.deepEqual(seen, [
        { index: 0, api: 'openai', stream: false },
        { index: 1, api: 'anthropic', stream: false },
        { index: 2, api: 'openai', stream: false },
      ]);
    } finally {
      await server.close();
    }
  });

  test('the x-mock-fault header and queued faults come first; control and health requests are not planned', async () => {
    const indexes: number[] = [];
    const server = await startMockServer({
      faults: [{ status: 429 }],
      faultPlan: ({ index }) => {
        indexes.push(index);
        return { status: 500 };
      },
    });
    try {
      const url = `${server.openaiBaseURL}/chat/completions`;
      assert.equal((await send(url, { body: openaiBody })).status, 429);
      assert.equal((await send(url, { body: openaiBody, headers: { 'x-mock-fault': '{"status":404}' } })).status, 404);
      assert.equal((await send(`${server.url}/health`)).status, 200);
      assert.equal((await send(`${server.url}/__mock/faults`)).status, 200);
      assert.equal((await send(url, { body: openaiBody })).status, 500);
      assert.deepEqual(indexes, [2]);
    } finally {
      await server.close();
    }
  });

  test('holds under concurrency: each request gets the fault planned for its index', async () => {
    const server = await startMockServer({ faultPlan: ({ index }) => (index % 2 === 1 ? { status: 500 } : undefined) });
    try {
      const url = `${server.openaiBaseURL}/chat/completions`;
      const statuses = await Promise.all(Array.from({ length: 40 }, () => send(url, { body: openaiBody }).then((r) => r.status)));
      assert.equal(statuses.filter((s) => s === 500).length, 20);
      assert.equal(statuses.filter((s) => s === 200).length, 20);
    } finally {
      await server.close();
    }
  });

  test('an invalid planned fault answers 500 naming the field; a non-function plan is refused', async () => {
    const server = await startMockServer({ faultPlan: () => ({ status: 42 }) });
    try {
      const answer = await send(`${server.openaiBaseURL}/chat/completions`, { body: openaiBody });
      assert.equal(answer.status, 500);
      assert.match(answer.text, /status/);
    } finally {
      await server.close();
    }
    await assert.rejects(startMockServer({ faultPlan: 'often' as never }), /faultPlan must be a function/);
  });
});
