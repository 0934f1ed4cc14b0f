// The accumulator folds a plain text delta (one choice at index 0, a string content, nothing
// else) on a short path of its own, and every other chunk on the full one (see ChunkFold.add).
// These pin that the two agree: a chunk folds the same whichever path takes it. The oracle is the
// same chunk with an empty tool_calls list added to its delta, which sends it down the full path
// and adds nothing to the fold.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { InvalidResponseError } from '../../src/base/errors.js';
import type { ChatCompletionChunk } from '../../src/base/types.js';
import { createChunkAccumulator } from '../../src/stream/accumulate-chunks.js';

type Loose = Record<string, unknown>;

const chunk = (choice: unknown, extra: Loose = {}): Loose => ({
  id: 'chatcmpl-1',
  object: 'chat.completion.chunk',
  created: 1_700_000_000,
  model: 'gpt-4o-mini',
  choices: [choice],
  ...extra,
});
const text = (content: unknown, extra: Loose = {}, delta: Loose = {}): Loose =>
  chunk({ index: 0, delta: { content, ...delta }, finish_reason: null, ...extra });

/** The chunk with `tool_calls: []` added to each choice's delta: the full path, the same fold. */
function throughFullPath(value: Loose): Loose {
  const copy = structuredClone(value);
  for (const c of copy['choices'] as Loose[]) {
    if (typeof c === 'object' && c !== null && typeof c['delta'] === 'object' && c['delta'] !== null)
      (c['delta'] as Loose)['tool_calls'] = [];
  }
  return copy;
}

/**
 * Folds a role chunk, `chunks`, and a finish chunk; returns the chunks as folded (an index may
 * be filled in) and the outcome: the snapshot before the finish chunk, and the result after it.
 */
function fold(chunks: Loose[]): { chunks: Loose[]; outcome: unknown } {
  const acc = createChunkAccumulator('openai');
  const all = [
    chunk({ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }),
    ...chunks.map((c) => structuredClone(c)),
  ];
  try {
    for (const c of all) acc.add(c as unknown as ChatCompletionChunk);
    const before = acc.snapshot();
    acc.add(chunk({ index: 0, delta: {}, finish_reason: 'stop' }) as unknown as ChatCompletionChunk);
    return { chunks: all, outcome: { count: acc.count, before, result: acc.result() } };
  } catch (error) {
    assert.ok(error instanceof InvalidResponseError, String(error));
    return { chunks: all, outcome: { refused: error.message, partial: error.partialResponse, count: acc.count } };
  }
}

const CASES: [string, Loose[]][] = [
  ['plain text deltas', [text('Hel'), text('lo'), text(', world')]],
  ['an empty content between texts', [text('a'), text(''), text('b')]],
  ['empty contents only (no text: content null)', [text(''), text('')]],
  ['text with non-ASCII and a NUL', [text('é€😀'), text('\u0000x')]],
  ['chunk fields that change along the way', [text('a', {}, {}), { ...text('b'), id: 'chatcmpl-2', model: 'gpt-4o', created: 5 }]],
  ['an empty id, model and created (kept from before)', [{ ...text('a'), id: '', model: '', created: 0 }]],
  [
    'a system_fingerprint, service_tier and upstream_provider',
    [{ ...text('a'), system_fingerprint: 'fp_1', service_tier: 'default', upstream_provider: 'x' }],
  ],
  ['a null system_fingerprint', [{ ...text('a'), system_fingerprint: null }]],
  ['warnings on a text chunk', [{ ...text('a'), warnings: [{ code: 'w', message: 'm' }] }]],
  ['usage: null and cost: null beside the text', [{ ...text('a'), usage: null, cost: null }]],
  ['null refusal and reasoning beside the text', [text('a', {}, { refusal: null, reasoning_content: null, reasoning_details: null })]],
  ['a falsy provider_blocks beside the text', [text('a', {}, { provider_blocks: 0 })]],
  ['a role in every delta', [text('a', {}, { role: 'assistant' }), text('b', {}, { role: 'assistant' })]],
  // Near misses: each must take the full path and fold as it always did.
  ['a choice without an index (filled in on the chunk)', [chunk({ delta: { content: 'a' }, finish_reason: null })]],
  ['a choice at index 1', [chunk({ index: 1, delta: { content: 'a' }, finish_reason: null })]],
  ['a finish_reason with the text', [text('a', { finish_reason: 'length' })]],
  ['a provider_finish_reason with the text', [text('a', { provider_finish_reason: 'eos' })]],
  ['usage with the text', [{ ...text('a'), usage: { prompt_tokens: 1, completion_tokens: 2, total_tokens: 3 } }]],
  ['a refusal with the text', [text('a', {}, { refusal: 'no' })]],
  ['reasoning with the text', [text('a', {}, { reasoning_content: 'think' })]],
  ['a content that is a number', [text(5)]],
  ['a content that is null', [text(null)]],
  ['a delta that is an array', [chunk({ index: 0, delta: ['a'], finish_reason: null })]],
  ['a choice that is an array', [{ ...chunk(null), choices: [['a']] }]],
  ['an index that is the string "0"', [chunk({ index: '0', delta: { content: 'a' }, finish_reason: null })]],
  [
    'two choices',
    [
      {
        ...chunk(null),
        choices: [
          { index: 0, delta: { content: 'a' } },
          { index: 1, delta: { content: 'b' } },
        ],
      },
    ],
  ],
];

