import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { APIUserAbortError, createClient as createFullClient } from '../../src/index.js';
import { createClient, stream } from '../../src/lite/index.js';
import { startMockServer, type MockServer } from '../../src/mock-server/index.js';
import { openai } from '../../src/providers/openai/index.js';
import { toStreamErrorEvent } from '../../src/stream/encode-readable-stream.js';

const messages = [{ role: 'user' as const, content: 'Hello' }];
const REPLY = 'Hello from the llmux mock server. You said: Hello';

/** Reads a byte stream to its end as UTF-8 text, as a Response body's reader would. */
async function readAll(body: ReadableStream<Uint8Array>): Promise<string> {
  return new Response(body).text();
}

/** The events of an SSE text: `{ event, data }` per blank-line-terminated block. */
function parseSse(text: string): { event: string | undefined; data: string }[] {
  assert.ok(text.endsWith('\n\n'), 'every event is terminated by a blank line');
  return text
    .slice(0, -2)
    .split('\n\n')
    .map((block) => {
      let event: string | undefined;
      const data: string[] = [];
      for (const line of block.split('\n')) {
        if (line.startsWith('event: ')) event = line.slice(7);
        else if (line.startsWith('data: ')) data.push(line.slice(6));
        else assert.fail(`unexpected SSE line ${JSON.stringify(line)}`);
      }
      return { event, data: data.join('\n') };
    });
}

