import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { generateReply, greeting } from '../../src/mock-server/generate-reply.js';
import { splitIntoSlices, splitIntoWords } from '../../src/mock-server/split-into-pieces.js';
import type { ConversationView } from '../../src/mock-server/generate-reply.js';

const base: ConversationView = {
  lastUserText: 'hi',
  lastToolResult: undefined,
  tools: [],
  toolChoice: { type: 'auto' },
  responseFormat: undefined,
  maxTokens: undefined,
  stopSequences: [],
  promptChars: 9,
};
const tool = { name: 'lookup', parameters: { type: 'object', properties: { q: { type: 'string' } } } };
const text = (view: Partial<ConversationView>): string => {
  const reply = generateReply({ ...base, ...view });
  assert.equal(reply.kind, 'text');
  return reply.pieces.join('');
};

describe('generateReply', () => {
  test('greets and echoes the user, counting tokens deterministically', () => {
    const reply = generateReply(base);
    assert.deepEqual(reply, {
      kind: 'text',
      pieces: splitIntoWords(`${greeting}hi`),
      finish: 'stop',
      stopSequence: undefined,
      usage: { promptTokens: 3, completionTokens: 9 },
    });
    assert.deepEqual(generateReply(base), reply);
  });

  test('calls a tool unless tool choice is none or a tool result just came back', () => {
    const call = generateReply({ ...base, tools: [tool] });
    assert.equal(call.kind, 'tool_call');
    assert.equal(call.kind === 'tool_call' && call.argumentPieces.join(''), '{"q":"example"}');
    assert.equal(call.finish, 'tool_calls');
    assert.equal(generateReply({ ...base, tools: [tool], toolChoice: { type: 'none' } }).kind, 'text');
    assert.equal(text({ tools: [tool], lastToolResult: '42' }), 'Tool result received: 42');
  });

  test('answers JSON for a response format, even after a tool result', () => {
    assert.equal(text({ responseFormat: { type: 'json_object' } }), '{"reply":"hi"}');
    assert.equal(
      text({
        responseFormat: { type: 'json_schema', schema: { type: 'object', properties: { n: { type: 'integer' } } } },
        lastToolResult: 'x',
      }),
      '{"n":1}',
    );
  });

  test('stops at max tokens before a stop sequence would', () => {
    const cut = generateReply({ ...base, maxTokens: 2 });
    assert.equal(cut.finish, 'length');
    assert.equal(cut.kind === 'text' && cut.pieces.join(''), 'Hello from');
    const stopped = generateReply({ ...base, stopSequences: ['server', 'llmux'] });
    assert.equal(stopped.kind === 'text' && stopped.stopSequence, 'llmux');
    assert.equal(text({ stopSequences: ['llmux'] }), 'Hello from the ');
    const both = generateReply({ ...base, maxTokens: 1, stopSequences: ['mock'] });
    assert.equal(both.finish, 'length');
    assert.equal(both.kind === 'text' && both.stopSequence, undefined);
  });
});

describe('splitting into pieces', () => {
  test('word pieces join back to the exact text', () => {
    for (const sample of ['', ' ', 'one', '  lead and trail  ', 'tabs\tand\nnewlines', 'emoji 😀 and ünïcode']) {
      assert.equal(splitIntoWords(sample).join(''), sample);
    }
    assert.deepEqual(splitIntoWords('a bc  d '), ['a', ' bc', '  d ']);
  });

  test('slices never split a surrogate pair', () => {
    const sample = '{"x":"😀😀😀😀😀😀😀😀😀"}';
    const pieces = splitIntoSlices(sample, 3);
    assert.equal(pieces.join(''), sample);
    const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
    for (const piece of pieces) assert.doesNotMatch(piece, loneSurrogate);
  });
});
