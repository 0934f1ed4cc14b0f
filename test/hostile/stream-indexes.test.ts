/**
 * Hostile stream indexes: `choices[].index` and `tool_calls[].index` are provider data. They must
 * never name an object key (prototype pollution), never size an array (a 1e9 index), and a
 * missing tool-call index (Gemini's OpenAI-compatible endpoint) must not lose the tool calls.
 */
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import { InvalidResponseError, createClient, type LlmuxClient } from '../../src/index.js';
import { createChunkAccumulator } from '../../src/stream/accumulate-chunks.js';
import type { ChatCompletionChunk } from '../../src/base/types.js';
import { type ScriptedServer, sse, startScriptedServer } from '../helpers/scripted-server.js';

const messages = [{ role: 'user' as const, content: 'Hi' }];
const HOSTILE_INDEXES: unknown[] = ['__proto__', 'constructor', -1, 0.5, 1e9, '0', null, true, {}];

function chunk(choices: unknown[], extra: Record<string, unknown> = {}): ChatCompletionChunk {
  return { id: 'c1', object: 'chat.completion.chunk', created: 1, model: 'm', choices, ...extra } as unknown as ChatCompletionChunk;
}
const toolChunk = (toolCall: Record<string, unknown>, choiceIndex: unknown = 0): ChatCompletionChunk =>
  chunk([{ index: choiceIndex, delta: { tool_calls: [toolCall] }, finish_reason: null }]);
const finish = (reason = 'tool_calls'): ChatCompletionChunk => chunk([{ index: 0, delta: {}, finish_reason: reason }]);

/** The prototypes stay as they were: no key a provider named was written onto them. */
function assertPrototypesClean(): void {
  const probe: Record<string, unknown> = {};
  for (const key of ['id', 'type', 'function', 'content', 'toolCalls', 'finishReason', 'arguments', 'name']) {
    assert.equal(([] as unknown as Record<string, unknown>)[key], undefined, `Array.prototype.${key} was polluted`);
    assert.equal(probe[key], undefined, `Object.prototype.${key} was polluted`);
  }
}

describe('chunk accumulator: indexes from the provider', () => {
  afterEach(assertPrototypesClean);

  for (const index of HOSTILE_INDEXES) {
    if (index === null) continue; // null means "missing", tested below
    it(`tool_calls[].index ${JSON.stringify(index)} is an InvalidResponseError carrying what came before`, () => {
      const acc = createChunkAccumulator('openai');
      acc.add(chunk([{ index: 0, delta: { content: 'before' }, finish_reason: null }]));
      assert.throws(
        () => acc.add(toolChunk({ index, id: 'x', type: 'function', function: { name: 'polluted', arguments: '{}' } })),
        (e: unknown) =>
          e instanceof InvalidResponseError && e.partialResponse?.choices[0]?.message.content === 'before' && /index/.test(e.message),
      );
      // The failed chunk changed nothing: the accumulator still holds what came before.
      assert.equal(acc.snapshot().choices[0]?.message.tool_calls, undefined);
    });
    it(`choices[].index ${JSON.stringify(index)} is an InvalidResponseError`, () => {
      const acc = createChunkAccumulator('openai');
      assert.throws(() => acc.add(chunk([{ index, delta: { content: 'x' }, finish_reason: null }])), InvalidResponseError);
    });
  }

  it('a missing tool-call index: a new id starts a new call, a delta without id continues the last one', () => {
    const acc = createChunkAccumulator('gemini');
    acc.add(toolChunk({ id: 'call_a', type: 'function', function: { name: 'get_weather', arguments: '{"city":' } }));
    acc.add(toolChunk({ function: { arguments: '"Paris"}' } }));
    acc.add(toolChunk({ id: 'call_b', type: 'function', function: { name: 'get_time', arguments: '{}' } }));
    acc.add(finish());
    const response = acc.result();
    assert.deepEqual(response.choices[0]?.message.tool_calls, [
      { id: 'call_a', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } },
      { id: 'call_b', type: 'function', function: { name: 'get_time', arguments: '{}' } },
    ]);
    assert.equal(response.choices[0]?.finish_reason, 'tool_calls');
  });

  it('tool calls without index or id, each sent whole with its name, each become a call', () => {
    const acc = createChunkAccumulator('gemini');
    acc.add(toolChunk({ type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } }));
    acc.add(toolChunk({ type: 'function', function: { name: 'get_weather', arguments: '{"city":"Rome"}' } }));
    acc.add(toolChunk({ function: { arguments: '' } }));
    acc.add(finish());
    assert.deepEqual(
      acc.result().choices[0]?.message.tool_calls?.map((t) => t.function.arguments),
      ['{"city":"Paris"}', '{"city":"Rome"}'],
    );
  });

  it('a missing choice index places the choice by its position', () => {
    const acc = createChunkAccumulator();
    acc.add(chunk([{ delta: { content: 'Hel' }, finish_reason: null }]));
    acc.add(chunk([{ delta: { content: 'lo' }, finish_reason: 'stop' }]));
    assert.equal(acc.result().choices[0]?.message.content, 'Hello');
  });

  it('a non-array tool_calls, a null choice or a null chunk is an InvalidResponseError, not a TypeError', () => {
    for (const bad of [
      chunk([null]),
      chunk('x' as unknown as unknown[]),
      chunk([{ index: 0, delta: { tool_calls: 'x' } }]),
      null,
      [],
      'x',
    ]) {
      const acc = createChunkAccumulator();
      assert.throws(() => acc.add(bad as ChatCompletionChunk), InvalidResponseError, JSON.stringify(bad));
    }
  });
});

