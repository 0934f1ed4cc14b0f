// The fold property: a streamed call and a whole call of the same recorded response give the
// same response, field for field (the `created` stamp aside). Every recorded Anthropic stream is
// replayed as it was and, as the whole Message it adds up to (assembled here from its events,
// independently of llmux), through complete(); streams are cut at seeded random byte offsets.
// Recordings that exist in both forms are compared as recorded; recordings made only whole are
// streamed as the providers' streaming formats give them (derived events, labelled so).
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { createClient, type LlmuxClient } from '../../../src/index.js';
import { type ScriptedServer, startScriptedServer } from '../../helpers/scripted-server.js';
import { seededRandom as seeded } from '../../helpers/seeded-random.js';
import {
  type Json,
  RECORDED,
  anthropicEventsFor,
  assembleAnthropicMessage,
  assembleChatCompletion,
  chatChunksFor,
  comparable,
  randomPieces,
  readRecorded,
  recordedLines,
  ssePayloads,
} from '../../helpers/recorded-replay.js';

const read = readRecorded;
const lines = recordedLines;
const SSE = { 'content-type': 'text/event-stream' };
const messages = [{ role: 'user' as const, content: 'Replay' }];

describe('a streamed and a whole call of the same recorded response fold to the same response', () => {
  let server: ScriptedServer;
  let client: LlmuxClient;
  before(async () => {
    server = await startScriptedServer();
    client = createClient({
      env: {},
      providers: {
        anthropic: { baseURL: server.url, apiKey: 'sk-ant-x' },
        openai: { baseURL: `${server.url}/v1`, apiKey: 'sk-x' },
        openrouter: { baseURL: `${server.url}/v1`, apiKey: 'sk-or' },
      },
    });
  });
  after(async () => {
    client.close();
    await server.close();
  });

  const anthropicFiles = readdirSync(new URL('anthropic/', RECORDED)).filter((f) => f.endsWith('.chunks.txt'));
  assert.ok(anthropicFiles.length >= 8);

  for (const file of anthropicFiles) {
    it(`anthropic/${file}`, async () => {
      const payloads = lines(`anthropic/${file}`);
      const events = payloads.map((l) => JSON.parse(l) as Json);
      const body = payloads.map((l, i) => `event: ${events[i]!['type']}\ndata: ${l}\n\n`).join('');
      const whole = assembleAnthropicMessage(events);
      const model = `anthropic/${whole['model']}`;
      server.push({ body: JSON.stringify(whole) });
      const completed = await client.complete({ model, messages, max_tokens: 100 });
      const random = seeded(file.length * 7919);
      for (let round = 0; round < 3; round++) {
        server.push({ headers: SSE, body: randomPieces(body, random) });
        const streamed = await client.stream({ model, messages, max_tokens: 100 }).finalResponse();
        assert.deepEqual(comparable(streamed), comparable(completed), `round ${round}`);
      }
    });
  }

  for (const [file, model] of [
    ['openai/openai-text.chunks.txt', 'openai/gpt-4.1-nano'],
    ['openai/azure-model-router.1.chunks.txt', 'openai/gpt-5-nano'],
    ['openai-compatible/xai-tool-call.chunks.txt', 'openai/grok-3-mini'],
  ] as const) {
    it(file, async () => {
      const payloads = lines(file);
      const whole = assembleChatCompletion(payloads.map((l) => JSON.parse(l) as Json));
      server.push({ body: JSON.stringify(whole) });
      const completed = await client.complete({ model, messages });
      const random = seeded(file.length * 104729);
      for (let round = 0; round < 3; round++) {
        server.push({ headers: SSE, body: randomPieces([...payloads.map((l) => `data: ${l}\n\n`), 'data: [DONE]\n\n'].join(''), random) });
        const streamed = await client.stream({ model, messages }).finalResponse();
        assert.deepEqual(comparable(streamed), comparable(completed), `round ${round}`);
      }
    });
  }

  // Raw event streams recorded by pydantic-ai, replayed byte for byte (comments, pings and all).
  for (const [file, model, framing] of [
    ['pydantic-ai/anthropic/redacted-thinking-stream.1.sse', 'anthropic/claude-sonnet-4-5-20250929', 'anthropic'],
    ['pydantic-ai/anthropic/pause-turn-web-search-stream.1.sse', 'anthropic/claude-sonnet-4-5', 'anthropic'],
    ['pydantic-ai/openrouter/web-search-annotations-stream.1.sse', 'openrouter/deepseek/deepseek-chat', 'openai'],
    ['pydantic-ai/openrouter/reasoning-claude-stream.1.sse', 'openrouter/anthropic/claude-sonnet-4.5', 'openai'],
    ['pydantic-ai/openrouter/reasoning-o3-stream.1.sse', 'openrouter/openai/o3', 'openai'],
  ] as const) {
    it(file, async () => {
      const raw = read(file);
      const payloads = ssePayloads(raw).map((p) => JSON.parse(p) as Json);
      const whole = framing === 'anthropic' ? assembleAnthropicMessage(payloads) : assembleChatCompletion(payloads);
      server.push({ body: JSON.stringify(whole) });
      const completed = await client.complete({ model, messages, max_tokens: 100 });
      const random = seeded(file.length * 7919);
      for (let round = 0; round < 3; round++) {
        server.push({ headers: SSE, body: randomPieces(raw, random) });
        const streamed = await client.stream({ model, messages, max_tokens: 100 }).finalResponse();
        assert.deepEqual(comparable(streamed), comparable(completed), `round ${round}`);
      }
    });
  }

  // Recordings made only whole: streamed as Anthropic's format gives that Message (the derived
  // events fold back to the recording exactly, checked first), cut at seeded random bytes.
  for (const [file, model] of [
    ['anthropic/anthropic-compaction.1.json', 'anthropic/claude-opus-4-6'],
    ['anthropic/anthropic-web-search-tool.1.json', 'anthropic/claude-sonnet-4-20250514'],
    ['anthropic/anthropic-claude-opus-5-reasoning-high.1.json', 'anthropic/claude-opus-5'],
    ['pydantic-ai/anthropic/adaptive-thinking-opus-4-6.1.json', 'anthropic/claude-opus-4-6'],
    ['pydantic-ai/anthropic/adaptive-thinking-opus-5.1.json', 'anthropic/claude-opus-5'],
    ['pydantic-ai/anthropic/redacted-thinking.1.json', 'anthropic/claude-sonnet-4-5-20250929'],
    ['pydantic-ai/anthropic/redacted-thinking.2.json', 'anthropic/claude-sonnet-4-5-20250929'],
    ['pydantic-ai/anthropic/pause-turn-web-search.1.json', 'anthropic/claude-sonnet-4-5'],
    ['pydantic-ai/anthropic/pause-turn-web-search.2.json', 'anthropic/claude-sonnet-4-5'],
    ['pydantic-ai/anthropic/prompt-cache.2.json', 'anthropic/claude-sonnet-4-5'],
  ] as const) {
    it(`whole only, streamed as derived events: ${file}`, async () => {
      const recorded = JSON.parse(read(file)) as Json;
      const events = anthropicEventsFor(recorded);
      assert.deepEqual(assembleAnthropicMessage(events), recorded);
      server.push({ body: read(file) });
      const completed = await client.complete({ model, messages, max_tokens: 100 });
      const body = events.map((e) => `event: ${e['type']}\ndata: ${JSON.stringify(e)}\n\n`).join('');
      const random = seeded(file.length * 6151);
      for (let round = 0; round < 2; round++) {
        server.push({ headers: SSE, body: randomPieces(body, random) });
        const streamed = await client.stream({ model, messages, max_tokens: 100 }).finalResponse();
        assert.deepEqual(comparable(streamed), comparable(completed), `round ${round}`);
      }
    });
  }

  for (const [file, model] of [
    ['pydantic-ai/openrouter/web-search-annotations.1.json', 'openrouter/deepseek/deepseek-chat'],
    ['pydantic-ai/openrouter/reasoning-claude-effort-high.1.json', 'openrouter/anthropic/claude-sonnet-4.5'],
  ] as const) {
    it(`whole only, streamed as derived chunks: ${file}`, async () => {
      const recorded = JSON.parse(read(file)) as Json;
      server.push({ body: read(file) });
      const completed = await client.complete({ model, messages });
      const body = [...chatChunksFor(recorded).map((c) => `data: ${JSON.stringify(c)}\n\n`), 'data: [DONE]\n\n'].join('');
      server.push({ headers: SSE, body: randomPieces(body, seeded(file.length * 4099)) });
      const streamed = await client.stream({ model, messages }).finalResponse();
      assert.deepEqual(comparable(streamed), comparable(completed));
    });
  }

  for (const [whole, chunks, model, framing] of [
    ['anthropic/anthropic-text.json', 'anthropic/anthropic-text.chunks.txt', 'anthropic/claude-3-haiku-20240307', 'anthropic'],
    [
      'anthropic/anthropic-clear-thinking.1.json',
      'anthropic/anthropic-clear-thinking.1.chunks.txt',
      'anthropic/claude-sonnet-4-5-20250929',
      'anthropic',
    ],
    ['anthropic/anthropic-compaction.1.json', 'anthropic/anthropic-compaction.1.chunks.txt', 'anthropic/claude-opus-4-6', 'anthropic'],
    [
      'anthropic/anthropic-web-search-tool.1.json',
      'anthropic/anthropic-web-search-tool.1.chunks.txt',
      'anthropic/claude-sonnet-4-20250514',
      'anthropic',
    ],
    ['openai/openai-text.json', 'openai/openai-text.chunks.txt', 'openai/gpt-4o-mini', 'openai'],
  ] as const) {
    it(`recorded in both forms: ${whole}`, async () => {
      const payloads = lines(chunks);
      const body =
        framing === 'anthropic'
          ? payloads.map((l) => `event: ${(JSON.parse(l) as Json)['type']}\ndata: ${l}\n\n`).join('')
          : [...payloads.map((l) => `data: ${l}\n\n`), 'data: [DONE]\n\n'].join('');
      server.push({ body: read(whole) });
      const completed = await client.complete({ model, messages, max_tokens: 100 });
      server.push({ headers: SSE, body: randomPieces(body, seeded(42)) });
      const streamed = await client.stream({ model, messages, max_tokens: 100 }).finalResponse();
      // Both recordings are of the same prompt, but two separate calls: the fields that must
      // agree are the ones the fold is responsible for.
      const shape = (r: Json) => ({
        object: r['object'],
        keys: Object.keys(r).sort(),
        choice: Object.keys(r['choices'][0]).sort(),
        message: Object.keys(r['choices'][0].message).sort(),
        finish: r['choices'][0].finish_reason,
        usageKeys: Object.keys(r['usage'] ?? {}).sort(),
      });
      assert.deepEqual(shape(comparable(streamed)), shape(comparable(completed)));
    });
  }

  it('OpenRouter url_citation annotations and a provider_finish_reason survive the stream fold as they do complete()', async () => {
    const citation = {
      type: 'url_citation',
      url_citation: { url: 'https://example.org/paris', title: 'Paris weather', content: '18°C', start_index: 0, end_index: 11 },
    };
    const completion = {
      id: 'gen-1',
      object: 'chat.completion',
      created: 1,
      model: 'openai/gpt-5',
      provider: 'OpenAI',
      choices: [
        {
          index: 0,
          message: { role: 'assistant', content: 'Paris: 18°C', refusal: null, annotations: [citation] },
          finish_reason: 'stop',
          logprobs: null,
        },
      ],
      usage: { prompt_tokens: 5, completion_tokens: 4, total_tokens: 9 },
    };
    const chunk = (delta: Json, finish: string | null = null) => ({
      id: 'gen-1',
      object: 'chat.completion.chunk',
      created: 1,
      model: 'openai/gpt-5',
      provider: 'OpenAI',
      choices: [{ index: 0, delta, finish_reason: finish }],
    });
    const stream = [
      chunk({ role: 'assistant', content: 'Paris: ' }),
      chunk({ content: '18°C' }),
      chunk({ annotations: [citation] }),
      chunk({}, 'stop'),
      {
        id: 'gen-1',
        object: 'chat.completion.chunk',
        created: 1,
        model: 'openai/gpt-5',
        provider: 'OpenAI',
        choices: [],
        usage: completion.usage,
      },
    ];
    server.push({ body: JSON.stringify(completion) });
    const completed = await client.complete({ model: 'openrouter/openai/gpt-5', messages });
    server.push({
      headers: SSE,
      body: randomPieces([...stream.map((c) => `data: ${JSON.stringify(c)}\n\n`), 'data: [DONE]\n\n'].join(''), seeded(7)),
    });
    const streamed = await client.stream({ model: 'openrouter/openai/gpt-5', messages }).finalResponse();
    assert.deepEqual(streamed.choices[0]!.message.annotations, [citation]);
    assert.deepEqual(comparable(streamed), comparable(completed));

    // Anthropic's pause_turn, streamed and whole.
    const paused = {
      id: 'msg_p',
      type: 'message',
      role: 'assistant',
      model: 'claude-sonnet-4-5-20250929',
      content: [{ type: 'text', text: 'Searching.' }],
      stop_reason: 'pause_turn',
      stop_sequence: null,
      usage: { input_tokens: 3, output_tokens: 2 },
    };
    const events = [
      { type: 'message_start', message: { ...paused, content: [], stop_reason: null, usage: { input_tokens: 3, output_tokens: 1 } } },
      { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } },
      { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'Searching.' } },
      { type: 'content_block_stop', index: 0 },
      { type: 'message_delta', delta: { stop_reason: 'pause_turn', stop_sequence: null }, usage: { output_tokens: 2 } },
      { type: 'message_stop' },
    ];
    server.push({ body: JSON.stringify(paused) });
    const whole = await client.complete({ model: 'anthropic/claude-sonnet-4-5-20250929', messages, max_tokens: 100 });
    server.push({ headers: SSE, body: events.map((e) => `event: ${e.type}\ndata: ${JSON.stringify(e)}\n\n`).join('') });
    const folded = await client.stream({ model: 'anthropic/claude-sonnet-4-5-20250929', messages, max_tokens: 100 }).finalResponse();
    assert.equal(folded.choices[0]!.provider_finish_reason, 'pause_turn');
    assert.deepEqual(comparable(folded), comparable(whole));
  });
});
