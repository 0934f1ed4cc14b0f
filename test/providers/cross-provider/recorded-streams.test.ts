// Replays real provider recordings (vendored from vercel/ai, see test/__fixtures__/recorded/README.md)
// over real HTTP through the public client, and checks the normalized results against values read
// off the recordings by hand.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { createClient, type LlmuxClient } from '../../../src/index.js';
import type { ChatCompletionChunk, FinishReason, ModelResponse } from '../../../src/base/types.js';
import { type ScriptedServer, startScriptedServer } from '../../helpers/scripted-server.js';

// Compiled tests run from .test-build/test/providers/cross-provider/; the fixtures stay in the source tree.
const RECORDED = new URL('../../../../test/__fixtures__/recorded/', import.meta.url);
const read = (path: string): string => readFileSync(new URL(path, RECORDED), 'utf8');
const lines = (path: string): string[] =>
  read(path)
    .split('\n')
    .filter((l) => l.trim() !== '');
const SSE_HEADERS = { 'content-type': 'text/event-stream' };
const ANTHROPIC_KEY = 'sk-ant-api03-recorded-sentinel-0123456789';
const OPENAI_KEY = 'sk-proj-recorded-sentinel-0123456789abcdef';
const messages = [{ role: 'user' as const, content: 'Replay' }];

/** Anthropic's framing: a named event per payload, the payload bytes exactly as recorded. */
function anthropicEvents(path: string): string[] {
  return lines(path).map((line) => `event: ${(JSON.parse(line) as { type: string }).type}\ndata: ${line}\n\n`);
}

function openaiEvents(path: string): string[] {
  return [...lines(path).map((line) => `data: ${line}\n\n`), 'data: [DONE]\n\n'];
}

/** The body cut into pieces of `size` bytes, so events (and UTF-8 characters) straddle reads. */
function pieces(events: readonly string[], size: number): Uint8Array[] {
  const bytes = Buffer.from(events.join(''));
  const out: Uint8Array[] = [];
  for (let i = 0; i < bytes.length; i += size) out.push(bytes.subarray(i, i + size));
  return out;
}

/** The signature exactly as the recording's `signature_delta` carries it. */
function recordedSignature(path: string): string {
  const event = lines(path)
    .map((l) => JSON.parse(l))
    .find((e) => e.delta?.type === 'signature_delta');
  return event.delta.signature as string;
}

type Text = string | { length: number; starts: string; ends: string };

interface AnthropicCase {
  file: string;
  model: string;
  id: string;
  content: Text | null;
  toolCalls?: { id: string; name: string; input: unknown }[];
  reasoning?: string;
  usage: { prompt: number; completion: number; cached: number; creation: number; webSearches?: number };
  finish: FinishReason;
  /** Bytes per network read (default: one event per read). */
  split?: number;
}

