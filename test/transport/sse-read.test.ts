import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readSSE, type SSEEvent } from '../../src/transport/sse.js';

const encoder = new TextEncoder();

async function* chunksOf(...parts: (string | Uint8Array)[]): AsyncGenerator<Uint8Array> {
  for (const part of parts) {
    await Promise.resolve();
    yield typeof part === 'string' ? encoder.encode(part) : part;
  }
}

async function collect(iterable: AsyncIterable<SSEEvent>): Promise<SSEEvent[]> {
  const events: SSEEvent[] = [];
  for await (const event of iterable) events.push(event);
  return events;
}

describe('readSSE', () => {
  it('yields the events of a chunked byte stream in order', async () => {
    const bytes = encoder.encode('event: a\ndata: 1\n\ndata: é\n\ndata: 3\n\n');
    // "é" is two bytes: cut between them so the decoder has to carry one across chunks.
    const cut = bytes.indexOf(0xc3) + 1;
    const events = await collect(readSSE(chunksOf(bytes.subarray(0, cut), bytes.subarray(cut))));
    assert.deepEqual(events, [
      { data: '1', event: 'a', id: undefined },
      { data: 'é', event: undefined, id: undefined },
      { data: '3', event: undefined, id: undefined },
    ]);
  });

  it('yields several events dispatched by one chunk, and none for an unterminated tail', async () => {
    const events = await collect(readSSE(chunksOf('data: 1\n\ndata: 2\n\nid: x\ndata: 3\n\n', 'data: 4', '')));
    assert.deepEqual(
      events.map((event) => [event.data, event.id]),
      [
        ['1', undefined],
        ['2', undefined],
        ['3', 'x'],
      ],
    );
  });

  it('accepts a web ReadableStream body', async () => {
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(encoder.encode('\uFEFFdata: a\r'));
        controller.enqueue(encoder.encode('\n\r\n'));
        controller.close();
      },
    });
    assert.deepEqual(await collect(readSSE(body as unknown as AsyncIterable<Uint8Array>)), [
      { data: 'a', event: undefined, id: undefined },
    ]);
  });

  it('propagates an error thrown by the body unchanged, after the events before it', async () => {
    const failure = new Error('socket hang up');
    async function* body(): AsyncGenerator<Uint8Array> {
      yield encoder.encode('data: before\n\ndata: lost');
      throw failure;
    }
    const events: SSEEvent[] = [];
    await assert.rejects(
      async () => {
        for await (const event of readSSE(body())) events.push(event);
      },
      (error) => error === failure,
    );
    assert.deepEqual(events, [{ data: 'before', event: undefined, id: undefined }]);
  });

  it('closes the body when the consumer stops early', async () => {
    let closed = false;
    async function* body(): AsyncGenerator<Uint8Array> {
      try {
        for (let i = 0; ; i++) yield encoder.encode(`data: ${i}\n\n`);
      } finally {
        closed = true;
      }
    }
    const seen: string[] = [];
    for await (const event of readSSE(body())) {
      seen.push(event.data);
      if (seen.length === 3) break;
    }
    assert.deepEqual(seen, ['0', '1', '2']);
    assert.equal(closed, true);
  });

  it('ends cleanly on an empty body', async () => {
    assert.deepEqual(await collect(readSSE(chunksOf())), []);
  });
});
