// The accumulator checks each field of a chunk as it reads it, once, and folds the chunk only
// when all of it passed (see ChunkFold.add). These pin that its checks refuse exactly what
// describeInvalidChunk describes, with that description in the message, and that a refused
// chunk, one choice or several, leaves nothing of itself behind.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { InvalidResponseError } from '../../src/base/errors.js';
import type { ChatCompletionChunk } from '../../src/base/types.js';
import { createChunkAccumulator } from '../../src/stream/accumulate-chunks.js';
import { describeInvalidChunk } from '../../src/stream/check-chunk.js';

const chunk = (choices: unknown, extra: Record<string, unknown> = {}): ChatCompletionChunk =>
  ({ id: 'c', object: 'chat.completion.chunk', created: 1, model: 'm', choices, ...extra }) as unknown as ChatCompletionChunk;
const text = (content: string, index = 0): Record<string, unknown> => ({ index, delta: { content }, finish_reason: null });

const REFUSED: [string, unknown][] = [
  ['a chunk that is null', null],
  ['a chunk that is an array', []],
  ['usage that is a string', chunk([text('x')], { usage: 'lots' })],
  ['cost that is an array', chunk([text('x')], { cost: [] })],
  ['choices that is an object', chunk({ 0: text('x') })],
  ['a choice that is a number', chunk([7])],
  ['a choice index that is a string', chunk([{ index: '0', delta: { content: 'x' } }])],
  ['a choice index past 1023', chunk([{ index: 1024, delta: { content: 'x' } }])],
  ['a finish_reason that is a number', chunk([{ index: 0, delta: {}, finish_reason: 1 }])],
  ['a provider_finish_reason that is an object', chunk([{ index: 0, delta: {}, provider_finish_reason: {} }])],
  ['a delta that is an array', chunk([{ index: 0, delta: ['x'] }])],
  ['content that is a number', chunk([{ index: 0, delta: { content: 5 } }])],
  ['refusal that is an object', chunk([{ index: 0, delta: { refusal: {} } }])],
  ['reasoning_content that is true', chunk([{ index: 0, delta: { reasoning_content: true } }])],
  ['reasoning_details that is a string', chunk([{ index: 0, delta: { reasoning_details: 'x' } }])],
  ['annotations holding null', chunk([{ index: 0, delta: { content: 'x', annotations: [null] } }])],
  ['a tool call whose index is negative', chunk([{ index: 0, delta: { tool_calls: [{ index: -1, function: { arguments: '{}' } }] } }])],
  ['a second choice with content that is a number', chunk([text('second', 0), { index: 1, delta: { content: 5 } }])],
  ['a second choice whose tool call is null', chunk([text('second', 0), { index: 1, delta: { tool_calls: [null] } }])],
];

describe('the accumulator checks a chunk before folding any of it', () => {
  for (const [what, bad] of REFUSED) {
    it(`refuses ${what}, saying what describeInvalidChunk says, and keeps what came before`, () => {
      const acc = createChunkAccumulator('openai');
      acc.add(chunk([text('first')], { id: 'first-id' }));
      const problem = describeInvalidChunk(bad);
      assert.notEqual(problem, undefined, 'the case is one describeInvalidChunk refuses');
      assert.throws(
        () => acc.add(bad as ChatCompletionChunk),
        (error: unknown) =>
          error instanceof InvalidResponseError &&
          error.message === `openai sent a stream chunk that cannot be used: ${problem}` &&
          error.partialResponse?.choices[0]?.message.content === 'first',
      );
      const after = acc.snapshot();
      assert.equal(acc.count, 1);
      assert.equal(after.id, 'first-id');
      assert.deepEqual(
        after.choices.map((c) => c.message.content),
        ['first'],
      );
      assert.equal(after.usage, undefined);
    });
  }

  it('folds what it accepts: nulls, a missing index, tool calls and two choices', () => {
    const acc = createChunkAccumulator('openai');
    acc.add(chunk([{ delta: { role: 'assistant', content: 'Hel', refusal: null, reasoning_content: null }, finish_reason: null }]));
    acc.add(chunk([{ index: 0, delta: { content: 'lo', tool_calls: [{ index: 0, id: 't', function: { name: 'f', arguments: '{}' } }] } }]));
    acc.add(chunk([text('A', 0), text('B', 1)]));
    acc.add(chunk([{ index: 0, delta: null, finish_reason: 'stop', provider_finish_reason: 'end_turn' }], { usage: { prompt_tokens: 1 } }));
    const result = acc.result();
    assert.equal(result.choices[0]?.message.content, 'HelloA');
    assert.equal(result.choices[0]?.message.tool_calls?.[0]?.function.name, 'f');
    assert.equal(result.choices[0]?.finish_reason, 'stop');
    assert.equal(result.choices[0]?.provider_finish_reason, 'end_turn');
    assert.equal(result.choices[1]?.message.content, 'B');
    assert.deepEqual(result.usage, { prompt_tokens: 1 });
    assert.equal(acc.count, 4);
  });
});