describe('LlmStream.toReadableStream: a stream as a Response body', () => {
  let server: MockServer;
  const signals: AbortSignal[] = [];
  let client: ReturnType<typeof createClient>;
  before(async () => {
    server = await startMockServer({ apiKey: 'sk-edge-test-key-0123456789' });
    client = createClient({
      providers: { openai: openai({ baseURL: server.openaiBaseURL, apiKey: 'sk-edge-test-key-0123456789' }) },
      fetch: (input, init) => {
        if (init.signal) signals.push(init.signal);
        return fetch(input, init);
      },
    });
  });
  after(async () => {
    client.close();
    await server.close();
  });

  it("'sse' (the default) is OpenAI's wire format: data: {chunk} per chunk, then data: [DONE]", async () => {
    const s = stream(client, { model: 'openai/gpt-4o-mini', messages });
    const events = parseSse(await readAll(s.toReadableStream()));
    assert.deepEqual(events.at(-1), { event: undefined, data: '[DONE]' });
    const chunks = events.slice(0, -1).map((e) => {
      assert.equal(e.event, undefined, 'chunks are unnamed events, as OpenAI sends them');
      return JSON.parse(e.data);
    });
    assert.ok(chunks.length > 2);
    for (const chunk of chunks) assert.equal(chunk.object, 'chat.completion.chunk');
    assert.equal(chunks.map((c) => c.choices[0]?.delta.content ?? '').join(''), REPLY);
    assert.ok(
      chunks.some((c) => c.usage?.total_tokens > 0),
      'the usage chunk is passed on',
    );
    // The body read the stream: the final response is the same answer.
    assert.equal((await s.finalResponse()).choices[0]?.message.content, REPLY);
  });

  it('the full client (node:http transport) streams the same bytes', async () => {
    const full = createFullClient({ providers: { openai: { baseURL: server.openaiBaseURL, apiKey: 'sk-edge-test-key-0123456789' } } });
    try {
      const text = await readAll(full.stream({ model: 'openai/gpt-4o-mini', messages }).toReadableStream('sse'));
      const events = parseSse(text);
      assert.equal(events.at(-1)?.data, '[DONE]');
      assert.equal(
        events
          .slice(0, -1)
          .map((e) => JSON.parse(e.data).choices[0]?.delta.content ?? '')
          .join(''),
        REPLY,
      );
    } finally {
      full.close();
    }
  });

  it("'text' is the text deltas alone", async () => {
    const s = stream(client, { model: 'openai/gpt-4o-mini', messages });
    assert.equal(await readAll(s.toReadableStream('text')), REPLY);
  });

  it("a failure mid-stream ends 'sse' with one event: error, then the body closes", async () => {
    server.injectFaults([{ resetAfterChunks: 2 }]);
    const s = stream(client, { model: 'openai/gpt-4o-mini', messages });
    const events = parseSse(await readAll(s.toReadableStream()));
    const last = events.at(-1)!;
    assert.equal(last.event, 'error');
    assert.equal(events.filter((e) => e.event === 'error').length, 1);
    assert.ok(!events.some((e) => e.data === '[DONE]'), 'a failed stream is not reported as finished');
    const body = JSON.parse(last.data);
    assert.deepEqual(Object.keys(body.error).sort(), ['code', 'message', 'type']);
    assert.equal(body.error.type, 'APIConnectionError');
    assert.equal(typeof body.error.message, 'string');
    assert.ok(body.error.message.length > 0);
    assert.equal(events.length - 1, 2, 'the chunks that arrived before the failure were sent first');
    await assert.rejects(s.finalResponse(), { name: 'APIConnectionError' });
  });

  it('the error event carries the redacted message, the class name and the provider code', async () => {
    // A non-JSON error page quoting a key: the error message quotes the page, redacted.
    server.injectFaults([{ status: 500, body: 'upstream said: bad key sk-leakedleakedleaked0123', contentType: 'text/plain' }]);
    const s = stream(client, { model: 'openai/gpt-4o-mini', messages }, { maxRetries: 0 });
    const events = parseSse(await readAll(s.toReadableStream()));
    assert.equal(events.length, 1);
    const { error } = JSON.parse(events[0]!.data);
    assert.equal(events[0]!.event, 'error');
    assert.equal(error.type, 'InternalServerError');
    assert.match(error.message, /\[redacted\]/);
    assert.doesNotMatch(error.message, /sk-leaked/);

    server.injectFaults([{ status: 429 }]);
    const limited = stream(client, { model: 'openai/gpt-4o-mini', messages }, { maxRetries: 0 });
    const [event] = parseSse(await readAll(limited.toReadableStream()));
    assert.equal(JSON.parse(event!.data).error.type, 'RateLimitError');
    assert.equal(typeof JSON.parse(event!.data).error.code === 'string' || JSON.parse(event!.data).error.code === null, true);
  });

  it('an error that is not an llmux error is scrubbed of key shapes too', () => {
    const event = toStreamErrorEvent(new TypeError('bad header Bearer sk-abcdefghijklmnopqrstuvwxyz'));
    assert.deepEqual(event, { error: { message: 'bad header [redacted]', type: 'TypeError', code: null } });
  });

  it("a failure mid-stream errors a 'text' body", async () => {
    server.injectFaults([{ resetAfterChunks: 3 }]);
    const s = stream(client, { model: 'openai/gpt-4o-mini', messages });
    await assert.rejects(readAll(s.toReadableStream('text')), { name: 'APIConnectionError' });
  });

  it('cancelling the body while it waits for the provider aborts the request', async () => {
    server.injectFaults([{ stallAfterChunks: 1 }]);
    const s = stream(client, { model: 'openai/gpt-4o-mini', messages });
    const before = signals.length;
    const reader = s.toReadableStream().getReader();
    const first = await reader.read();
    assert.match(new TextDecoder().decode(first.value), /^data: \{/);
    const pending = reader.read();
    await new Promise((resolve) => setTimeout(resolve, 50));
    await reader.cancel('client went away');
    assert.deepEqual(await pending, { done: true, value: undefined });
    assert.equal(signals.length, before + 1);
    assert.equal(signals.at(-1)!.aborted, true, 'the fetch of the stalled stream was aborted');
    assert.equal(s.signal.aborted, true);
    await assert.rejects(s.finalResponse(), APIUserAbortError);
  });

  it('cancelling between reads ends the request too', async () => {
    server.injectFaults([{ stallAfterChunks: 3 }]);
    const s = stream(client, { model: 'openai/gpt-4o-mini', messages });
    const reader = s.toReadableStream('text').getReader();
    assert.equal((await reader.read()).done, false);
    await reader.cancel();
    assert.equal(signals.at(-1)!.aborted, true);
    await assert.rejects(s.finalResponse(), APIUserAbortError);
  });

  it('an unknown format is a ConfigurationError', () => {
    const s = stream(client, { model: 'openai/gpt-4o-mini', messages });
    assert.throws(() => s.toReadableStream('json' as 'sse'), { name: 'ConfigurationError' });
  });
});
