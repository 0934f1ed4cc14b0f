// Replays real Responses API recordings (vendored from vercel/ai, see
// test/__fixtures__/recorded/README.md) over local HTTP, cut at seeded random bytes.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { RateLimitError, createClient, type ChatCompletionMessageParam, type LlmuxClient } from '../../../src/index.js';
import { type ScriptedServer, startScriptedServer } from '../../helpers/scripted-server.js';
import { seededRandom as seeded } from '../../helpers/seeded-random.js';

const RECORDED = new URL('../../../../test/__fixtures__/recorded/openai-responses/', import.meta.url);
const recorded = (name: string): string => readFileSync(new URL(name, RECORDED), 'utf8');
const KEY = 'sk-proj-recorded-0123456789abcdef-sentinel';
const SSE = { 'content-type': 'text/event-stream' };

/** The recording's payload lines, split into one list per response (it holds a whole agent loop). */
function turns(text: string): string[][] {
  const out: string[][] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    if ((JSON.parse(line) as { type: string }).type === 'response.created') out.push([]);
    out.at(-1)!.push(line);
  }
  return out;
}

/** Payload lines as an SSE body cut at `cuts` random byte offsets. */
function cutBody(lines: readonly string[], random: () => number, cuts: number): Uint8Array[] {
  const bytes = Buffer.from(lines.map((l) => `data: ${l}\n\n`).join(''));
  const at = [...new Set(Array.from({ length: cuts }, () => 1 + Math.floor(random() * (bytes.length - 1))))].sort((a, b) => a - b);
  const pieces: Uint8Array[] = [];
  let from = 0;
  for (const to of [...at, bytes.length]) {
    pieces.push(bytes.subarray(from, to));
    from = to;
  }
  return pieces;
}

const calculator = {
  type: 'function' as const,
  function: {
    name: 'calculator',
    description: 'A minimal calculator for basic arithmetic. Call it once per step.',
    parameters: {
      type: 'object',
      properties: { a: { type: 'number' }, b: { type: 'number' }, op: { type: 'string', enum: ['add', 'subtract', 'multiply', 'divide'] } },
      required: ['a', 'b', 'op'],
      additionalProperties: false,
    },
    strict: true,
  },
};

