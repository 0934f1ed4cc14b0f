import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { createChunkAccumulator } from '../../src/stream/accumulate-chunks.js';
import type { ChatCompletionChunk } from '../../src/base/types.js';

const fixture = (name: string): ChatCompletionChunk[] =>
  readFileSync(new URL(`../../../test/__fixtures__/openai/${name}`, import.meta.url), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));

describe('createChunkAccumulator', () => {
  it('joins text and keeps usage and metadata', () => {
    const acc = createChunkAccumulator('openai');
    for (const c of fixture('text.chunks.txt')) acc.add(c);
    const r = acc.result();
    assert.equal(r.choices[0]?.message.content, 'Hello! How can I help you today — café ☕ 🚀?');
    assert.equal(r.choices[0]?.finish_reason, 'stop');
    assert.equal(r.usage?.total_tokens, 32);
    assert.equal(r.id, 'chatcmpl-BZ9kLm2xQ7');
    assert.equal(r.object, 'chat.completion');
    assert.equal(r.model, 'gpt-4o-mini-2024-07-18');
    assert.equal(r.system_fingerprint, 'fp_34a54ae93c');
    assert.equal(r.provider, 'openai');
  });
  it('merges tool-call fragments by index, keeping ids', () => {
    const acc = createChunkAccumulator();
    for (const c of fixture('tool-calls.chunks.txt')) acc.add(c);
    const m = acc.result().choices[0]?.message;
    assert.equal(m?.content, null);
    assert.deepEqual(m?.tool_calls, [
      { id: 'call_6fQ2mVd1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris Île","unit":"c"}' } },
      { id: 'call_Zp91kA7x', type: 'function', function: { name: 'get_time', arguments: '{"tz":"Europe/Paris"}' } },
    ]);
    assert.equal(acc.result().choices[0]?.finish_reason, 'tool_calls');
    assert.equal(acc.result().usage?.prompt_tokens_details?.cached_tokens, 64);
  });
  it('a snapshot mid-way has no finish reason; result() of a stream without one says stop', () => {
    const acc = createChunkAccumulator();
    const chunks = fixture('text.chunks.txt');
    for (const c of chunks.slice(0, 4)) acc.add(c);
    assert.equal(acc.snapshot().choices[0]?.finish_reason, null);
    assert.equal(acc.snapshot().choices[0]?.message.content, 'Hello! How');
    assert.equal(acc.result().choices[0]?.finish_reason, 'stop');
    assert.equal(acc.count, 4);
  });
  it('does not duplicate a tool name repeated on every fragment', () => {
    const acc = createChunkAccumulator();
    const base = { id: 'x', object: 'chat.completion.chunk' as const, created: 1, model: 'm' };
    acc.add({
      ...base,
      choices: [
        { index: 0, delta: { tool_calls: [{ index: 0, id: 'c1', function: { name: 'f', arguments: '{"a":' } }] }, finish_reason: null },
      ],
    });
    acc.add({
      ...base,
      choices: [{ index: 0, delta: { tool_calls: [{ index: 0, function: { name: 'f', arguments: '1}' } }] }, finish_reason: null }],
    });
    assert.deepEqual(acc.result().choices[0]?.message.tool_calls?.[0]?.function, { name: 'f', arguments: '{"a":1}' });
  });
  it('keeps reasoning text and signed reasoning blocks', () => {
    const acc = createChunkAccumulator();
    const base = { id: 'x', object: 'chat.completion.chunk' as const, created: 1, model: 'm' };
    acc.add({
      ...base,
      choices: [
        {
          index: 0,
          delta: { reasoning_content: 'Let me ', reasoning_details: [{ type: 'thinking', thinking: 'Let me ' }] },
          finish_reason: null,
        },
      ],
    });
    acc.add({
      ...base,
      choices: [
        {
          index: 0,
          delta: { reasoning_content: 'think.', reasoning_details: [{ type: 'thinking', thinking: 'think.' }] },
          finish_reason: null,
        },
      ],
    });
    acc.add({
      ...base,
      choices: [{ index: 0, delta: { reasoning_details: [{ type: 'thinking', signature: 'sig123' }] }, finish_reason: null }],
    });
    acc.add({ ...base, choices: [{ index: 0, delta: { content: 'Done' }, finish_reason: 'stop' }] });
    const m = acc.result().choices[0]?.message;
    assert.equal(m?.reasoning_content, 'Let me think.');
    assert.deepEqual(m?.reasoning_details, [{ type: 'thinking', thinking: 'Let me think.', signature: 'sig123' }]);
  });
});
