/**
 * The SSE chunk loop maps the events of each read, in order, and hands their chunks out: a
 * failure of the source's `map` comes after the chunks mapped before it, and nothing after a
 * failure or the terminator is mapped at all.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ChatCompletionChunk } from '../../src/base/types.js';
import { streamSSEChunks } from '../../src/stream/stream-sse-chunks.js';
import type { TransportResponse } from '../../src/transport/transport-types.js';

const chunkOf = (text: string): ChatCompletionChunk => ({
  id: 'c',
  object: 'chat.completion.chunk',
  created: 1,
  model: 'm',
  choices: [{ index: 0, delta: { content: text }, finish_reason: null }],
});

/** A body of `reads`, each one network read holding whole events (`data: <word>`). */
function bodyOf(reads: string[][]): TransportResponse {
  const parts = reads.map((events) => new TextEncoder().encode(events.map((e) => `data: ${e}\n\n`).join('')));
  const body: AsyncIterator<Uint8Array> = {
    next: async () => {
      const part = parts.shift();
      return part === undefined ? { value: undefined, done: true } : { value: part, done: false };
    },
    return: async () => ({ value: undefined, done: true }),
  };
  return {
    status: 200,
    headers: { 'content-type': 'text/event-stream' },
    body: { [Symbol.asyncIterator]: () => body },
    text: async () => '',
    cancel: () => undefined,
  };
}

/** Streams `reads`; `map` throws on `boom`, ends on `END`; returns what was handed out and what was mapped. */
async function run(reads: string[][]): Promise<{ texts: string[]; mapped: string[]; error: unknown }> {
  const mapped: string[] = [];
  const texts: string[] = [];
  const stream = streamSSEChunks({
    open: async () => bodyOf(reads),
    map: ({ data }, out) => {
      mapped.push(data);
      if (data === 'boom') throw new Error('boom');
      if (data === 'END') return false;
      out.push(chunkOf(data));
      return true;
    },
    complete: () => true,
    truncated: () => new Error('truncated') as never,
  });
  let error: unknown;
  try {
    for await (const chunk of stream) texts.push(chunk.choices[0]!.delta.content!);
  } catch (caught) {
    error = caught;
  }
  return { texts, mapped, error };
}

describe('the SSE chunk loop maps events in order', () => {
  it('hands out every chunk of every read in order', async () => {
    const { texts, error } = await run([['a', 'b'], ['c'], ['d', 'e', 'f']]);
    assert.equal(error, undefined);
    assert.deepEqual(texts, ['a', 'b', 'c', 'd', 'e', 'f']);
  });

  it('a failure mid-read comes after the chunks mapped before it, and nothing after it is mapped', async () => {
    const { texts, mapped, error } = await run([['a'], ['b', 'c', 'boom', 'd'], ['e']]);
    assert.deepEqual(texts, ['a', 'b', 'c']);
    assert.equal((error as Error).message, 'boom');
    assert.deepEqual(mapped, ['a', 'b', 'c', 'boom']);
  });

  it('a failure that opens a read comes right after the read before it', async () => {
    const { texts, mapped, error } = await run([
      ['a', 'b'],
      ['boom', 'c'],
    ]);
    assert.deepEqual(texts, ['a', 'b']);
    assert.equal((error as Error).message, 'boom');
    assert.deepEqual(mapped, ['a', 'b', 'boom']);
  });

  it('nothing after the terminator is mapped, in its read or later', async () => {
    const { texts, mapped, error } = await run([['a', 'END', 'b'], ['c']]);
    assert.equal(error, undefined);
    assert.deepEqual(texts, ['a']);
    assert.deepEqual(mapped, ['a', 'END']);
  });
});