describe('recorded Responses API exchanges', () => {
  let server: ScriptedServer;
  let client: LlmuxClient;

  before(async () => {
    server = await startScriptedServer();
    client = createClient({ providers: { openai: { baseURL: `${server.url}/v1`, apiKey: KEY } }, env: {}, maxRetries: 0 });
  });
  after(async () => {
    client.close();
    await server.close();
  });

  it('a four-turn tool loop of gpt-5.1-codex-max: each turn carries the reasoning from its done event, right before its call', async () => {
    const recording = turns(recorded('openai-reasoning-encrypted-content.1.chunks.txt'));
    assert.equal(recording.length, 4);
    const reasoningDone = JSON.parse(
      recording[0]!.find((l) => l.includes('"response.output_item.done"') && l.includes('"reasoning"'))!,
    ).item;
    const reasoningAdded = JSON.parse(
      recording[0]!.find((l) => l.includes('"response.output_item.added"') && l.includes('"reasoning"'))!,
    ).item;
    assert.notEqual(reasoningDone.encrypted_content, reasoningAdded.encrypted_content, 'the recording has two different values');
    for (const seed of [1, 2, 3, 4, 5]) {
      const random = seeded(seed);
      const messages: ChatCompletionMessageParam[] = [{ role: 'user', content: 'Compute (12 + 7) * 3 * 10 with the calculator.' }];
      const results = [19, 57, 570];
      let answer = '';
      for (const [turn, lines] of recording.entries()) {
        server.push({ headers: SSE, body: cutBody(lines, random, 6) });
        const response = await client
          .stream({ model: 'openai/gpt-5.1-codex-max', messages, tools: [calculator], reasoning_effort: 'high' }, {})
          .finalResponse();
        const sent = server.received.at(-1)!;
        assert.equal(sent.url, '/v1/responses', 'gpt-5.1-codex-max is served by the Responses API only');
        assert.equal(sent.json.store, false);
        assert.deepEqual(sent.json.include, ['reasoning.encrypted_content']);
        if (turn === 1) {
          // The second request: the first turn's reasoning item sits directly before its function call.
          const items = sent.json.input as Record<string, unknown>[];
          const at = items.findIndex((item) => item['type'] === 'reasoning');
          assert.deepEqual(items[at], {
            type: 'reasoning',
            id: reasoningDone.id,
            encrypted_content: reasoningDone.encrypted_content,
            summary: reasoningDone.summary,
          });
          assert.equal(items[at + 1]!['type'], 'function_call');
          assert.equal(items[at + 1]!['call_id'], 'call_AB6AaRZ1FYZB2RwS6A5vbdqn');
          assert.equal(items[at + 2]!['type'], 'function_call_output');
        }
        const message = response.choices[0]!.message;
        if (turn === 0) assert.match(message.reasoning_content ?? '', /^\*\*Calculating step-by-step using calculator\*\*/);
        if (message.tool_calls === undefined) {
          answer = message.content ?? '';
          assert.equal(response.choices[0]!.finish_reason, 'stop');
          break;
        }
        assert.equal(response.choices[0]!.finish_reason, 'tool_calls');
        messages.push(message, { role: 'tool', tool_call_id: message.tool_calls[0]!.id, content: String(results[turn]) });
      }
      assert.equal(answer, 'The final result is **570**.', `seed ${seed}`);
    }
  });

  it('an insufficient_quota error event is a RateLimitError, not retried', async () => {
    const lines = turns(recorded('openai-error.1.chunks.txt'))[0]!;
    for (const seed of [1, 2, 3]) {
      server.push({ headers: SSE, body: cutBody(lines, seeded(seed), 4) });
      const before = server.received.length;
      await assert.rejects(
        client
          .stream({ model: 'openai/gpt-5-nano', messages: [{ role: 'user', content: 'Hi' }] }, { api: 'responses', maxRetries: 2 })
          .finalResponse(),
        (e: unknown) =>
          e instanceof RateLimitError && e.code === 'insufficient_quota' && !e.retryable && /exceeded your current quota/.test(e.message),
      );
      assert.equal(server.received.length, before + 1, 'one request: a spent quota is not retried');
    }
  });

  it('a web-search answer: its URL citations, cached and reasoning tokens', async () => {
    const body = recorded('openai-web-search-tool.1.json');
    const raw = JSON.parse(body);
    server.push({ body });
    const res = await client.complete(
      { model: 'openai/gpt-5-mini', messages: [{ role: 'user', content: 'News?' }], tools: [{ type: 'web_search' } as never] },
      { api: 'responses' },
    );
    assert.deepEqual(server.received.at(-1)!.json.tools, [{ type: 'web_search' }]);
    const message = res.choices[0]!.message;
    const part = raw.output.find((o: { type: string }) => o.type === 'message').content[0];
    assert.equal(message.content, part.text);
    assert.equal(message.annotations?.length, part.annotations.length);
    const first = message.annotations![0]!.url_citation;
    assert.equal(first.url, part.annotations[0].url);
    assert.equal(
      message.content!.slice(first.start_index, first.end_index),
      part.text.slice(part.annotations[0].start_index, part.annotations[0].end_index),
    );
    assert.deepEqual(res.usage, {
      prompt_tokens: 19681,
      completion_tokens: 3773,
      total_tokens: 23454,
      prompt_tokens_details: { cached_tokens: 3712 },
      completion_tokens_details: { reasoning_tokens: 3136 },
    });
    assert.equal(
      message.reasoning_details?.length ?? 0,
      raw.output.filter((o: { type: string; encrypted_content?: string }) => o.type === 'reasoning' && o.encrypted_content).length,
    );
  });
});