const ANTHROPIC_CASES: AnthropicCase[] = [
  {
    file: 'anthropic/anthropic-text.chunks.txt',
    model: 'claude-sonnet-4-5-20250929',
    id: 'msg_01QC4g3HwBThD4BaNtBckFDJ',
    content: "Hello! I'm doing well, thank you for asking. How are you doing today? Is there anything I can help you with?",
    usage: { prompt: 12, completion: 30, cached: 0, creation: 0 },
    finish: 'stop',
  },
  {
    file: 'anthropic/anthropic-json-tool.2.chunks.txt',
    model: 'claude-haiku-4-5-20251001',
    id: 'msg_01K2JbSUMYhez5RHoK9ZCj9U',
    content: "I'll invoke the JSON response tool.",
    toolCalls: [
      {
        id: 'toolu_01KFbKqPYSuAKujiL6mTfzYA',
        name: 'json',
        input: { elements: [{ location: 'San Francisco', temperature: 58, condition: 'sunny' }] },
      },
    ],
    usage: { prompt: 849, completion: 47, cached: 0, creation: 0 },
    finish: 'tool_calls',
  },
  {
    file: 'anthropic/anthropic-tool-no-args.chunks.txt',
    model: 'claude-sonnet-4-5-20250929',
    id: 'msg_01GE2RKp1VYsPzdFs3sS9z5S',
    content: "I'll update the issue list for you.",
    toolCalls: [{ id: 'toolu_01QE1WLsSVp5hy5Q3GmGTmjP', name: 'updateIssueList', input: {} }],
    usage: { prompt: 565, completion: 48, cached: 0, creation: 0 },
    finish: 'tool_calls',
  },
  {
    file: 'anthropic/anthropic-clear-thinking.1.chunks.txt',
    model: 'claude-sonnet-4-5-20250929',
    id: 'msg_01Y6V41gqPaKWEw7iPouH7iW',
    content: '925 ÷ 5 = 185',
    reasoning: 'The previous result was 925. Now I need to divide that by 5.\n\n925 ÷ 5 = 185',
    usage: { prompt: 69, completion: 53, cached: 0, creation: 0 },
    finish: 'stop',
    // Seven-byte reads split the two-byte "÷" as well as every event.
    split: 7,
  },
  {
    file: 'anthropic/anthropic-web-search-tool.1.chunks.txt',
    model: 'claude-sonnet-4-20250514',
    id: 'msg_01LHpEgU4KbfgXGVi3UtHQY1',
    content: {
      length: 2402,
      starts: 'Based on my search results, here are the key tech news developments from today (September 26, 2025):',
      ends: ' since their first international retail expansion.',
    },
    usage: { prompt: 15665, completion: 795, cached: 0, creation: 0, webSearches: 1 },
    finish: 'stop',
    split: 251,
  },
  {
    file: 'anthropic/anthropic-mcp.1.chunks.txt',
    model: 'claude-sonnet-4-5-20250929',
    id: 'msg_01RNdvgjHoLmx2THF9AVj3KK',
    content: 'The echo tool responded back with: **hello world**\n\nIt simply echoed back the exact message that was sent to it.',
    usage: { prompt: 1250, completion: 83, cached: 0, creation: 0 },
    finish: 'stop',
  },
  {
    file: 'anthropic/anthropic-message-delta-input-tokens.chunks.txt',
    model: 'claude-opus-4-5-20251101',
    id: 'msg_3196a1cc08de4d76b85b8f5777c0d42b',
    content: 'pong',
    // message_start said 43 input tokens; message_delta's 61 replaces it.
    usage: { prompt: 61, completion: 2, cached: 0, creation: 0 },
    finish: 'stop',
  },
  {
    file: 'anthropic/anthropic-code-execution-20260120-prompt-cache.1.chunks.txt',
    model: 'claude-sonnet-5',
    id: 'msg_011CdYfpjpVtBoXyXCQD1tQP',
    content: 'The sum of the squares of the numbers 1 through 12 is **650**.',
    // 6 uncached + 6289 read from cache + 3337 written to it.
    usage: { prompt: 9632, completion: 198, cached: 6289, creation: 3337 },
    finish: 'stop',
  },
];

/** Every event, block and delta type in the vendored Anthropic recordings; all are replayed below. */
const ANTHROPIC_TYPES = [
  'content_block_delta:citations_delta',
  'content_block_delta:input_json_delta',
  'content_block_delta:signature_delta',
  'content_block_delta:text_delta',
  'content_block_delta:thinking_delta',
  'content_block_start:bash_code_execution_tool_result',
  'content_block_start:mcp_tool_result',
  'content_block_start:mcp_tool_use',
  'content_block_start:server_tool_use',
  'content_block_start:text',
  'content_block_start:thinking',
  'content_block_start:tool_use',
  'content_block_start:web_search_tool_result',
  'content_block_stop',
  'message_delta',
  'message_start',
  'message_stop',
  'ping',
];

function assertText(actual: string | null | undefined, expected: Text | null, label: string): void {
  if (expected === null || typeof expected === 'string') {
    assert.equal(actual ?? null, expected, label);
    return;
  }
  assert.equal(actual?.length, expected.length, `${label}: length`);
  assert.ok(actual.startsWith(expected.starts), `${label}: start`);
  assert.ok(actual.endsWith(expected.ends), `${label}: end`);
}

let server: ScriptedServer;
let client: LlmuxClient;

before(async () => {
  server = await startScriptedServer();
  client = createClient({
    providers: {
      anthropic: { baseURL: server.url, apiKey: ANTHROPIC_KEY },
      openai: { baseURL: `${server.url}/v1`, apiKey: OPENAI_KEY },
      xai: { baseURL: `${server.url}/xai/v1`, apiKey: OPENAI_KEY },
      'openai-compatible': { baseURL: `${server.url}/compat/v1` },
    },
    env: {},
    maxRetries: 0,
  });
});

after(async () => {
  client.close();
  await server.close();
});

