/**
 * Reading the vendored provider recordings (test/__fixtures__/recorded/) and folding them by the
 * providers' own documented rules, independently of llmux, so a replayed stream can be compared
 * with the whole response it adds up to.
 */
import { readFileSync } from 'node:fs';
import type { ModelResponse, PartialModelResponse } from '../../src/base/types.js';

// Compiled helpers run from .test-build/test/helpers/; the fixtures stay in the source tree.
export const RECORDED = new URL('../../../test/__fixtures__/recorded/', import.meta.url);

export type Json = Record<string, any>;

export const readRecorded = (path: string): string => readFileSync(new URL(path, RECORDED), 'utf8');

/** The non-empty lines of a `*.chunks.txt` recording: one event payload each. */
export const recordedLines = (path: string): string[] =>
  readRecorded(path)
    .split('\n')
    .filter((l) => l.trim() !== '');

/** The `data:` payloads of a raw event stream, in order; comments and `[DONE]` left out. */
export function ssePayloads(raw: string): string[] {
  const out: string[] = [];
  for (const event of raw.split(/\r?\n\r?\n/)) {
    const data = event
      .split(/\r?\n/)
      .filter((line) => line.startsWith('data:'))
      .map((line) => line.slice(line.startsWith('data: ') ? 6 : 5));
    if (data.length > 0 && data.join('\n').trim() !== '[DONE]') out.push(data.join('\n'));
  }
  return out;
}

/** The body cut at random byte offsets (inside events and UTF-8 characters too). */
export function randomPieces(text: string, random: () => number): Uint8Array[] {
  const bytes = Buffer.from(text);
  const out: Uint8Array[] = [];
  for (let i = 0; i < bytes.length;) {
    const size = 1 + Math.floor(random() * 97);
    out.push(bytes.subarray(i, i + size));
    i += size;
  }
  return out;
}

/** The Message an Anthropic event stream adds up to, per Anthropic's streaming format. */
export function assembleAnthropicMessage(events: Json[]): Json {
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
        else if (delta.type === 'input_json_delta')
          partialJson.set(event['index'], (partialJson.get(event['index']) ?? '') + delta.partial_json);
        else if (delta.type === 'citations_delta') (block.citations ??= []).push(delta.citation);
        else if (delta.type === 'compaction_delta') block.content = (block.content ?? '') + delta.content;
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
 * The chat.completion OpenAI-shaped chunks add up to, per the Chat Completions streaming format
 * and OpenRouter's additions: text and reasoning concatenated, tool calls merged by index,
 * annotations collected, `reasoning_details` fragments of one block (same type and index) merged,
 * the last finish reason and usage. Only documented fields: a whole response's extras (Azure's
 * filter results) have no streamed counterpart to compare with.
 */
