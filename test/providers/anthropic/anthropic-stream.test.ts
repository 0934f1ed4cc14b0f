import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { anthropicAdapter } from '../../../src/providers/anthropic/anthropic-adapter.js';
import { createAnthropicStreamMapper } from '../../../src/providers/anthropic/anthropic-stream.js';
import type { AnthropicStreamEvent } from '../../../src/providers/anthropic/anthropic-api-types.js';
import { mapAnthropicResponse } from '../../../src/providers/anthropic/map-anthropic-response.js';
import type { ChatCompletionChunk } from '../../../src/base/types.js';
import {
  collect,
  contextFor,
  fold,
  piecesTransport,
  readEvents,
  readMessage,
  toSSE,
  withParsedArguments,
} from './anthropic-test-support.js';

const CREATED = 1_750_000_000;
const FIXTURES = ['text', 'tool-use', 'thinking', 'compaction'] as const;

function mapEvents(events: readonly AnthropicStreamEvent[]): ChatCompletionChunk[] {
  const mapper = createAnthropicStreamMapper({ created: CREATED });
  return events.flatMap((event) => mapper.push(event));
}

describe('createAnthropicStreamMapper', () => {
  for (const name of FIXTURES) {
    it(`${name}: the folded chunks equal the non-streamed mapping of the same message`, () => {
      const streamed = fold(mapEvents(readEvents(name)));
      const whole = mapAnthropicResponse(readMessage(name), { provider: 'anthropic', created: CREATED });
      assert.deepEqual(withParsedArguments(streamed), withParsedArguments(whole));
    });
  }

  // compaction.*: written after the documented shape of a server-compacted response (a
  // `compaction` block, then `usage.iterations`), not recorded: the top level reports only the
  // final step's 181 prompt tokens, the compaction step read 55,196 more.
  it('compaction: streamed and whole responses both count the compaction iteration (55,377 prompt tokens, not 181)', () => {
    const streamed = fold(mapEvents(readEvents('compaction')));
    const whole = mapAnthropicResponse(readMessage('compaction'), { provider: 'anthropic', created: CREATED });
    const expected = {
      prompt_tokens: 55_377,
      completion_tokens: 1916,
      total_tokens: 57_293,
      prompt_tokens_details: { cached_tokens: 0, cache_creation_tokens: 0 },
    };
    assert.deepEqual(whole.usage, expected);
    assert.deepEqual(streamed.usage, expected);
    assert.deepEqual(streamed, whole);
  });

  it('opens with the role and message id, and ends with a usage chunk without choices', () => {
    const chunks = mapEvents(readEvents('text'));
    assert.deepEqual(chunks[0], {
      id: 'msg_01XFDUDYJgAACzvnptvVoYEL',
      object: 'chat.completion.chunk',
      created: CREATED,
      model: 'claude-sonnet-4-5-20250929',
      choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }],
    });
    assert.deepEqual(
      chunks.slice(1, 4).map((c) => c.choices[0]!.delta.content),
      ['Bonjour 👋', ' — café naïve,', ' 你好世界!'],
    );
    assert.equal(chunks.at(-2)!.choices[0]!.finish_reason, 'stop');
    assert.deepEqual(chunks.at(-1)!.choices, []);
    assert.deepEqual(chunks.at(-1)!.usage, {
      prompt_tokens: 3097,
      completion_tokens: 15,
      total_tokens: 3112,
      prompt_tokens_details: { cached_tokens: 2048, cache_creation_tokens: 1024 },
    });
  });

  it('numbers tool calls by call, not by content block, and streams argument fragments', () => {
    const chunks = mapEvents(readEvents('tool-use'));
    const toolDeltas = chunks.flatMap((c) => c.choices[0]?.delta.tool_calls ?? []);
    assert.deepEqual(toolDeltas[0], {
      index: 0,
      id: 'toolu_01T1x1fJ34qAmk2tNTrN7Up6',
      type: 'function',
      function: { name: 'get_weather', arguments: '' },
    });
    assert.deepEqual(
      toolDeltas.filter((t) => t.index === 0 && t.id === undefined).map((t) => t.function?.arguments),
      ['{"location":', ' "San Fra', 'ncisco, CA"', ', "unit": "fah', 'renheit"}'],
    );
    // The second call has no arguments: `{}` keeps them valid JSON.
    assert.deepEqual(
      toolDeltas.filter((t) => t.index === 1),
      [
        { index: 1, id: 'toolu_01HbC8qWJ5WqAn3Mu4eT9ZpE', type: 'function', function: { name: 'get_time', arguments: '' } },
        { index: 1, function: { arguments: '{}' } },
      ],
    );
    const folded = fold(chunks).choices[0]!.message;
    assert.deepEqual(JSON.parse(folded.tool_calls![0]!.function.arguments), { location: 'San Francisco, CA', unit: 'fahrenheit' });
    assert.equal(fold(chunks).choices[0]!.finish_reason, 'tool_calls');
  });

  it('streams thinking as reasoning_content and reasoning_details, keeping the signature', () => {
    const chunks = mapEvents(readEvents('thinking'));
    const details = chunks.flatMap((c) => c.choices[0]?.delta.reasoning_details ?? []);
    // The block's opening fragment carries who signed it (the model of message_start).
    assert.deepEqual(details[0], {
      type: 'thinking',
      thinking: '',
      origin: { provider: 'anthropic', model: 'claude-sonnet-4-5-20250929' },
    });
    assert.ok(details.some((d) => d.signature?.startsWith('EqQBCgIYAhIM')));
    const message = fold(chunks).choices[0]!.message;
    assert.equal(message.reasoning_details![0]!.signature, readMessage('thinking').content[0]!.signature);
    assert.equal(message.reasoning_details![1]!.type, 'redacted_thinking');
  });

  it('ignores ping and unknown events and does not treat server-tool input as a tool call', () => {
    const events = readEvents('text');
    const extra: AnthropicStreamEvent[] = [
      { type: 'ping' },
      { type: 'some_future_event' },
      {
        type: 'content_block_start',
        index: 7,
        content_block: { type: 'server_tool_use', id: 'srvtoolu_1', name: 'web_search', input: {} },
      },
      { type: 'content_block_delta', index: 7, delta: { type: 'input_json_delta', partial_json: '{"query":"x"}' } },
      { type: 'content_block_stop', index: 7 },
    ];
    const plain = fold(mapEvents(events));
    const noisy = fold(mapEvents([...events.slice(0, 2), ...extra, ...events.slice(2)]));
    // The server tool call is kept whole, in its place among the turn's blocks, not as a tool call.
    const kept = noisy.choices[0]!.message.provider_blocks!;
    assert.deepEqual(
      kept.blocks.find((b) => b['type'] === 'server_tool_use'),
      { type: 'server_tool_use', id: 'srvtoolu_1', name: 'web_search', input: { query: 'x' } },
    );
    delete noisy.choices[0]!.message.provider_blocks;
    assert.deepEqual(noisy, plain);
  });

  it('puts a lossy stop reason on the finish chunk as provider_finish_reason', () => {
    const events = readEvents('text').map((e) =>
      e.type === 'message_delta' ? { ...e, delta: { stop_reason: 'pause_turn', stop_sequence: null } } : e,
    );
    const finish = mapEvents(events).find((c) => c.choices[0]?.finish_reason);
    assert.deepEqual(finish!.choices[0], { index: 0, delta: {}, finish_reason: 'stop', provider_finish_reason: 'pause_turn' });
  });

  it('knows which text block is open, and maps a bare text as push maps its delta', () => {
    const mapper = createAnthropicStreamMapper({ created: CREATED });
    const opened: (number | undefined)[] = [];
    for (const event of readEvents('thinking')) {
      mapper.push(event);
      opened.push(mapper.openTextBlock);
    }
    const types = readEvents('thinking').map((e) => e.type);
    // Thinking blocks first (no text block open), then the text block at index 2 until it stops.
    assert.equal(opened[types.indexOf('content_block_start')], undefined);
    const textStart = readEvents('thinking').findIndex((e) => e.type === 'content_block_start' && e.content_block?.type === 'text');
    assert.equal(opened[textStart], readEvents('thinking')[textStart]!.index);
    assert.equal(opened.at(-1), undefined);

    const fresh = createAnthropicStreamMapper({ created: CREATED });
    for (const event of readEvents('text').slice(0, 2)) fresh.push(event);
    const viaText: ChatCompletionChunk[] = [];
    fresh.pushText('Hi "there"', viaText);
    fresh.pushText('', viaText);
    const viaEvent = fresh.push({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'Hi "there"' } });
    assert.deepEqual(viaText, viaEvent);
  });

  it('is finished only after message_stop', () => {
    const mapper = createAnthropicStreamMapper();
    const events = readEvents('text');
    for (const event of events.slice(0, -1)) mapper.push(event);
    assert.equal(mapper.finished, false);
    mapper.push(events.at(-1)!);
    assert.equal(mapper.finished, true);
  });
});