describe('recorded Anthropic streams replayed through createClient', () => {
  it('the recordings hold exactly the event types listed here', () => {
    const seen = new Set<string>();
    for (const { file } of ANTHROPIC_CASES) {
      for (const line of lines(file)) {
        const event = JSON.parse(line);
        const sub =
          event.type === 'content_block_start'
            ? event.content_block.type
            : event.type === 'content_block_delta'
              ? event.delta.type
              : undefined;
        seen.add(sub === undefined ? event.type : `${event.type}:${sub}`);
      }
    }
    assert.deepEqual([...seen].sort(), ANTHROPIC_TYPES);
  });

  for (const c of ANTHROPIC_CASES) {
    it(`${c.file}: text, tool calls, reasoning, usage and finish reason`, async () => {
      const events = anthropicEvents(c.file);
      server.push({ body: c.split === undefined ? events : pieces(events, c.split), headers: SSE_HEADERS });
      const s = client.stream({ model: `anthropic/${c.model}`, messages, max_tokens: 1024 });
      const chunks: ChatCompletionChunk[] = [];
      for await (const chunk of s) chunks.push(chunk);
      const final: ModelResponse = await s.finalResponse();

      const req = server.received.at(-1)!;
      assert.equal(req.url, '/v1/messages');
      assert.equal(req.headers['x-api-key'], ANTHROPIC_KEY);
      assert.equal(req.json.stream, true);

      assert.equal(final.id, c.id);
      assert.equal(final.model, c.model);
      assert.equal(final.provider, 'anthropic');
      assert.equal(final.choices.length, 1);
      const choice = final.choices[0]!;
      assertText(choice.message.content, c.content, 'content');
      assert.equal(choice.finish_reason, c.finish);

      // Only client `tool_use` blocks are tool calls: server tools and MCP blocks are not.
      const calls = choice.message.tool_calls ?? [];
      assert.deepEqual(
        calls.map((t) => ({ id: t.id, name: t.function.name, input: JSON.parse(t.function.arguments) })),
        c.toolCalls ?? [],
      );
      for (const call of calls) assert.equal(call.type, 'function');

      if (c.reasoning === undefined) {
        assert.equal(choice.message.reasoning_content, undefined);
        assert.equal(choice.message.reasoning_details, undefined);
      } else {
        assert.equal(choice.message.reasoning_content, c.reasoning);
        assert.deepEqual(choice.message.reasoning_details, [
          {
            type: 'thinking',
            thinking: c.reasoning,
            signature: recordedSignature(c.file),
            origin: { provider: 'anthropic', model: final.model },
          },
        ]);
      }

      const { prompt, completion, cached, creation, webSearches } = c.usage;
      assert.deepEqual(final.usage, {
        prompt_tokens: prompt,
        completion_tokens: completion,
        total_tokens: prompt + completion,
        prompt_tokens_details: { cached_tokens: cached, cache_creation_tokens: creation },
        ...(webSearches === undefined ? {} : { server_tool_use: { web_search_requests: webSearches } }),
      });
      // Usage travels on the last chunk, as OpenAI sends it with include_usage.
      assert.deepEqual(chunks.at(-1)?.choices, []);
      assert.deepEqual(chunks.at(-1)?.usage, final.usage);
      for (const chunk of chunks) assert.equal(chunk.object, 'chat.completion.chunk');
    });
  }

  it('non-streamed recordings: text, and thinking with its signature', async () => {
    server.push({ body: read('anthropic/anthropic-text.json') });
    const text = await client.complete({ model: 'anthropic/claude-sonnet-4-5-20250929', messages, max_tokens: 1024 });
    assert.equal(
      text.choices[0]?.message.content,
      "Hello! I'm doing well, thanks for asking. How are you doing today? Is there anything I can help you with?",
    );
    assert.equal(text.choices[0]?.finish_reason, 'stop');
    assert.deepEqual(text.usage, {
      prompt_tokens: 12,
      completion_tokens: 29,
      total_tokens: 41,
      prompt_tokens_details: { cached_tokens: 0, cache_creation_tokens: 0 },
    });

    const recorded = JSON.parse(read('anthropic/anthropic-clear-thinking.1.json'));
    server.push({ body: JSON.stringify(recorded) });
    const thinking = await client.complete({ model: 'anthropic/claude-sonnet-4-5-20250929', messages, max_tokens: 1024 });
    assert.equal(thinking.choices[0]?.message.content, '925 ÷ 5 = 185');
    assert.equal(thinking.choices[0]?.message.reasoning_content, '925 divided by 5 = 185');
    assert.deepEqual(thinking.choices[0]?.message.reasoning_details, [
      {
        type: 'thinking',
        thinking: '925 divided by 5 = 185',
        signature: recorded.content[0].signature,
        origin: { provider: 'anthropic', model: recorded.model },
      },
    ]);
    assert.equal(thinking.usage?.completion_tokens, 33);
  });
});