describe('OpenAI-shaped streams over real HTTP: hostile indexes', () => {
  let server: ScriptedServer;
  let client: LlmuxClient;
  before(async () => {
    server = await startScriptedServer();
    client = createClient({
      providers: {
        openai: { baseURL: `${server.url}/v1`, apiKey: 'sk-test' },
        openrouter: { baseURL: `${server.url}/v1`, apiKey: 'sk-or' },
      },
      env: {},
      maxRetries: 0,
    });
  });
  after(async () => {
    client.close();
    await server.close();
  });
  afterEach(assertPrototypesClean);

  for (const provider of ['openai', 'openrouter']) {
    for (const index of HOSTILE_INDEXES) {
      if (index === null) continue;
      it(`${provider}: tool_calls[].index ${JSON.stringify(index)} fails the stream with InvalidResponseError, keeping the text`, async () => {
        server.push({
          headers: { 'content-type': 'text/event-stream' },
          body: sse([
            chunk([{ index: 0, delta: { role: 'assistant', content: 'partial' }, finish_reason: null }]),
            toolChunk({ index, id: 'call_x', type: 'function', function: { name: 'polluted', arguments: '{}' } }),
            finish(),
          ]),
        });
        const stream = client.stream({ model: `${provider}/m`, messages });
        const seen: unknown[] = [];
        await assert.rejects(
          (async () => {
            for await (const c of stream) seen.push(c);
          })(),
          (e: unknown) => e instanceof InvalidResponseError && e.partialText === 'partial',
        );
        await assert.rejects(stream.finalResponse(), InvalidResponseError);
        // The hostile chunk itself is never handed to the caller.
        assert.equal(seen.length, 1);
      });
      it(`${provider}: choices[].index ${JSON.stringify(index)} fails complete-by-stream with InvalidResponseError`, async () => {
        server.push({
          headers: { 'content-type': 'text/event-stream' },
          body: sse([chunk([{ index, delta: { content: 'x' }, finish_reason: 'stop' }])]),
        });
        await assert.rejects(client.stream({ model: `${provider}/m`, messages }).finalResponse(), InvalidResponseError);
      });
    }
  }

  it('a missing tool-call index (Gemini) keeps every tool call, and the chunks handed out carry an index', async () => {
    server.push({
      headers: { 'content-type': 'text/event-stream' },
      body: sse([
        chunk([
          {
            index: 0,
            delta: {
              role: 'assistant',
              tool_calls: [{ id: 'function-call-1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } }],
            },
            finish_reason: null,
          },
        ]),
        chunk([
          {
            index: 0,
            delta: { tool_calls: [{ id: 'function-call-2', type: 'function', function: { name: 'get_time', arguments: '{"tz":"CET"}' } }] },
            finish_reason: null,
          },
        ]),
        finish(),
      ]),
    });
    const stream = client.stream({ model: 'openai/gemini-2.5-flash', messages });
    const indexes: unknown[] = [];
    for await (const c of stream) for (const t of c.choices[0]?.delta.tool_calls ?? []) indexes.push(t.index);
    const response = await stream.finalResponse();
    assert.deepEqual(indexes, [0, 1]);
    assert.equal(response.choices[0]?.finish_reason, 'tool_calls');
    assert.deepEqual(
      response.choices[0]?.message.tool_calls?.map((t) => [t.id, t.function.name, t.function.arguments]),
      [
        ['function-call-1', 'get_weather', '{"city":"Paris"}'],
        ['function-call-2', 'get_time', '{"tz":"CET"}'],
      ],
    );
  });

  it('several tool calls without index in one delta each become a call', async () => {
    server.push({
      headers: { 'content-type': 'text/event-stream' },
      body: sse([
        chunk([
          {
            index: 0,
            delta: {
              tool_calls: [
                { id: 'a', type: 'function', function: { name: 'f', arguments: '{}' } },
                { id: 'b', type: 'function', function: { name: 'g', arguments: '{}' } },
              ],
            },
            finish_reason: 'tool_calls',
          },
        ]),
      ]),
    });
    const response = await client.stream({ model: 'openai/m', messages }).finalResponse();
    assert.deepEqual(
      response.choices[0]?.message.tool_calls?.map((t) => t.id),
      ['a', 'b'],
    );
  });
});

describe('Anthropic streams over real HTTP: hostile content block indexes', () => {
  let server: ScriptedServer;
  let client: LlmuxClient;
  before(async () => {
    server = await startScriptedServer();
    client = createClient({ providers: { anthropic: { baseURL: server.url, apiKey: 'sk-ant' } }, env: {}, maxRetries: 0 });
  });
  after(async () => {
    client.close();
    await server.close();
  });
  afterEach(assertPrototypesClean);

  const start = '{"type":"message_start","message":{"id":"msg_1","model":"claude-x","usage":{"input_tokens":3,"output_tokens":0}}}';
  const stop = ['{"type":"message_delta","delta":{"stop_reason":"tool_use"},"usage":{"output_tokens":5}}', '{"type":"message_stop"}'];
  const events = (list: unknown[]): string[] => list.map((e) => `data: ${typeof e === 'string' ? e : JSON.stringify(e)}\n\n`);
  const toolStart = (index: unknown, id: string, name: string): Record<string, unknown> => ({
    type: 'content_block_start',
    ...(index === undefined ? {} : { index }),
    content_block: { type: 'tool_use', id, name, input: {} },
  });
  const argsDelta = (index: unknown, json: string): Record<string, unknown> => ({
    type: 'content_block_delta',
    ...(index === undefined ? {} : { index }),
    delta: { type: 'input_json_delta', partial_json: json },
  });
  const blockStop = (index: unknown): Record<string, unknown> => ({
    type: 'content_block_stop',
    ...(index === undefined ? {} : { index }),
  });

  for (const index of HOSTILE_INDEXES) {
    if (index === null) continue;
    for (const [event, make] of [
      ['content_block_start', (i: unknown) => [toolStart(i, 'toolu_1', 'f')]],
      ['content_block_delta', (i: unknown) => [toolStart(0, 'toolu_1', 'f'), argsDelta(i, '{}')]],
      ['content_block_stop', (i: unknown) => [toolStart(0, 'toolu_1', 'f'), blockStop(i)]],
    ] as const) {
      it(`${event} index ${JSON.stringify(index)} fails the stream with InvalidResponseError`, async () => {
        server.push({ headers: { 'content-type': 'text/event-stream' }, body: events([start, ...make(index), ...stop]) });
        await assert.rejects(
          client.stream({ model: 'anthropic/claude-x', messages, max_tokens: 10 }).finalResponse(),
          (e: unknown) => e instanceof InvalidResponseError && /index/.test(e.message),
        );
      });
    }
  }

  it('events without an index belong to the next block (start) or the last one started (delta, stop): no tool call is lost', async () => {
    server.push({
      headers: { 'content-type': 'text/event-stream' },
      body: events([
        start,
        toolStart(undefined, 'toolu_a', 'get_weather'),
        argsDelta(undefined, '{"city":'),
        argsDelta(undefined, '"Paris"}'),
        blockStop(undefined),
        toolStart(undefined, 'toolu_b', 'get_time'),
        blockStop(undefined),
        ...stop,
      ]),
    });
    const response = await client.stream({ model: 'anthropic/claude-x', messages, max_tokens: 10 }).finalResponse();
    assert.equal(response.choices[0]?.finish_reason, 'tool_calls');
    assert.deepEqual(
      response.choices[0]?.message.tool_calls?.map((t) => [t.id, t.function.name, t.function.arguments]),
      [
        ['toolu_a', 'get_weather', '{"city":"Paris"}'],
        ['toolu_b', 'get_time', '{}'],
      ],
    );
  });
});
