// The pure parts of the kit: stream and response shape, comparisons, their messages.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkResponseShape, checkStreamShape } from '../../src/testing/check-shape.js';
import {
  compareError,
  compareToolCalls,
  compareUsage,
  describeDifferences,
  describeStringDifference,
} from '../../src/testing/compare-response.js';
import type { ChatCompletionChunk, ModelResponse } from '../../src/base/types.js';

const chunk = (delta: Record<string, unknown>, finish: string | null = null, extra: Record<string, unknown> = {}): ChatCompletionChunk =>
  ({
    id: 'c',
    object: 'chat.completion.chunk',
    created: 1,
    model: 'm',
    choices: [{ index: 0, delta, finish_reason: finish }],
    ...extra,
  }) as unknown as ChatCompletionChunk;

const response = (message: Record<string, unknown>, extra: Record<string, unknown> = {}): ModelResponse =>
  ({
    id: 'r',
    object: 'chat.completion',
    created: 1,
    model: 'm',
    choices: [
      { index: 0, message: { role: 'assistant', content: null, refusal: null, ...message }, finish_reason: 'stop', logprobs: null },
    ],
    ...extra,
  }) as unknown as ModelResponse;

describe('stream shape', () => {
  it('accepts a well-formed stream', () => {
    assert.deepEqual(
      checkStreamShape(
        [
          chunk({ role: 'assistant', content: '' }),
          chunk({ content: 'Hi' }),
          chunk({}, 'stop'),
          { ...chunk({}), choices: [], usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 } },
        ],
        { minContentChunks: 1 },
      ),
      [],
    );
  });

  it('names each broken invariant', () => {
    const problems = checkStreamShape(
      [
        { ...chunk({ content: 'a' }), object: 'chat.completion' } as unknown as ChatCompletionChunk,
        chunk({ tool_calls: [{ index: 0, function: { arguments: '{' } }] }),
        chunk({ tool_calls: [{ function: { arguments: '}' } }] }),
        chunk({}, 'stop'),
        chunk({}, 'eos'),
        { ...chunk({}), usage: { prompt_tokens: '3' } } as unknown as ChatCompletionChunk,
      ],
      { minContentChunks: 2, minToolArgumentChunks: 3 },
    );
    assert.deepEqual(problems, [
      'chunk 0.object: expected "chat.completion.chunk", got "chat.completion"',
      'chunk 1: the first fragment of tool call 0 must carry its id',
      'chunk 1: the first fragment of tool call 0 must carry its function name',
      'chunk 2.delta.tool_calls[]: every fragment needs its call\'s index, got {"function":{"arguments":"}"}}',
      'chunk 4.finish_reason: expected one of stop, length, tool_calls, content_filter, function_call, got "eos"',
      'chunk 4: choice 0 finished a second time (eos)',
      'chunk 5.usage.prompt_tokens: expected a number, got "3"',
      'chunk 5.usage.completion_tokens: expected a number, got undefined',
      'chunk 5.usage.total_tokens: expected a number, got undefined',
      'expected the text in at least 2 chunks (streamed as it arrives), got 1',
      'expected tool-call arguments in at least 3 chunks (fragments passed on as they arrive), got 1',
    ]);
    assert.deepEqual(checkStreamShape([], undefined), ['the stream yielded no chunks']);
    assert.deepEqual(checkStreamShape([chunk({ content: 'x' })], undefined), ['no chunk carried a finish_reason']);
  });
});

describe('response shape', () => {
  it('accepts a chat.completion and names what is off in another', () => {
    assert.deepEqual(
      checkResponseShape(response({ content: 'Hi' }, { usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 } })),
      [],
    );
    assert.deepEqual(
      checkResponseShape({
        ...response({ tool_calls: [{ id: '', type: 'function', function: { name: 'f', arguments: {} } }] }),
        object: 'message',
        created: '1',
      }),
      [
        'object: expected "chat.completion", got "message"',
        'created: expected a number (Unix seconds), got "1"',
        'choices[0].message.tool_calls[0].id: expected a non-empty string, got ""',
        'choices[0].message.tool_calls[0].function.arguments: expected a JSON string, got {}',
      ],
    );
    assert.deepEqual(checkResponseShape(undefined), ['complete() must return an object, got undefined']);
  });
});

describe('comparisons', () => {
  it('tool calls compare arguments as JSON values and report what differs', () => {
    const actual = response({
      tool_calls: [
        { id: 't1', type: 'function', function: { name: 'get', arguments: '{"b":2, "a":1}' } },
        { id: 't2', type: 'function', function: { name: 'put', arguments: '{"a":' } },
      ],
    });
    const same = compareToolCalls(
      {
        tool_calls: [
          { name: 'get', arguments: { a: 1, b: 2 } },
          { name: 'put', arguments: { a: 1 } },
        ],
      },
      actual,
    );
    assert.equal(
      describeDifferences(same.differences),
      'tool_calls[1].function.arguments: expected "{\\"a\\":1}", got "not JSON: {\\"a\\":"',
    );
    const fewer = compareToolCalls({ tool_calls: [{ id: 'x', name: 'get', arguments: { a: 1, b: 2 } }] }, actual);
    assert.equal(describeDifferences(fewer.differences), 'tool_calls.length: expected 1, got 2; tool_calls[0].id: expected "x", got "t1"');
  });

  it('usage compares the pinned fields only, nested ones by path', () => {
    const actual = response(
      {},
      { usage: { prompt_tokens: 5, completion_tokens: 2, total_tokens: 7, prompt_tokens_details: { cached_tokens: 1 } } },
    );
    assert.deepEqual(compareUsage({ usage: { prompt_tokens: 5 } }, actual).differences, []);
    assert.equal(
      describeDifferences(compareUsage({ usage: { total_tokens: 8, prompt_tokens_details: { cached_tokens: 0 } } }, actual).differences),
      'usage.total_tokens: expected 8, got 7; usage.prompt_tokens_details.cached_tokens: expected 0, got 1',
    );
  });

  it('errors compare by class name and the pinned fields; the message rides along', () => {
    const error = Object.assign(new Error('429 from x: slow'), { name: 'RateLimitError', status: 429, retryable: true });
    const comparison = compareError({ name: 'RateLimitError', status: 429, retryAfterMs: 1000 }, error, undefined);
    assert.equal(describeDifferences(comparison.differences), 'retryAfterMs: expected 1000, got undefined');
    assert.equal(comparison.actual['message'], '429 from x: slow');
    assert.equal(
      describeDifferences(compareError({ name: 'X', partialText: 'ab' }, error, 'a').differences),
      'name: expected "X", got "RateLimitError"; partialText: expected "ab", got "a"',
    );
  });

  it('long strings are shown around their first difference', () => {
    const a = `${'x'.repeat(100)}abc${'y'.repeat(50)}`;
    const b = `${'x'.repeat(100)}abd${'y'.repeat(50)}`;
    assert.equal(
      describeStringDifference(a, b),
      `differs at character 102 (expected length 153, got 153): expected "…${'x'.repeat(18)}abc${'y'.repeat(19)}…", got "…${'x'.repeat(18)}abd${'y'.repeat(19)}…"`,
    );
  });
});
