// A call's chain holds no async function's promise once its adapter, transport, SSE loop and
// pricer have loaded: a warm call sends its request in the same turn as `complete()` or the
// stream's first `next()`. What that must keep: nothing throws at the caller, a throw anywhere
// before the request is a rejection (or the stream's failure), retries and cost as before.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createClient } from '../../src/index.js';
import { createNodeTransport } from '../../src/transport/node-transport.js';
import type { Transport, TransportRequest } from '../../src/transport/transport-types.js';
import { type ScriptedServer, startScriptedServer } from '../helpers/scripted-server.js';

const completion = JSON.stringify({
  id: 'chatcmpl-1',
  object: 'chat.completion',
  created: 1,
  model: 'gpt-4o-mini',
  choices: [{ index: 0, message: { role: 'assistant', content: 'hello' }, finish_reason: 'stop' }],
  usage: { prompt_tokens: 10, completion_tokens: 2, total_tokens: 12 },
});

const sse = [
  'data: {"id":"c","object":"chat.completion.chunk","created":1,"model":"gpt-4o-mini","choices":[{"index":0,"delta":{"role":"assistant","content":"he"},"finish_reason":null}]}\n\n',
  'data: {"id":"c","object":"chat.completion.chunk","created":1,"model":"gpt-4o-mini","choices":[{"index":0,"delta":{"content":"llo"},"finish_reason":"stop"}]}\n\n',
  'data: {"id":"c","object":"chat.completion.chunk","created":1,"model":"gpt-4o-mini","choices":[],"usage":{"prompt_tokens":10,"completion_tokens":2,"total_tokens":12}}\n\n',
  'data: [DONE]\n\n',
].join('');

const ask = { model: 'openai/gpt-4o-mini', messages: [{ role: 'user' as const, content: 'hi' }] };

/** The node transport, counting the requests handed to it. */
function countingTransport(): Transport & { sent: TransportRequest[] } {
  const inner = createNodeTransport();
  const sent: TransportRequest[] = [];
  return {
    sent,
    request(request) {
      sent.push(request);
      return inner.request(request);
    },
    close: () => inner.close?.(),
  };
}

describe('a warm call sends its request without an asynchronous step', () => {
  let server: ScriptedServer;
  before(async () => {
    server = await startScriptedServer({ body: completion, headers: { 'content-type': 'application/json' } });
  });
  after(() => server.close());

  it('complete(): the second call is at the transport when complete() returns, and is priced', async () => {
    const transport = countingTransport();
    const client = createClient({ transport, providers: { openai: { baseURL: `${server.url}/v1`, apiKey: 'sk-test-chain' } } });
    try {
      const first = await client.complete(ask);
      assert.equal(transport.sent.length, 1);
      assert.ok(first.cost !== undefined && first.cost.total > 0, 'the first call is priced once the table has loaded');
      const pending = client.complete(ask);
      assert.equal(transport.sent.length, 2, 'the request went out in the same turn');
      const second = await pending;
      assert.equal(second.choices[0]!.message.content, 'hello');
      assert.deepEqual(second.cost, first.cost, 'priced without waiting, the same');
    } finally {
      client.close();
    }
  });

  it("stream(): the second stream's request is at the transport when its first next() returns", async () => {
    server.push({ body: sse, headers: { 'content-type': 'text/event-stream' } });
    const transport = countingTransport();
    const client = createClient({ transport, providers: { openai: { baseURL: `${server.url}/v1`, apiKey: 'sk-test-chain' } } });
    try {
      const read = async (iterator: AsyncIterator<unknown>, first: Promise<IteratorResult<unknown>>): Promise<number> => {
        let count = (await first).done === true ? 0 : 1;
        while ((await iterator.next()).done !== true) count++;
        return count;
      };
      const one = client.stream(ask)[Symbol.asyncIterator]();
      assert.equal(await read(one, one.next()), 3);
      const s = client.stream(ask);
      const two = s[Symbol.asyncIterator]();
      const before = transport.sent.length;
      const first = two.next();
      assert.equal(transport.sent.length, before + 1, 'the request went out in the same turn');
      assert.equal(await read(two, first), 3);
      const final = await s.finalResponse();
      assert.equal(final.choices[0]!.message.content, 'hello');
      assert.ok(final.usage !== undefined && final.cost !== undefined, 'usage and cost, as before');
    } finally {
      client.close();
    }
  });
});

