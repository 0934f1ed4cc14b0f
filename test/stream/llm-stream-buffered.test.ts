/**
 * A stream over another (the Router's over its client's) takes the chunks the inner one has
 * already parsed without an async hop per chunk, and loses nothing of the inner one's checks.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { InvalidResponseError } from '../../src/base/errors.js';
import type { ChatCompletionChunk } from '../../src/base/types.js';
import { deferredStream } from '../../src/providers/openai/deferred-stream.js';
import { type BatchIterator, iterateBatches } from '../../src/stream/iterate-batches.js';
import { LlmStream } from '../../src/stream/llm-stream.js';
import { batchSourceOf } from '../helpers/batch-source.js';

const chunk = (content: string): ChatCompletionChunk => ({
  id: 'c1',
  object: 'chat.completion.chunk',
  created: 1,
  model: 'm',
  choices: [{ index: 0, delta: { content }, finish_reason: null }],
});

/** An LlmStream over one batch of `chunks`, as one network read would hand them over. */
function streamOf(chunks: unknown[]): LlmStream {
  let read = false;
  const nextBatch = async (): Promise<ChatCompletionChunk[] | undefined> => {
    if (read) return undefined;
    read = true;
    return chunks as ChatCompletionChunk[];
  };
  return new LlmStream({ maxRetries: 0, open: () => iterateBatches(batchSourceOf(nextBatch)) });
}

describe('LlmStream buffered chunks', () => {
  it('hands out the chunks of one read through nextBuffered, in order, and folds them', async () => {
    const inner = streamOf([chunk('a'), chunk('b'), chunk('c')]);
    const it = inner[Symbol.asyncIterator]() as BatchIterator<ChatCompletionChunk>;
    // Nothing is buffered before the first read.
    assert.equal(it.nextBuffered(), undefined);
    const first = await it.next();
    assert.equal(first.done, false);
    assert.equal(it.nextBuffered()?.value.choices[0]?.delta.content, 'b');
    assert.equal(it.nextBuffered()?.value.choices[0]?.delta.content, 'c');
    assert.equal(it.nextBuffered(), undefined);
    assert.deepEqual(await it.next(), { value: undefined, done: true });
    assert.equal((await inner.finalResponse()).choices[0]?.message.content, 'abc');
  });

  it('fails the stream at a buffered chunk that cannot be used: the next next() rejects with the typed error, with what had arrived', async () => {
    const inner = streamOf([chunk('a'), { choices: 'not a list' }, chunk('c')]);
    const it = inner[Symbol.asyncIterator]() as BatchIterator<ChatCompletionChunk>;
    await it.next();
    assert.equal(it.nextBuffered(), undefined);
    const failure = await it.next().then(
      () => assert.fail('expected a rejection'),
      (error: unknown) => error,
    );
    assert.ok(failure instanceof InvalidResponseError);
    assert.equal(failure.partialResponse?.choices[0]?.message.content, 'a');
    await assert.rejects(inner.finalResponse(), InvalidResponseError);
    assert.deepEqual(await it.next(), { value: undefined, done: true });
  });

  it('a stream over a stream reads every chunk of one read through both without a second async hop', async () => {
    const inner = streamOf([chunk('a'), chunk('b'), chunk('c'), chunk('d')]);
    let hops = 0;
    const outer = new LlmStream({
      maxRetries: 0,
      open: () => {
        const source = inner[Symbol.asyncIterator]() as BatchIterator<ChatCompletionChunk>;
        // Counts the chunks the outer stream had to wait for.
        return {
          next: () => {
            hops++;
            return source.nextBuffered() !== undefined ? assert.fail('next() while a chunk was buffered') : source.next();
          },
          nextBuffered: () => source.nextBuffered(),
          return: () => source.return!(),
          [Symbol.asyncIterator]() {
            return this;
          },
        } as BatchIterator<ChatCompletionChunk>;
      },
    });
    let text = '';
    for await (const c of outer) text += c.choices[0]?.delta.content ?? '';
    assert.equal(text, 'abcd');
    // One wait for the first chunk, one for the end: b, c and d came from the buffer.
    assert.equal(hops, 2);
    assert.equal((await outer.finalResponse()).choices[0]?.message.content, 'abcd');
  });

  it("an OpenAI deferred stream hands out its source's buffered chunks once the source is open", async () => {
    const batches = [[1, 2, 3]];
    const deferred = deferredStream(async () => iterateBatches(batchSourceOf(async () => batches.shift())));
    assert.equal(deferred.nextBuffered(), undefined);
    assert.deepEqual(await deferred.next(), { value: 1, done: false });
    assert.deepEqual(deferred.nextBuffered(), { value: 2, done: false });
    assert.deepEqual(await deferred.next(), { value: 3, done: false });
    await deferred.return?.();
  });
});