describe('a plain text delta folds as any chunk does', () => {
  for (const [what, chunks] of CASES) {
    it(`folds ${what} as the full path does`, () => {
      const short = fold(chunks);
      const full = fold(chunks.map(throughFullPath));
      assert.deepEqual(short.outcome, full.outcome);
      // The chunks as the caller then reads them: the same, apart from the oracle's tool_calls.
      assert.deepEqual(
        short.chunks.map((c) => (c['choices'] as Loose[])?.map?.((x) => (typeof x === 'object' && x !== null ? x['index'] : x))),
        full.chunks.map((c) => (c['choices'] as Loose[])?.map?.((x) => (typeof x === 'object' && x !== null ? x['index'] : x))),
      );
    });
  }

  it('joins the text of plain deltas, keeps the last id and model, and counts every chunk', () => {
    const acc = createChunkAccumulator('openai');
    for (const c of [text('Hel'), { ...text('lo'), id: 'chatcmpl-2', model: 'gpt-4o' }, text('')])
      acc.add(c as unknown as ChatCompletionChunk);
    const snapshot = acc.snapshot();
    assert.equal(acc.count, 3);
    assert.equal(snapshot.id, 'chatcmpl-1');
    assert.equal(snapshot.model, 'gpt-4o-mini');
    assert.equal(snapshot.choices[0]!.message.content, 'Hello');
    acc.add({ ...text('!'), id: 'chatcmpl-2', model: 'gpt-4o' } as unknown as ChatCompletionChunk);
    assert.equal(acc.snapshot().id, 'chatcmpl-2');
    assert.equal(acc.snapshot().model, 'gpt-4o');
    assert.equal(acc.snapshot().choices[0]!.message.content, 'Hello!');
  });

  it('keeps a choice whose deltas were all empty, with content null', () => {
    const acc = createChunkAccumulator('openai');
    acc.add(text('') as unknown as ChatCompletionChunk);
    acc.add(text('') as unknown as ChatCompletionChunk);
    assert.deepEqual(
      acc.snapshot().choices.map((c) => c.message.content),
      [null],
    );
  });

  it('fills in a missing choice index as 0, on the chunk itself', () => {
    const { chunks } = fold([chunk({ delta: { content: 'a' }, finish_reason: null })]);
    assert.equal((chunks[1]!['choices'] as Loose[])[0]!['index'], 0);
  });

  it('refuses a content that is a number, keeping the text before it', () => {
    const { outcome } = fold([text('kept'), text(5)]);
    const { refused, partial, count } = outcome as {
      refused: string;
      partial: { choices: { message: { content: string } }[] };
      count: number;
    };
    assert.match(refused, /content is a number, not a string/);
    assert.equal(partial.choices[0]!.message.content, 'kept');
    assert.equal(count, 2);
  });
});
