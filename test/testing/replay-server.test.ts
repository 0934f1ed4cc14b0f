// The fake provider on its own, driven by plain HTTP: matching by case header and by order,
// checking what was sent, putting the key back, writing in pieces, stalling and cutting.
import assert from 'node:assert/strict';
import * as http from 'node:http';
import { after, before, describe, it } from 'node:test';
import { type ConformanceFixture, type ReplayServer, startReplayServer } from '../../src/testing/index.js';

const KEY = 'replay-test-key-31f9c0';

function fixture(id: string, extra: Partial<ConformanceFixture> = {}): ConformanceFixture {
  return {
    id,
    source: 'spec-derived: test',
    stream: true,
    request: { model: 'm', messages: [{ role: 'user', content: 'hi' }] },
    expectRequest: {
      path: '/chat/completions',
      authHeader: 'authorization',
      headers: { 'x-version': '2' },
      body: { model: 'm', stream: true },
      bodyAbsent: ['stream_options'],
    },
    response: {
      status: 200,
      headers: { 'x-echo': 'key={{API_KEY}}' },
      events: [{ data: { text: 'Grüße' } }, { event: 'named', data: 'two' }, { data: '[DONE]' }],
    },
    expect: { response: {} },
    ...extra,
  };
}

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  reads: Buffer[];
  error?: Error;
}

/** Posts and collects every read of the answer (or the error that ended it). */
function post(url: string, headers: Record<string, string>, body: unknown, stopAfterReads = Infinity): Promise<Answer> {
  return new Promise((resolve) => {
    const req = http.request(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers } }, (res) => {
      const answer: Answer = { status: res.statusCode ?? 0, headers: res.headers, reads: [] };
      res.on('data', (read: Buffer) => {
        answer.reads.push(read);
        if (answer.reads.length >= stopAfterReads) {
          res.destroy();
          resolve(answer);
        }
      });
      res.on('end', () => resolve(answer));
      res.on('error', (error) => resolve({ ...answer, error }));
    });
    req.on('error', (error) => resolve({ status: 0, headers: {}, reads: [], error }));
    req.end(JSON.stringify(body));
  });
}