describe('recorded OpenAI-shaped streams replayed through createClient', () => {
  it('OpenAI text: 300 tokens of text, usage from the last chunk', async () => {
    server.push({ body: openaiEvents('openai/openai-text.chunks.txt'), headers: SSE_HEADERS });
    const final = await client.stream({ model: 'openai/gpt-4.1-nano', messages }).finalResponse();
    assertText(
      final.choices[0]?.message.content,
      {
        length: 1724,
        starts: '**Holiday Name:** Harmony Day\n\n**Date:** Celebrated annually on the first Saturd',
        ends: 'nnected through shared human experiences and mutual respect.',
      },
      'content',
    );
    assert.equal(final.choices[0]?.finish_reason, 'stop');
    assert.equal(final.id, 'chatcmpl-D8Z5oo6uDh67AD85p73ksdT1KxhE0');
    assert.equal(final.model, 'gpt-4.1-nano-2025-04-14');
    assert.equal(final.system_fingerprint, 'fp_de604bd877');
    assert.equal(final.service_tier, 'default');
    assert.deepEqual(final.usage, {
      prompt_tokens: 16,
      completion_tokens: 300,
      total_tokens: 316,
      prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
      completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
    });
    assert.equal(server.received.at(-1)?.url, '/v1/chat/completions');
  });

  it('OpenAI text, not streamed', async () => {
    server.push({ body: read('openai/openai-text.json') });
    const res = await client.complete({ model: 'openai/gpt-4.1-nano', messages });
    assert.equal(res.choices[0]?.message.content?.length, 1842);
    assert.equal(res.choices[0]?.finish_reason, 'stop');
    assert.equal(res.usage?.completion_tokens, 363);
    assert.equal(res.provider, 'openai');
  });

  it('Azure model router: a choice-less content-filter preamble, null fingerprints, reasoning token usage', async () => {
    server.push({ body: pieces(openaiEvents('openai/azure-model-router.1.chunks.txt'), 13), headers: SSE_HEADERS });
    const final = await client.stream({ model: 'openai/model-router', messages }).finalResponse();
    assert.equal(final.choices[0]?.message.content, 'Capital of Denmark.');
    assert.equal(final.choices[0]?.finish_reason, 'stop');
    assert.equal(final.id, 'chatcmpl-CYPS1lijGoK8gd9lYzY3r9Sx50nbt');
    assert.equal(final.model, 'gpt-5-nano-2025-08-07');
    assert.equal(final.system_fingerprint, undefined);
    assert.equal(final.usage?.completion_tokens_details?.reasoning_tokens, 64);
    assert.equal(final.usage?.total_tokens, 93);
  });

  it('xAI: reasoning_content deltas and a tool call in one piece', async () => {
    server.push({ body: openaiEvents('openai-compatible/xai-tool-call.chunks.txt'), headers: SSE_HEADERS });
    const final = await client.stream({ model: 'xai/grok-3-mini', messages }).finalResponse();
    const message = final.choices[0]!.message;
    assert.equal(message.content, null);
    assert.equal(message.reasoning_content?.length, 1069);
    assert.ok(message.reasoning_content?.startsWith('First, the user is asking about the weather in San Francisco'));
    assert.deepEqual(message.tool_calls, [
      { id: 'call_79382389', type: 'function', function: { name: 'weather', arguments: '{"location":"San Francisco"}' } },
    ]);
    assert.equal(final.choices[0]?.finish_reason, 'tool_calls');
    // The provider's own usage fields are kept next to OpenAI's.
    assert.equal((final.usage as unknown as Record<string, unknown>)['cost_in_usd_ticks'], 1497500);
    assert.equal(final.usage?.prompt_tokens_details?.cached_tokens, 306);
    assert.equal(server.received.at(-1)?.url, '/xai/v1/chat/completions');
  });

  it('a raw recorded SSE body whose tool call index starts at 1', async () => {
    server.push({ body: read('openai-compatible/anthropic-fallback-tool-call.sse'), headers: SSE_HEADERS });
    const final = await client.stream({ model: 'openai-compatible/claude-haiku-4-5-20251001', messages }).finalResponse();
    assert.equal(final.choices[0]?.message.content, 'Reading it.');
    assert.deepEqual(final.choices[0]?.message.tool_calls, [
      { id: 'toolu_sanitized', type: 'function', function: { name: 'read_file', arguments: '{"path": "a.txt"}' } },
    ]);
    assert.equal(final.choices[0]?.finish_reason, 'tool_calls');
    assert.equal(final.usage, undefined);
  });
});