describe('a warm Anthropic call, whose request the model table shapes, sends it without an asynchronous step', () => {
  let server: ScriptedServer;
  before(async () => {
    server = await startScriptedServer({
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        id: 'msg_1',
        type: 'message',
        role: 'assistant',
        model: 'claude-sonnet-4-5',
        content: [{ type: 'text', text: 'hello' }],
        stop_reason: 'end_turn',
        usage: { input_tokens: 10, output_tokens: 2 },
      }),
    });
  });
  after(() => server.close());

  it("complete(): the second call is at the transport at once, with the table's max_tokens", async () => {
    const transport = countingTransport();
    const client = createClient({ transport, providers: { anthropic: { baseURL: server.url, apiKey: 'sk-ant-test-chain' } } });
    try {
      const model = { ...ask, model: 'anthropic/claude-sonnet-4-5' };
      await client.complete(model);
      const pending = client.complete(model);
      assert.equal(transport.sent.length, 2, 'the request went out in the same turn');
      assert.equal((await pending).choices[0]!.message.content, 'hello');
      const bodies = transport.sent.map((r) => JSON.parse(r.body!) as { max_tokens: number });
      assert.ok(bodies[0]!.max_tokens > 4096, `the table's longest output (${bodies[0]!.max_tokens})`);
      assert.equal(bodies[1]!.max_tokens, bodies[0]!.max_tokens);
    } finally {
      client.close();
    }
  });
});

describe("a stream's source is told its response (its request id) without a chain on its open", () => {
  let server: ScriptedServer;
  before(async () => {
    const first = sse.split('\n\n')[0]! + '\n\n';
    server = await startScriptedServer({
      headers: { 'content-type': 'text/event-stream', 'x-request-id': 'req_chain_1' },
      body: [first, 'data: {"error":{"message":"overloaded","type":"server_error","code":null}}\n\n'],
    });
  });
  after(() => server.close());

  it('an error event mid-stream names the request id of the response', async () => {
    const client = createClient({ maxRetries: 0, providers: { openai: { baseURL: `${server.url}/v1`, apiKey: 'sk-test-chain' } } });
    try {
      const s = client.stream(ask);
      const texts: string[] = [];
      await assert.rejects(
        (async () => {
          for await (const chunk of s) texts.push(chunk.choices[0]?.delta.content ?? '');
        })(),
        (error: { requestId?: string; partialResponse?: unknown }) =>
          error.requestId === 'req_chain_1' && error.partialResponse !== undefined,
      );
      assert.deepEqual(texts, ['he']);
    } finally {
      client.close();
    }
  });
});

describe('a throw before the request is a rejection, never a throw at the caller', () => {
  it('complete(): a transport that throws, with the retry the error allows', async () => {
    let calls = 0;
    const transport: Transport = {
      request() {
        calls++;
        throw new TypeError('the transport broke');
      },
    };
    const client = createClient({
      transport,
      maxRetries: 1,
      providers: { openai: { baseURL: 'http://127.0.0.1:9/v1', apiKey: 'sk-test' } },
    });
    // Twice: the first call loads the adapter and transport, the second goes the warm way.
    for (let i = 0; i < 2; i++) {
      let pending: Promise<unknown> | undefined;
      assert.doesNotThrow(() => {
        pending = client.complete(ask);
      });
      await assert.rejects(pending!, (error: Error) => error.message.includes('the transport broke'));
    }
    assert.ok(calls >= 2, `the transport was asked each call (${calls})`);
  });

  it("complete(): a body that cannot be serialised rejects with the serialiser's error", async () => {
    const transport = countingTransport();
    const client = createClient({ transport, providers: { openai: { baseURL: 'http://127.0.0.1:9/v1', apiKey: 'sk-test' } } });
    try {
      for (let i = 0; i < 2; i++) {
        let pending: Promise<unknown> | undefined;
        assert.doesNotThrow(() => {
          pending = client.complete({ ...ask, extra_body: { big: 1n } } as never);
        });
        await assert.rejects(pending!, /BigInt/);
      }
      assert.equal(transport.sent.length, 0, 'nothing was sent');
    } finally {
      client.close();
    }
  });

  it('stream(): a transport that throws fails the stream with a typed error, on every call', async () => {
    const transport: Transport = {
      request() {
        throw new TypeError('the transport broke');
      },
    };
    const client = createClient({
      transport,
      maxRetries: 0,
      providers: { openai: { baseURL: 'http://127.0.0.1:9/v1', apiKey: 'sk-test' } },
    });
    for (let i = 0; i < 2; i++) {
      const s = client.stream(ask);
      await assert.rejects(
        (async () => {
          for await (const _ of s);
        })(),
        (error: Error & { name: string }) => error.name !== 'TypeError' && error.message.includes('the transport broke'),
      );
      await assert.rejects(s.finalResponse());
    }
  });
});