describe('replay server', () => {
  let server: ReplayServer;
  before(async () => {
    server = await startReplayServer();
  });
  after(() => server.close());

  it('answers the case named in x-llmux-fixture, with the key put back, and records no mismatch for a conforming request', async () => {
    const exchange = server.arm(fixture('a'), { apiKey: KEY });
    const other = server.arm(fixture('b'), { apiKey: KEY });
    const answer = await post(
      `${server.url}/chat/completions`,
      { 'x-llmux-fixture': 'a', authorization: `Bearer ${KEY}`, 'x-version': '2' },
      { model: 'm', stream: true },
    );
    assert.equal(answer.status, 200);
    assert.equal(answer.headers['content-type'], 'text/event-stream');
    assert.equal(answer.headers['x-echo'], `key=${KEY}`);
    assert.equal(Buffer.concat(answer.reads).toString('utf8'), 'data: {"text":"Grüße"}\n\nevent: named\ndata: two\n\ndata: [DONE]\n\n');
    assert.deepEqual(exchange.mismatches, []);
    assert.equal(exchange.requests.length, 1);
    assert.equal(exchange.requests[0]!.matchedBy, 'header');
    // Credentials are not kept.
    assert.equal(exchange.requests[0]!.headers['authorization'], '[present]');
    assert.equal(await exchange.waitForClose(1000), true);
    assert.equal(other.requests.length, 0);
    exchange.disarm();
    other.disarm();
  });

  it('reports each way a request differs from the fixture', async () => {
    const exchange = server.arm(fixture('c'), { apiKey: KEY });
    await post(
      `${server.url}/v1/chat/completions?x=1`,
      { 'x-api-key': KEY, 'x-version': '3' },
      { model: 'n', stream_options: { include_usage: true } },
    );
    assert.deepEqual(exchange.requests[0]!.matchedBy, 'order');
    assert.deepEqual(exchange.mismatches, [
      "the x-llmux-fixture header the kit put in context.headers was not sent: an adapter must send context.headers (callers' extra headers) with every request",
      'path: expected /chat/completions, got /v1/chat/completions',
      'auth: expected the key in the authorization header, which was not sent (the key went in x-api-key)',
      'header x-version: expected "2", got "3"',
      'body.model: expected "m", got "n"',
      'body.stream: expected true, but the field was not sent',
      'body.stream_options: must not be sent, got {"include_usage":true}',
    ]);
    await post(`${server.url}/chat/completions`, { 'x-llmux-fixture': 'c' }, {});
    assert.match(exchange.mismatches.at(-1)!, /^the adapter sent 2 requests for one call; expected exactly one/);
    exchange.disarm();
  });

  it('answers an unarmed request with a 599 and lists it', async () => {
    const answer = await post(`${server.url}/chat/completions`, { 'x-llmux-fixture': 'nobody' }, {});
    assert.equal(answer.status, 599);
    assert.match(Buffer.concat(answer.reads).toString(), /no fixture is armed for POST \/chat\/completions \(x-llmux-fixture: nobody\)/);
    assert.equal(server.unexpected.at(-1)?.path, '/chat/completions');
  });

  it('writes the body in pieces of N bytes, splitting multi-byte characters', async () => {
    const exchange = server.arm(fixture('d'), { apiKey: KEY, splitEvery: 1 });
    const answer = await post(`${server.url}/chat/completions`, { 'x-llmux-fixture': 'd' }, {});
    const body = Buffer.concat(answer.reads);
    assert.equal(body.toString('utf8'), 'data: {"text":"Grüße"}\n\nevent: named\ndata: two\n\ndata: [DONE]\n\n');
    // Separate writes a tick apart: the client sees many reads, not one.
    assert.ok(answer.reads.length > 5, `${answer.reads.length} reads`);
    exchange.disarm();
  });

  it('stalls after K events with the connection open, and reports when the client lets go', async () => {
    const exchange = server.arm(fixture('e'), { apiKey: KEY, stallAfterEvents: 1 });
    const answer = await post(`${server.url}/chat/completions`, { 'x-llmux-fixture': 'e' }, {}, 1);
    assert.equal(Buffer.concat(answer.reads).toString('utf8'), 'data: {"text":"Grüße"}\n\n');
    assert.equal(await exchange.waitForClose(1000), true);
    exchange.disarm();
  });

  it('cuts the connection after K events', async () => {
    const exchange = server.arm(fixture('f'), { apiKey: KEY, resetAfterEvents: 2 });
    const answer = await post(`${server.url}/chat/completions`, { 'x-llmux-fixture': 'f' }, {});
    assert.equal(Buffer.concat(answer.reads).toString('utf8'), 'data: {"text":"Grüße"}\n\nevent: named\ndata: two\n\n');
    assert.ok(answer.error !== undefined, 'the response ended with an error');
    exchange.disarm();
  });

  it('serves JSON and raw bodies with a fitting content type', async () => {
    const json = server.arm(
      fixture('g', { response: { status: 429, headers: { 'retry-after': '2' }, json: { error: { message: 'slow down {{API_KEY}}' } } } }),
      { apiKey: KEY },
    );
    const answer = await post(`${server.url}/chat/completions`, { 'x-llmux-fixture': 'g' }, {});
    assert.equal(answer.status, 429);
    assert.equal(answer.headers['content-type'], 'application/json');
    assert.equal(answer.headers['retry-after'], '2');
    assert.equal(Buffer.concat(answer.reads).toString(), `{"error":{"message":"slow down ${KEY}"}}`);
    json.disarm();
    const raw = server.arm(fixture('h', { response: { status: 502, body: '<html><title>Bad gateway</title></html>' } }), { apiKey: KEY });
    const html = await post(`${server.url}/chat/completions`, { 'x-llmux-fixture': 'h' }, {});
    assert.equal(html.headers['content-type'], 'text/plain; charset=utf-8');
    raw.disarm();
  });
});