describe('anthropicAdapter.stream over any chunking of the bytes', () => {
  const withoutCreated = (chunks: ChatCompletionChunk[]) => chunks.map((c) => ({ ...c, created: 0 }));
  const run = async (pieces: Uint8Array[]) =>
    withoutCreated(
      await collect(
        anthropicAdapter.stream(
          { model: 'anthropic/x', messages: [{ role: 'user', content: 'Hi' }] },
          contextFor('http://unused.invalid', piecesTransport(pieces)),
        ),
      ),
    );

  for (const name of FIXTURES) {
    it(`${name}: a split at every byte boundary yields the same chunks`, async () => {
      const bytes = new TextEncoder().encode(toSSE(readEvents(name)));
      const whole = await run([bytes]);
      assert.deepEqual(fold(whole), { ...fold(mapEvents(readEvents(name))), created: 0 });
      for (let i = 1; i < bytes.length; i++) {
        const split = await run([bytes.subarray(0, i), bytes.subarray(i)]);
        assert.deepEqual(split, whole, `split at byte ${i}`);
      }
      const oneByteEach = await run(Array.from(bytes, (_, i) => bytes.subarray(i, i + 1)));
      assert.deepEqual(oneByteEach, whole);
    });
  }

  it('CRLF line endings give the same chunks', async () => {
    const sse = toSSE(readEvents('thinking'));
    const lf = await run([new TextEncoder().encode(sse)]);
    const crlf = await run([new TextEncoder().encode(sse.replaceAll('\n', '\r\n'))]);
    assert.deepEqual(crlf, lf);
  });
});

