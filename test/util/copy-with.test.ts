// Objects llmux makes per call or per event keep one hidden class across calls (see copyWith): on
// Node 20 a `{ ...base, extra }` copy gets a hidden class of its own once its function has warmed
// up, which costs about a kilobyte of old-generation maps per call. V8's own check, with natives
// syntax switched on for this file's process only, says whether two objects share one.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setFlagsFromString } from 'node:v8';
import { createClient } from '../../src/index.js';
import type { AdapterContext, ProviderAdapter } from '../../src/providers/adapter-types.js';
import type { ChatCompletionChunk } from '../../src/base/types.js';
import type { ChunkEvent, StreamEndEvent } from '../../src/callbacks/callback-types.js';
import { copyWith } from '../../src/util/copy-with.js';

setFlagsFromString('--allow-natives-syntax');
// Compiled after the flag is set: natives syntax only parses in code compiled with it on.
const sameHiddenClass = new Function('a', 'b', 'return %HaveSameMap(a, b)') as (a: object, b: object) => boolean;

/** How many of `objects` have a hidden class other than the last one's. */
const outliers = (objects: readonly object[]): number => objects.filter((o) => !sameHiddenClass(o, objects.at(-1)!)).length;

const CALLS = 60;

describe('copyWith', () => {
  it('is the spread: the same keys in the same order, later fields winning', () => {
    const base = { a: 1, b: 2, signal: undefined as unknown };
    const copy = copyWith(base, { signal: 'x', extra: true });
    assert.deepEqual(Object.entries(copy), Object.entries({ ...base, signal: 'x', extra: true }));
    assert.notEqual(copy, base);
    assert.equal(base.signal, undefined);
  });

  it('gives every copy of one shape the same hidden class, long after its caller warmed up', () => {
    const copies = Array.from({ length: CALLS * 4 }, (_, i) => copyWith({ a: i, b: 'x' }, { c: i, d: [i] }));
    assert.equal(outliers(copies.slice(CALLS)), 0);
  });
});

describe('per-call objects of a client keep one hidden class', () => {
  const chunk = (i: number): ChatCompletionChunk => ({
    id: 'c',
    object: 'chat.completion.chunk',
    created: 1,
    model: 'm',
    choices: [{ index: 0, delta: { content: `w${i}` }, finish_reason: i === 1 ? 'stop' : null }],
  });
  const contexts: AdapterContext[] = [];
  const adapter: ProviderAdapter = {
    specificationVersion: 'v1',
    provider: 'custom',
    complete() {
      throw new Error('not used');
    },
    async *stream(_request, context) {
      contexts.push(context);
      yield chunk(0);
      yield chunk(1);
    },
  };

  it('the context an adapter streams with, and the events callbacks receive', async () => {
    const chunkEvents: ChunkEvent[] = [];
    const endEvents: StreamEndEvent[] = [];
    const client = createClient({
      env: {},
      providers: { custom: { adapter, baseURL: 'http://127.0.0.1:9/v1' } },
      callbacks: { onChunk: (e) => void chunkEvents.push(e), onStreamEnd: (e) => void endEvents.push(e) },
    });
    for (let i = 0; i < CALLS; i++) {
      let text = '';
      for await (const c of client.stream({ model: 'custom/m', messages: [{ role: 'user', content: 'hi' }] }))
        text += c.choices[0]?.delta.content ?? '';
      assert.equal(text, 'w0w1');
    }
    assert.equal(contexts.length, CALLS);
    assert.equal(outliers(contexts.slice(CALLS / 2)), 0, 'adapter contexts');
    assert.equal(outliers(chunkEvents.slice(CALLS)), 0, 'onChunk events');
    assert.equal(outliers(endEvents.slice(CALLS / 2)), 0, 'onStreamEnd events');
  });
});
