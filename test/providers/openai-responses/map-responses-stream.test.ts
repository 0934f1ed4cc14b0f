import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createResponsesStreamMapper } from '../../../src/providers/openai-responses/map-responses-stream.js';
import { createChunkAccumulator } from '../../../src/stream/accumulate-chunks.js';
import type { ChatCompletionChunk } from '../../../src/base/types.js';

class Failure extends Error {
  constructor(readonly failure: unknown) {
    super('failed');
  }
}

function run(events: unknown[]): { chunks: ChatCompletionChunk[]; ended: boolean } {
  const mapper = createResponsesStreamMapper((f) => new Failure(f));
  const chunks: ChatCompletionChunk[] = [];
  let ended = false;
  for (const event of events) {
    if (ended) break;
    ended = !mapper.map(event, chunks);
  }
  return { chunks, ended };
}

const response = { id: 'resp_1', object: 'response', created_at: 1760000000, model: 'o3-pro', status: 'in_progress', output: [] };
const usage = {
  input_tokens: 10,
  input_tokens_details: { cached_tokens: 2 },
  output_tokens: 20,
  output_tokens_details: { reasoning_tokens: 12 },
  total_tokens: 30,
};

export const TOOL_STREAM = [
  { type: 'response.created', sequence_number: 0, response },
  { type: 'response.in_progress', sequence_number: 1, response },
  {
    type: 'response.output_item.added',
    sequence_number: 2,
    output_index: 0,
    item: { type: 'reasoning', id: 'rs_1', summary: [], encrypted_content: 'STALE' },
  },
  {
    type: 'response.reasoning_summary_part.added',
    sequence_number: 3,
    item_id: 'rs_1',
    output_index: 0,
    summary_index: 0,
    part: { type: 'summary_text', text: '' },
  },
  { type: 'response.reasoning_summary_text.delta', sequence_number: 4, item_id: 'rs_1', output_index: 0, summary_index: 0, delta: 'Need ' },
  {
    type: 'response.reasoning_summary_text.delta',
    sequence_number: 5,
    item_id: 'rs_1',
    output_index: 0,
    summary_index: 0,
    delta: 'weather.',
  },
  {
    type: 'response.reasoning_summary_text.delta',
    sequence_number: 6,
    item_id: 'rs_1',
    output_index: 0,
    summary_index: 1,
    delta: 'Call it.',
  },
  {
    type: 'response.output_item.done',
    sequence_number: 7,
    output_index: 0,
    item: {
      type: 'reasoning',
      id: 'rs_1',
      summary: [
        { type: 'summary_text', text: 'Need weather.' },
        { type: 'summary_text', text: 'Call it.' },
      ],
      encrypted_content: 'ENC1',
    },
  },
  {
    type: 'response.output_item.added',
    sequence_number: 8,
    output_index: 1,
    item: { type: 'function_call', id: 'fc_1', call_id: 'call_1', name: 'weather', arguments: '', status: 'in_progress' },
  },
  { type: 'response.function_call_arguments.delta', sequence_number: 9, item_id: 'fc_1', output_index: 1, delta: '{"city":' },
  { type: 'response.some_future_event', sequence_number: 10, whatever: true },
  { type: 'response.function_call_arguments.delta', sequence_number: 11, item_id: 'fc_1', output_index: 1, delta: '"Paris"}' },
  { type: 'response.function_call_arguments.done', sequence_number: 12, item_id: 'fc_1', output_index: 1, arguments: '{"city":"Paris"}' },
  {
    type: 'response.output_item.done',
    sequence_number: 13,
    output_index: 1,
    item: { type: 'function_call', id: 'fc_1', call_id: 'call_1', name: 'weather', arguments: '{"city":"Paris"}', status: 'completed' },
  },
  {
    type: 'response.output_item.added',
    sequence_number: 14,
    output_index: 2,
    item: { type: 'function_call', id: 'fc_2', call_id: 'call_2', name: 'time', arguments: '' },
  },
  { type: 'response.function_call_arguments.done', sequence_number: 15, item_id: 'fc_2', output_index: 2, arguments: '{}' },
  { type: 'response.completed', sequence_number: 16, response: { ...response, status: 'completed', usage } },
];

