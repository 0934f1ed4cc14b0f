/**
 * After its terminator a stream reads the rest of its body in the background (so the connection
 * can be reused), under one timer shared by every stream: a body still talking is cut after
 * about a second, and the timer stops with the last drain, so nothing is left running that
 * could hold a process open where timers cannot be unref'd. A body already at its end (the
 * usual case: the end arrives with the terminator) is drained without arming the timer.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import type { ChatCompletionChunk } from '../../src/base/types.js';
import { streamSSEChunks } from '../../src/stream/stream-sse-chunks.js';
import type { TransportResponse } from '../../src/transport/transport-types.js';

const encode = (text: string): Uint8Array => new TextEncoder().encode(text);
const EVENT = `data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta: { content: 'hi' }, finish_reason: 'stop' }] })}\n\n`;

/**
 * A body that sends one event and [DONE], then either ends or stays open without a word until
 * it is cancelled (it waits on no timer of its own, so the test counts only llmux's).
 */
function response(after: 'end' | 'open'): { response: TransportResponse; cancelled: () => boolean; reads: () => number } {
  let cancelled = false;
  let reads = 0;
  let release: (() => void) | undefined;
  const parts = [encode(EVENT), encode('data: [DONE]\n\n')];
  const body: AsyncIterator<Uint8Array> = {
    next: async () => {
      reads++;
      const part = parts.shift();
      if (part !== undefined) return { value: part, done: false };
      if (after === 'open' && !cancelled) await new Promise<void>((resolve) => (release = resolve));
      return { value: undefined, done: true };
    },
  };
  return {
    response: {
      status: 200,
      headers: { 'content-type': 'text/event-stream' },
      body: { [Symbol.asyncIterator]: () => body },
      text: async () => '',
      cancel: () => {
        cancelled = true;
        release?.();
      },
    },
    cancelled: () => cancelled,
    reads: () => reads,
  };
}

function streamOver(answer: TransportResponse): AsyncIterableIterator<ChatCompletionChunk> {
  return streamSSEChunks({
    open: async () => answer,
    map: ({ data }, out) => {
      if (data === '[DONE]') return false;
      out.push(JSON.parse(data) as ChatCompletionChunk);
      return true;
    },
    complete: () => true,
    truncated: () => new Error('truncated') as never,
  });
}

/**
 * Intervals llmux has running, counted through the globals it calls: its drain timer is unref'd,
 * so Node's own list of what keeps the loop alive would not show it.
 */
let running = 0;
/** Intervals started, ever. */
let started = 0;
const realSetInterval = globalThis.setInterval;
const realClearInterval = globalThis.clearInterval;
const live = new Set<unknown>();
globalThis.setInterval = ((...args: Parameters<typeof setInterval>) => {
  started++;
  const handle = realSetInterval(...args);
  live.add(handle);
  running = live.size;
  return handle;
}) as typeof setInterval;
globalThis.clearInterval = ((handle?: Parameters<typeof clearInterval>[0]) => {
  live.delete(handle);
  running = live.size;
  realClearInterval(handle);
}) as typeof clearInterval;
after(() => {
  globalThis.setInterval = realSetInterval;
  globalThis.clearInterval = realClearInterval;
});
const timers = (): number => running;

describe('draining a body after its terminator', () => {
  it('reads a body that ends to its end, and leaves no timer behind', async () => {
    const before = timers();
    const startedBefore = started;
    const answer = response('end');
    const chunks: ChatCompletionChunk[] = [];
    for await (const chunk of streamOver(answer.response)) chunks.push(chunk);
    assert.equal(chunks.length, 1);
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(answer.reads(), 3, 'the event, [DONE], then the end of the body');
    assert.equal(answer.cancelled(), false, 'a body that ended is not cut');
    assert.equal(timers(), before, 'the shared timer stopped with the last drain');
    assert.equal(started, startedBefore, 'a body whose end is read at once needs no timer at all');
  });

  it('cuts a body left open after about a second, many streams under one timer', async () => {
    const before = timers();
    const answers = Array.from({ length: 20 }, () => response('open'));
    const started = Date.now();
    await Promise.all(
      answers.map(async (answer) => {
        for await (const _ of streamOver(answer.response));
      }),
    );
    // Every stream is done; their bodies drain in the background under one timer, not twenty.
    assert.equal(timers(), before + 1, 'one timer for 20 draining bodies');
    while (answers.some((a) => !a.cancelled()) && Date.now() - started < 5_000) await new Promise((r) => setTimeout(r, 50));
    const elapsed = Date.now() - started;
    assert.ok(
      answers.every((a) => a.cancelled()),
      'every open body was cut',
    );
    assert.ok(elapsed >= 900 && elapsed < 2_600, `cut after ${elapsed} ms (one to two seconds expected)`);
    await new Promise((resolve) => setTimeout(resolve, 120));
    assert.equal(timers(), before, 'the shared timer stopped with the last drain');
  });
});
