// The fold property: a streamed call and a whole call of the same recorded response give the
// same response, field for field (the `created` stamp aside). Every recorded Anthropic stream is
// replayed as it was and, as the whole Message it adds up to (assembled here from its events,
// independently of llmux), through complete(); streams are cut at seeded random byte offsets.
// Recordings that exist in both forms are compared as recorded.
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { createClient, type LlmuxClient } from '../../../src/index.js';
import type { ModelResponse, PartialModelResponse } from '../../../src/base/types.js';
import { type ScriptedServer, startScriptedServer } from '../../helpers/scripted-server.js';
import { seededRandom as seeded } from '../../helpers/seeded-random.js';

const RECORDED = new URL('../../../../test/__fixtures__/recorded/', import.meta.url);
const read = (path: string): string => readFileSync(new URL(path, RECORDED), 'utf8');
const lines = (path: string): string[] => read(path).split('\n').filter((l) => l.trim() !== '');
const SSE = { 'content-type': 'text/event-stream' };
const messages = [{ role: 'user' as const, content: 'Replay' }];

/** The body cut at random byte offsets (inside events and UTF-8 characters too). */
function randomPieces(text: string, random: () => number): Uint8Array[] {
  const bytes = Buffer.from(text);
  const out: Uint8Array[] = [];
  for (let i = 0; i < bytes.length; ) {
    const size = 1 + Math.floor(random() * 97);
    out.push(bytes.subarray(i, i + size));
    i += size;
  }
  return out;
}

type Json = Record<string, any>;

/** The Message an Anthropic event stream adds up to, per Anthropic's streaming format. */
function assembleAnthropicMessage(events: Json[]): Json {
  let message: Json = {};
  const partialJson = new Map<number, string>();
  for (const event of events) {
    switch (event['type']) {
      case 'message_start':
        message = structuredClone(event['message']);
        message['content'] = [];
        break;
      case 'content_block_start':
        message['content'][event['index']] = structuredClone(event['content_block']);
        break;
      case 'content_block_delta': {
        const block = message['content'][event['index']];
        const delta = event['delta'];
        if (delta.type === 'text_delta') block.text = (block.text ?? '') + delta.text;
        else if (delta.type === 'thinking_delta') block.thinking = (block.thinking ?? '') + delta.thinking;
        else if (delta.type === 'signature_delta') block.signature = delta.signature;
        else if (delta.type === 'input_json_delta') partialJson.set(event['index'], (partialJson.get(event['index']) ?? '') + delta.partial_json);
        else if (delta.type === 'citations_delta') (block.citations ??= []).push(delta.citation);
        break;
      }
      case 'content_block_stop': {
        const text = partialJson.get(event['index']);
        if (text !== undefined && text !== '') message['content'][event['index']].input = JSON.parse(text);
        break;
      }
      case 'message_delta':
        Object.assign(message, event['delta']);
        message['usage'] = { ...message['usage'], ...event['usage'] };
        break;
    }
  }
  return message;
}

/**
 * The chat.completion OpenAI-shaped chunks add up to, per the Chat Completions streaming format:
 * text and reasoning concatenated, tool calls merged by index, the last finish reason and usage.
 * Only the documented fields: a whole response's extras (Azure's filter results) have no
 * streamed counterpart to compare with.
 */
function assembleChatCompletion(chunks: Json[]): Json {
  const head: Json = { object: 'chat.completion' };
  const choices: Json[] = [];
  for (const chunk of chunks) {
    for (const key of ['id', 'model', 'created', 'system_fingerprint', 'service_tier']) if (chunk[key]) head[key] = chunk[key];
    if (chunk['usage']) head['usage'] = chunk['usage'];
    for (const c of chunk['choices'] ?? []) {
      const choice = (choices[c.index] ??= { index: c.index, message: { role: 'assistant', content: null, refusal: null }, finish_reason: null, logprobs: null });
      const delta = c.delta ?? {};
      const message = choice.message;
      for (const field of ['content', 'refusal', 'reasoning_content']) if (delta[field]) message[field] = (message[field] ?? '') + delta[field];
      for (const call of delta.tool_calls ?? []) {
        const calls = (message.tool_calls ??= []);
        const slot = (calls[call.index] ??= { id: '', type: 'function', function: { name: '', arguments: '' } });
        if (call.id) slot.id = call.id;
        if (call.function?.name) slot.function.name += call.function.name;
        if (call.function?.arguments) slot.function.arguments += call.function.arguments;
      }
      if (delta.annotations) (message.annotations ??= []).push(...delta.annotations);
      if (c.finish_reason) choice.finish_reason = c.finish_reason;
    }
  }
  if (head['created'] === undefined) head['created'] = 0;
  return { ...head, choices };
}