describe('createResponsesStreamMapper', () => {
  it('tool calls by item, summaries as reasoning_content, encrypted content from the done event before its call, usage', () => {
    const { chunks, ended } = run(TOOL_STREAM);
    assert.equal(ended, true);
    assert.ok(
      chunks.every((c) => c.object === 'chat.completion.chunk' && c.id === 'resp_1' && c.model === 'o3-pro' && c.created === 1760000000),
    );
    assert.deepEqual(chunks[0]!.choices[0]!.delta, { role: 'assistant', content: '' });
    const details = chunks.findIndex((c) => c.choices[0]?.delta.reasoning_details !== undefined);
    const call = chunks.findIndex((c) => c.choices[0]?.delta.tool_calls?.[0]?.id === 'call_1');
    assert.equal(details + 1, call, 'the reasoning detail comes right before the call it led to');
    const acc = createChunkAccumulator('openai');
    for (const c of chunks) acc.add(c);
    const res = acc.result();
    const message = res.choices[0]!.message;
    assert.equal(message.reasoning_content, 'Need weather.\n\nCall it.');
    assert.deepEqual(message.tool_calls, [
      { id: 'call_1', type: 'function', function: { name: 'weather', arguments: '{"city":"Paris"}' } },
      { id: 'call_2', type: 'function', function: { name: 'time', arguments: '{}' } },
    ]);
    assert.deepEqual(message.reasoning_details, [
      {
        type: 'reasoning.encrypted',
        id: 'rs_1',
        data: 'ENC1',
        format: 'openai-responses-v1',
        index: 0,
        summary: 'Need weather.\n\nCall it.',
        tool_call_id: 'call_1',
      },
    ]);
    assert.equal(res.choices[0]!.finish_reason, 'tool_calls');
    assert.deepEqual(res.usage, {
      prompt_tokens: 10,
      completion_tokens: 20,
      total_tokens: 30,
      prompt_tokens_details: { cached_tokens: 2 },
      completion_tokens_details: { reasoning_tokens: 12 },
    });
  });

  it('text and refusal deltas, citations offset into the whole text, incomplete as length; stops at the terminator', () => {
    const { chunks, ended } = run([
      { type: 'response.created', response },
      { type: 'response.output_item.added', output_index: 0, item: { type: 'message', id: 'msg_1', role: 'assistant', content: [] } },
      { type: 'response.content_part.added', item_id: 'msg_1', output_index: 0, content_index: 0, part: { type: 'output_text', text: '' } },
      { type: 'response.output_text.delta', item_id: 'msg_1', output_index: 0, content_index: 0, delta: 'Hi. ' },
      { type: 'response.content_part.added', item_id: 'msg_1', output_index: 0, content_index: 1, part: { type: 'output_text', text: '' } },
      { type: 'response.output_text.delta', item_id: 'msg_1', output_index: 0, content_index: 1, delta: 'Paris is sunny' },
      {
        type: 'response.output_text.annotation.added',
        item_id: 'msg_1',
        output_index: 0,
        content_index: 1,
        annotation_index: 0,
        annotation: { type: 'url_citation', start_index: 0, end_index: 5, url: 'https://w.example', title: 'W' },
      },
      { type: 'response.refusal.delta', item_id: 'msg_1', output_index: 0, content_index: 2, delta: 'nope' },
      { type: 'response.incomplete', response: { ...response, status: 'incomplete', incomplete_details: { reason: 'max_output_tokens' } } },
      { type: 'response.output_text.delta', item_id: 'msg_1', output_index: 0, content_index: 1, delta: 'AFTER THE END' },
    ]);
    assert.equal(ended, true);
    const acc = createChunkAccumulator();
    for (const c of chunks) acc.add(c);
    const res = acc.result();
    assert.equal(res.choices[0]!.message.content, 'Hi. Paris is sunny');
    assert.equal(res.choices[0]!.message.refusal, 'nope');
    assert.deepEqual(res.choices[0]!.message.annotations, [
      { type: 'url_citation', url_citation: { start_index: 4, end_index: 9, url: 'https://w.example', title: 'W' } },
    ]);
    assert.equal(res.choices[0]!.finish_reason, 'length');
    assert.equal(res.usage, undefined);
  });

  it('content_filter incompletes; reasoning done without deltas still gives its summary; a call announced only when done', () => {
    const { chunks } = run([
      {
        type: 'response.output_item.done',
        output_index: 0,
        item: { type: 'reasoning', id: 'rs_9', summary: [{ type: 'summary_text', text: 'Whole summary' }], encrypted_content: 'E9' },
      },
      {
        type: 'response.output_item.done',
        output_index: 1,
        item: { type: 'function_call', id: 'fc_9', call_id: 'call_9', name: 'f', arguments: '{"a":1}' },
      },
      { type: 'response.incomplete', response: { status: 'incomplete', incomplete_details: { reason: 'content_filter' } } },
    ]);
    const acc = createChunkAccumulator();
    for (const c of chunks) acc.add(c);
    const res = acc.result();
    assert.equal(res.choices[0]!.message.reasoning_content, 'Whole summary');
    assert.deepEqual(res.choices[0]!.message.tool_calls, [
      { id: 'call_9', type: 'function', function: { name: 'f', arguments: '{"a":1}' } },
    ]);
    assert.equal(res.choices[0]!.message.reasoning_details?.[0]?.tool_call_id, 'call_9');
    assert.equal(res.choices[0]!.finish_reason, 'content_filter');
  });

  it('response.failed and error events become what fail builds; junk events are ignored', () => {
    const mapper = createResponsesStreamMapper((f) => new Failure(f));
    const out: ChatCompletionChunk[] = [];
    for (const junk of [
      null,
      5,
      'x',
      [],
      {},
      { type: 7 },
      { type: 'response.output_text.delta', delta: 5 },
      { type: 'response.function_call_arguments.delta', item_id: 'nope', delta: 'x' },
      { type: 'response.output_item.done', item: null },
    ]) {
      assert.equal(mapper.map(junk, out), true);
    }
    assert.equal(out.length, 0);
    assert.throws(
      () => mapper.map({ type: 'response.failed', response: { status: 'failed', error: { code: 'server_error', message: 'boom' } } }, out),
      (e: unknown) => (e as Failure).failure !== undefined && (e as any).failure.code === 'server_error',
    );
    assert.throws(
      () => mapper.map({ type: 'error', code: 'insufficient_quota', message: 'quota' }, out),
      (e: unknown) => (e as any).failure.code === 'insufficient_quota',
    );
    assert.throws(
      () => mapper.map({ type: 'error', error: { code: 'rate_limit_exceeded' } }, out),
      (e: unknown) => (e as any).failure.code === 'rate_limit_exceeded',
    );
  });
});
