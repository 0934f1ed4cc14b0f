import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type LlmuxCallbacks, type LlmuxClient, RateLimitError, createClient } from '../../src/index.js';
import { type MockServer, startMockServer } from '../../src/mock-server/index.js';

const KEY = 'sk-callback-SENTINEL-5555';
const messages = [{ role: 'user' as const, content: 'Count my callbacks please' }];

/** Records every event by name, in order. */
function recorder(): { callbacks: LlmuxCallbacks; events: { name: string; event: Record<string, unknown> }[] } {
  const events: { name: string; event: Record<string, unknown> }[] = [];
  const on = (name: string) => (event: object) => void events.push({ name, event: event as Record<string, unknown> });
  return {
    events,
    callbacks: {
      onRequest: on('request'),
      onResponse: on('response'),
      onChunk: on('chunk'),
      onError: on('error'),
      onRetry: on('retry'),
      onStreamEnd: on('streamEnd'),
    },
  };
}

describe('client callbacks', () => {
  let server: MockServer;
  const make = (callbacks: LlmuxCallbacks | undefined): LlmuxClient =>
    createClient({
      env: {},
      providers: { openai: { baseURL: server.openaiBaseURL, apiKey: KEY } },
      ...(callbacks === undefined ? {} : { callbacks }),
    });
  before(async () => {
    server = await startMockServer();
  });
  after(() => server.close());

  it('complete(): request then response, with usage, cost and latency', async () => {
    const { callbacks, events } = recorder();
    const client = make(callbacks);
    const response = await client.complete({ model: 'openai/gpt-4o', messages });
    client.close();
    assert.deepEqual(
      events.map((e) => e.name),
      ['request', 'response'],
    );
    const [request, done] = events.map((e) => e.event);
    assert.equal(request!['callId'], done!['callId']);
    assert.equal(request!['model'], 'openai/gpt-4o');
    assert.equal(request!['provider'], 'openai');
    assert.equal(done!['response'], response);
    assert.deepEqual(done!['usage'], response.usage);
    assert.deepEqual(done!['cost'], response.cost);
    assert.ok(typeof done!['latencyMs'] === 'number' && done!['latencyMs'] >= 0);
  });

  it('a retried failure reports error (willRetry), retry, then the next attempt', async () => {
    const { callbacks, events } = recorder();
    const client = make(callbacks);
    server.injectFaults([{ status: 429, retryAfterMs: 5, api: 'openai' }]);
    await client.complete({ model: 'openai/gpt-4o', messages });
    client.close();
    assert.deepEqual(
      events.map((e) => e.name),
      ['request', 'error', 'retry', 'request', 'response'],
    );
    assert.ok(events[1]!.event['error'] instanceof RateLimitError);
    assert.equal(events[1]!.event['willRetry'], true);
    assert.equal(events[2]!.event['delayMs'], 5);
    assert.deepEqual(
      events.map((e) => e.event['attempt']),
      [0, 0, 0, 1, 1],
    );
  });

  it('stream(): every chunk, then response and stream end with time to first token', async () => {
    const { callbacks, events } = recorder();
    const client = make(callbacks);
    const stream = client.stream({ model: 'openai/gpt-4o', messages });
    let received = 0;
    for await (const _ of stream) received++;
    client.close();
    const names = events.map((e) => e.name);
    assert.equal(names[0], 'request');
    assert.equal(names.filter((n) => n === 'chunk').length, received);
    assert.deepEqual(names.slice(-2), ['response', 'streamEnd']);
    const end = events.at(-1)!.event;
    assert.equal(end['outcome'], 'completed');
    assert.equal(end['chunks'], received);
    assert.ok(typeof end['timeToFirstTokenMs'] === 'number');
    assert.ok(end['cost'] !== undefined, 'the stream end carries the cost');
    assert.deepEqual(
      events.filter((e) => e.name === 'chunk').map((e) => e.event['index']),
      [...Array(received).keys()],
    );
  });

  it('a stream the caller leaves early ends as aborted, with what had arrived', async () => {
    const { callbacks, events } = recorder();
    const client = make(callbacks);
    for await (const _ of client.stream({ model: 'openai/gpt-4o', messages })) break;
    client.close();
    const end = events.find((e) => e.name === 'streamEnd')!.event;
    assert.equal(end['outcome'], 'aborted');
    assert.equal(end['chunks'], 1);
  });

  it('callbacks that throw, reject or never settle change nothing', async () => {
    const client = make({
      onRequest: () => {
        throw new Error('boom');
      },
      onResponse: () => new Promise(() => undefined),
      onChunk: async () => {
        throw new Error('async boom');
      },
      onStreamEnd: () => Promise.reject(new Error('rejected')),
    });
    const response = await client.complete({ model: 'openai/gpt-4o', messages });
    assert.match(response.choices[0]!.message.content ?? '', /Count my callbacks/);
    const final = await client.stream({ model: 'openai/gpt-4o', messages }).finalResponse();
    assert.match(final.choices[0]!.message.content ?? '', /Count my callbacks/);
    client.close();
  });

  it("two clients in one process each see exactly their own calls; call callbacks add to the client's", async () => {
    const a = recorder();
    const b = recorder();
    const perCall = recorder();
    const clientA = make(a.callbacks);
    const clientB = make(b.callbacks);
    await Promise.all([
      ...Array.from({ length: 5 }, () => clientA.complete({ model: 'openai/gpt-4o', messages })),
      ...Array.from({ length: 3 }, () => clientB.complete({ model: 'openai/gpt-4o', messages }, { callbacks: perCall.callbacks })),
      clientB.stream({ model: 'openai/gpt-4o', messages }).finalResponse(),
    ]);
    clientA.close();
    clientB.close();
    const calls = (r: ReturnType<typeof recorder>): Set<unknown> => new Set(r.events.map((e) => e.event['callId']));
    assert.equal(calls(a).size, 5);
    assert.equal(calls(b).size, 4);
    assert.equal(calls(perCall).size, 3);
    for (const id of calls(perCall)) assert.ok(calls(b).has(id));
    for (const id of calls(a)) assert.ok(!calls(b).has(id));
  });

  it('no event payload contains the API key', async () => {
    const { callbacks, events } = recorder();
    const client = make(callbacks);
    server.injectFaults([{ status: 401, api: 'openai' }]);
    await assert.rejects(client.complete({ model: 'openai/gpt-4o', messages }));
    await client.stream({ model: 'openai/gpt-4o', messages }).finalResponse();
    client.close();
    const text = JSON.stringify(events, (_k, v: unknown) => (v instanceof Error ? { ...v, message: v.message, stack: v.stack } : v));
    assert.ok(events.length > 3);
    assert.ok(!text.includes(KEY), 'the key leaked into a callback payload');
  });
});
