/**
 * Hostile Responses API streams and bodies: the key echoed in error events, error payloads
 * nested 100,000 levels deep, events that are not objects, ids named like object prototypes,
 * an event past the size cap. Each gives a bounded, typed llmux error or is ignored; none throws
 * a TypeError or RangeError, and the key appears nowhere.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { InternalServerError, InvalidResponseError, LlmuxError, RateLimitError, createClient, type LlmuxClient } from '../../src/index.js';
import { type ScriptedServer, startScriptedServer } from '../helpers/scripted-server.js';

const KEY = 'rskey0123456789ABCDEFGHIJKLMNOPQRSTUV';
const SSE = { 'content-type': 'text/event-stream' };
const messages = [{ role: 'user' as const, content: 'Hi' }];
const sse = (events: readonly unknown[]): string =>
  events.map((e) => `data: ${typeof e === 'string' ? e : JSON.stringify(e)}\n\n`).join('');
const created = { type: 'response.created', response: { id: 'resp_h', model: 'o3-pro', created_at: 1, status: 'in_progress' } };
const completed = {
  type: 'response.completed',
  response: { id: 'resp_h', status: 'completed', usage: { input_tokens: 1, output_tokens: 1, total_tokens: 2 } },
};

function exposed(error: unknown): string {
  const e = error as Record<string, unknown>;
  return [e['message'], e['stack'], e['providerMessage'], e['code'], JSON.stringify(e['body']), JSON.stringify(e['partialResponse'])].join(
    '\n',
  );
}

describe('hostile Responses API answers', () => {
  let server: ScriptedServer;
  let client: LlmuxClient;
  before(async () => {
    server = await startScriptedServer();
    client = createClient({
      providers: { openai: { baseURL: `${server.url}/v1`, apiKey: KEY, api: 'responses' } },
      env: {},
      maxRetries: 0,
      maxResponseBytes: 64 * 1024,
    });
  });
  after(async () => {
    client.close();
    await server.close();
  });

  it('the key echoed in an error event, a failed response and a failed body never reaches the error', async () => {
    const echo = `Incorrect API key provided: ${KEY}`;
    server.push({ headers: SSE, body: sse([created, { type: 'error', code: 'insufficient_quota', message: echo, param: KEY }]) });
    const a = await client
      .stream({ model: 'openai/o3-pro', messages })
      .finalResponse()
      .catch((e: unknown) => e);
    assert.ok(a instanceof RateLimitError);
    assert.ok(!exposed(a).includes(KEY));
    server.push({
      headers: SSE,
      body: sse([created, { type: 'response.failed', response: { status: 'failed', error: { code: KEY, message: echo } } }]),
    });
    const b = await client
      .stream({ model: 'openai/o3-pro', messages })
      .finalResponse()
      .catch((e: unknown) => e);
    assert.ok(b instanceof LlmuxError);
    assert.ok(!exposed(b).includes(KEY));
    server.push({ body: JSON.stringify({ status: 'failed', error: { code: 'server_error', message: echo }, output: [] }) });
    const c = await client.complete({ model: 'openai/o3-pro', messages }).catch((e: unknown) => e);
    assert.ok(c instanceof InternalServerError);
    assert.ok(!exposed(c).includes(KEY));
  });

  it('an error payload nested 100,000 levels deep is a typed error, not a RangeError', async () => {
    const deep = `${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}`;
    const body = `data: ${JSON.stringify(created)}\n\ndata: {"type":"error","code":"server_error","message":"deep","param":${deep}}\n\n`;
    // Past the event cap of this client, so the cap answers first; a larger cap parses it.
    const roomy = createClient({
      providers: { openai: { baseURL: `${server.url}/v1`, apiKey: KEY, api: 'responses' } },
      env: {},
      maxRetries: 0,
    });
    try {
      server.push({ headers: SSE, body });
      const e = await roomy
        .stream({ model: 'openai/o3-pro', messages })
        .finalResponse()
        .catch((error: unknown) => error);
      assert.ok(e instanceof InternalServerError, String(e));
    } finally {
      roomy.close();
    }
  });

  it('events that are not objects, unknown types and prototype-named ids are ignored', async () => {
    server.push({
      headers: SSE,
      body: sse([
        created,
        'null',
        '42',
        '"text"',
        '[1,2]',
        { type: { nested: true } },
        {
          type: 'response.output_item.added',
          output_index: '__proto__',
          item: { type: 'function_call', id: '__proto__', call_id: 'constructor', name: 'toString', arguments: '' },
        },
        { type: 'response.function_call_arguments.delta', item_id: '__proto__', output_index: '__proto__', delta: '{}' },
        { type: 'response.function_call_arguments.delta', item_id: 'hasOwnProperty', output_index: 99, delta: 'lost' },
        { type: 'response.output_text.delta', item_id: 'constructor', output_index: 0, content_index: '__proto__', delta: 'ok' },
        {
          type: 'response.output_text.annotation.added',
          item_id: 'constructor',
          content_index: '__proto__',
          annotation: { type: 'url_citation', url: 'https://x.example', start_index: '0' },
        },
        { type: 'response.future.thing', payload: 'x'.repeat(1000) },
        completed,
      ]),
    });
    const res = await client.stream({ model: 'openai/o3-pro', messages }).finalResponse();
    assert.equal(res.choices[0]!.message.content, 'ok');
    assert.deepEqual(res.choices[0]!.message.tool_calls, [
      { id: 'constructor', type: 'function', function: { name: 'toString', arguments: '{}' } },
    ]);
    assert.deepEqual(res.choices[0]!.message.annotations, [
      { type: 'url_citation', url_citation: { start_index: 0, end_index: 0, url: 'https://x.example', title: '' } },
    ]);
    assert.equal(({} as Record<string, unknown>)['toString'] instanceof Function, true, 'no prototype was touched');
  });

  it('an event past the size cap fails the stream with InvalidResponseError', async () => {
    server.push({
      headers: SSE,
      body: sse([
        created,
        { type: 'response.output_text.delta', item_id: 'm', output_index: 0, content_index: 0, delta: 'x'.repeat(128 * 1024) },
        completed,
      ]),
    });
    await assert.rejects(
      client.stream({ model: 'openai/o3-pro', messages }).finalResponse(),
      (e: unknown) => e instanceof InvalidResponseError && e.code === 'RESPONSE_TOO_LARGE',
    );
  });

  it('a body that is JSON but no response object is an InvalidResponseError', async () => {
    for (const body of ['null', '[]', '"x"', '7']) {
      server.push({ body });
      await assert.rejects(client.complete({ model: 'openai/o3-pro', messages }), InvalidResponseError, body);
    }
  });
});