describe('anthropicAdapter.stream: text deltas read without a full parse', () => {
  const withoutCreated = (chunks: ChatCompletionChunk[]) => chunks.map((c) => ({ ...c, created: 0 }));
  const streamSSE = async (sse: string) =>
    withoutCreated(
      await collect(
        anthropicAdapter.stream(
          { model: 'anthropic/x', messages: [{ role: 'user', content: 'Hi' }] },
          contextFor('http://unused.invalid', piecesTransport([new TextEncoder().encode(sse)])),
        ),
      ),
    );
  const textDelta = (index: number, text: string): AnthropicStreamEvent => ({
    type: 'content_block_delta',
    index,
    delta: { type: 'text_delta', text },
  });

  it('gives exactly the chunks of parsing every event, for texts in any form and blocks at any index', async () => {
    const [start, ...rest] = readEvents('thinking');
    const texts = ['plain', 'a "quoted" word\n', 'ends with braces"}}', '"}},"extra":"x', 'é 🙂', '', 'back\\slash'];
    const events: AnthropicStreamEvent[] = [
      start!,
      ...rest.filter((e) => e.type !== 'message_delta' && e.type !== 'message_stop'),
      { type: 'content_block_start', index: 3, content_block: { type: 'text', text: '' } },
      ...texts.map((text) => textDelta(3, text)),
      // The same delta in another key order, and a delta for a block that is not the open one.
      { index: 3, type: 'content_block_delta', delta: { text: ' reordered', type: 'text_delta' } } as AnthropicStreamEvent,
      textDelta(2, 'for a closed block'),
      { type: 'content_block_stop', index: 3 },
      textDelta(3, 'after the block closed'),
      { type: 'content_block_start', index: 4, content_block: { type: 'tool_use', id: 'toolu_1', name: 'f', input: {} } },
      textDelta(4, 'a text delta for a tool block'),
      { type: 'content_block_stop', index: 4 },
      ...rest.filter((e) => e.type === 'message_delta' || e.type === 'message_stop'),
    ];
    const sse = toSSE(events).replace('"text":" reordered","type":"text_delta"', '"text":" reordered", "type":"text_delta"');
    const streamed = await streamSSE(sse);
    const parsed = withoutCreated(mapEvents(events));
    assert.deepEqual(streamed, parsed);
    assert.deepEqual(
      streamed.flatMap((c) => c.choices[0]?.delta.content ?? []).slice(-10),
      // A delta naming a block the stream opened earlier is kept, whatever block is open now.
      [
        'plain',
        'a "quoted" word\n',
        'ends with braces"}}',
        '"}},"extra":"x',
        'é 🙂',
        'back\\slash',
        ' reordered',
        'for a closed block',
        'after the block closed',
        'a text delta for a tool block',
      ],
    );
  });

  it('still reports a malformed text delta as malformed', async () => {
    const events = readEvents('text');
    const sse = toSSE(events).replace(/"text":"([^"]*)"}}/, '"text":"$1\\x"}}');
    await assert.rejects(
      streamSSE(sse),
      (error: Error) => error.name === 'InvalidResponseError' && /malformed|not JSON|parse/i.test(error.message),
    );
  });
});