/**
 * A response without the stamp each call takes when it is made. Two differences of the wire
 * forms themselves are read alike: a whole Anthropic tool call carries its input as an object (so
 * its argument text is a re-serialization, while a stream gives the text as generated), and a
 * whole OpenAI message lists `annotations: []` where a stream sends nothing.
 */
function comparable(response: ModelResponse | PartialModelResponse): Json {
  const { created: _created, ...rest } = response;
  const copy = JSON.parse(JSON.stringify(rest)) as Json;
  for (const choice of copy['choices']) {
    for (const call of choice.message.tool_calls ?? []) call.function.arguments = JSON.parse(call.function.arguments || '{}');
    if (Array.isArray(choice.message.annotations) && choice.message.annotations.length === 0) delete choice.message.annotations;
  }
  return copy;
}

describe('a streamed and a whole call of the same recorded response fold to the same response', () => {
  let server: ScriptedServer;
  let client: LlmuxClient;
  before(async () => {
    server = await startScriptedServer();
    client = createClient({
      env: {},
      providers: { anthropic: { baseURL: server.url, apiKey: 'sk-ant-x' }, openai: { baseURL: `${server.url}/v1`, apiKey: 'sk-x' }, openrouter: { baseURL: `${server.url}/v1`, apiKey: 'sk-or' } },
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

  for (const [whole, chunks, model, framing] of [
    ['anthropic/anthropic-text.json', 'anthropic/anthropic-text.chunks.txt', 'anthropic/claude-3-haiku-20240307', 'anthropic'],
    ['anthropic/anthropic-clear-thinking.1.json', 'anthropic/anthropic-clear-thinking.1.chunks.txt', 'anthropic/claude-sonnet-4-5-20250929', 'anthropic'],
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
      const shape = (r: Json) => ({ object: r['object'], keys: Object.keys(r).sort(), choice: Object.keys(r['choices'][0]).sort(), message: Object.keys(r['choices'][0].message).sort(), finish: r['choices'][0].finish_reason, usageKeys: Object.keys(r['usage'] ?? {}).sort() });
      assert.deepEqual(shape(comparable(streamed)), shape(comparable(completed)));
    });
  }

  it('OpenRouter url_citation annotations and a provider_finish_reason survive the stream fold as they do complete()', async () => {
    const citation = { type: 'url_citation', url_citation: { url: 'https://example.org/paris', title: 'Paris weather', content: '18°C', start_index: 0, end_index: 11 } };
    const completion = {
      id: 'gen-1',
      object: 'chat.completion',
      created: 1,
      model: 'openai/gpt-5',
      provider: 'OpenAI',
      choices: [{ index: 0, message: { role: 'assistant', content: 'Paris: 18°C', refusal: null, annotations: [citation] }, finish_reason: 'stop', logprobs: null }],
      usage: { prompt_tokens: 5, completion_tokens: 4, total_tokens: 9 },
    };
    const chunk = (delta: Json, finish: string | null = null) => ({ id: 'gen-1', object: 'chat.completion.chunk', created: 1, model: 'openai/gpt-5', provider: 'OpenAI', choices: [{ index: 0, delta, finish_reason: finish }] });
    const stream = [
      chunk({ role: 'assistant', content: 'Paris: ' }),
      chunk({ content: '18°C' }),
      chunk({ annotations: [citation] }),
      chunk({}, 'stop'),
      { id: 'gen-1', object: 'chat.completion.chunk', created: 1, model: 'openai/gpt-5', provider: 'OpenAI', choices: [], usage: completion.usage },
    ];
    server.push({ body: JSON.stringify(completion) });
    const completed = await client.complete({ model: 'openrouter/openai/gpt-5', messages });
    server.push({ headers: SSE, body: randomPieces([...stream.map((c) => `data: ${JSON.stringify(c)}\n\n`), 'data: [DONE]\n\n'].join(''), seeded(7)) });
    const streamed = await client.stream({ model: 'openrouter/openai/gpt-5', messages }).finalResponse();
    assert.deepEqual(streamed.choices[0]!.message.annotations, [citation]);
    assert.deepEqual(comparable(streamed), comparable(completed));

    // Anthropic's pause_turn, streamed and whole.
    const paused = { id: 'msg_p', type: 'message', role: 'assistant', model: 'claude-sonnet-4-5-20250929', content: [{ type: 'text', text: 'Searching.' }], stop_reason: 'pause_turn', stop_sequence: null, usage: { input_tokens: 3, output_tokens: 2 } };
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