export function assembleChatCompletion(chunks: Json[]): Json {
  const head: Json = { object: 'chat.completion' };
  const choices: Json[] = [];
  for (const chunk of chunks) {
    for (const key of ['id', 'model', 'created', 'system_fingerprint', 'provider']) if (chunk[key]) head[key] = chunk[key];
    // A stated service tier, null included, stands for the response.
    if (chunk['service_tier'] !== undefined) head['service_tier'] = chunk['service_tier'];
    if (chunk['usage']) head['usage'] = chunk['usage'];
    for (const c of chunk['choices'] ?? []) {
      const choice = (choices[c.index] ??= {
        index: c.index,
        message: { role: 'assistant', content: null, refusal: null },
        finish_reason: null,
        logprobs: null,
      });
      const delta = c.delta ?? {};
      const message = choice.message;
      for (const field of ['content', 'refusal', 'reasoning_content', 'reasoning'])
        if (delta[field]) message[field] = (message[field] ?? '') + delta[field];
      for (const call of delta.tool_calls ?? []) {
        const calls = (message.tool_calls ??= []);
        const slot = (calls[call.index] ??= { id: '', type: 'function', function: { name: '', arguments: '' } });
        if (call.id) slot.id = call.id;
        if (call.function?.name) slot.function.name += call.function.name;
        if (call.function?.arguments) slot.function.arguments += call.function.arguments;
      }
      if (delta.annotations) (message.annotations ??= []).push(...delta.annotations);
      for (const part of delta.reasoning_details ?? []) {
        const details: Json[] = (message.reasoning_details ??= []);
        const block = details.find((d) => d.type === part.type && d.index === part.index);
        if (block === undefined) {
          details.push({ ...part });
          continue;
        }
        for (const [key, value] of Object.entries(part)) {
          if (key === 'text' || key === 'summary') block[key] = (block[key] ?? '') + value;
          else if (value !== '' && value !== null && value !== undefined) block[key] = value;
        }
      }
      if (c.finish_reason) choice.finish_reason = c.finish_reason;
      // OpenRouter's own field: its whole responses carry it on the choice.
      if (c.native_finish_reason) choice.native_finish_reason = c.native_finish_reason;
      // OpenRouter's whole message says `reasoning: null` when there was none.
      if ('reasoning' in delta && message.reasoning === undefined) message.reasoning = null;
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
export function comparable(response: ModelResponse | PartialModelResponse): Json {
  const { created: _created, ...rest } = response;
  const copy = JSON.parse(JSON.stringify(rest)) as Json;
  for (const choice of copy['choices']) {
    for (const call of choice.message.tool_calls ?? []) call.function.arguments = JSON.parse(call.function.arguments || '{}');
    if (Array.isArray(choice.message.annotations) && choice.message.annotations.length === 0) delete choice.message.annotations;
  }
  return copy;
}

/**
 * The event stream Anthropic's streaming format gives for a whole Message: each block opened
 * empty and filled by its deltas (text and its citations, thinking and its signature, tool input
 * as JSON, compaction content), blocks without deltas sent whole, usage on `message_delta`.
 * Used to stream a recording that was only made whole; `assembleAnthropicMessage` undoes it.
 */
export function anthropicEventsFor(message: Json): Json[] {
  const { content, stop_reason, stop_sequence, usage, ...head } = message;
  const events: Json[] = [
    {
      type: 'message_start',
      message: { ...head, content: [], stop_reason: null, stop_sequence: null, usage: { ...usage, output_tokens: 1 } },
    },
  ];
  (content as Json[]).forEach((block, index) => {
    const delta = (d: Json) => events.push({ type: 'content_block_delta', index, delta: d });
    const { type } = block;
    if (type === 'text') {
      events.push({
        type: 'content_block_start',
        index,
        content_block: { type, text: '', ...(block['citations'] ? { citations: [] } : {}) },
      });
      for (const citation of block['citations'] ?? []) delta({ type: 'citations_delta', citation });
      delta({ type: 'text_delta', text: block['text'] });
    } else if (type === 'thinking') {
      events.push({ type: 'content_block_start', index, content_block: { type, thinking: '', signature: '' } });
      delta({ type: 'thinking_delta', thinking: block['thinking'] });
      delta({ type: 'signature_delta', signature: block['signature'] });
    } else if ('input' in block) {
      events.push({ type: 'content_block_start', index, content_block: { ...block, input: {} } });
      delta({ type: 'input_json_delta', partial_json: JSON.stringify(block['input']) });
    } else if (type === 'compaction') {
      events.push({ type: 'content_block_start', index, content_block: { ...block, content: null } });
      delta({ type: 'compaction_delta', content: block['content'] });
    } else events.push({ type: 'content_block_start', index, content_block: block });
    events.push({ type: 'content_block_stop', index });
  });
  events.push({ type: 'message_delta', delta: { stop_reason, stop_sequence }, usage }, { type: 'message_stop' });
  return events;
}

/**
 * The chunks the Chat Completions streaming format (with OpenRouter's additions) gives for a
 * whole `chat.completion`: each choice's message as one delta, then its finish reason, then the
 * usage on a chunk without choices. Used to stream a recording that was only made whole.
 */
export function chatChunksFor(completion: Json): Json[] {
  const { choices, usage, object: _object, ...head } = completion;
  const chunk = (rest: Json) => ({ ...head, object: 'chat.completion.chunk', ...rest });
  const out: Json[] = [];
  for (const { index, message, finish_reason, native_finish_reason } of choices as Json[]) {
    out.push(chunk({ choices: [{ index, delta: message, finish_reason: null }] }));
    out.push(chunk({ choices: [{ index, delta: {}, finish_reason, ...(native_finish_reason ? { native_finish_reason } : {}) }] }));
  }
  if (usage) out.push(chunk({ choices: [], usage }));
  return out;
}
