// Per-kind checks on the recorded agent-loop responses listed in test/__fixtures__/recorded/README.md:
// compaction usage, prompt-cache reads and writes, web search count and citations, pause_turn and
// its continuation, redacted thinking, adaptive thinking, OpenRouter reasoning_details and
// url_citation annotations. Every recording is replayed over real HTTP from 127.0.0.1: a stream cut
// at seeded random byte offsets, a whole response as recorded. Expected values are read off the
// recordings themselves (or the whole Message their events add up to, assembled independently).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { createClient, type LlmuxClient } from '../../../src/index.js';
import type { ChatCompletionMessage, ModelResponse } from '../../../src/base/types.js';
import { getModelInfo } from '../../../src/models/index.js';
import { type ScriptedServer, startScriptedServer } from '../../helpers/scripted-server.js';
import { seededRandom } from '../../helpers/seeded-random.js';
import {
  type Json,
  assembleAnthropicMessage,
  assembleChatCompletion,
  randomPieces,
  readRecorded,
  recordedLines,
  ssePayloads,
} from '../../helpers/recorded-replay.js';

const SSE = { 'content-type': 'text/event-stream' };
const user = { role: 'user' as const, content: 'Go on' };

let server: ScriptedServer;
let client: LlmuxClient;

before(async () => {
  server = await startScriptedServer();
  client = createClient({
    env: {},
    maxRetries: 0,
    providers: {
      anthropic: { baseURL: server.url, apiKey: 'sk-ant-recorded' },
      openai: { baseURL: `${server.url}/v1`, apiKey: 'sk-recorded' },
      openrouter: { baseURL: `${server.url}/v1`, apiKey: 'sk-or-recorded' },
    },
  });
});

after(async () => {
  client.close();
  await server.close();
});

/** The provider's own body for a recording: a whole response as recorded, a stream as the whole it adds up to. */
function recordedBody(file: string): Json {
  if (file.endsWith('.json')) return JSON.parse(readRecorded(file)) as Json;
  const payloads = file.endsWith('.chunks.txt') ? recordedLines(file) : ssePayloads(readRecorded(file));
  const events = payloads.map((p) => JSON.parse(p) as Json);
  return file.includes('openrouter/') ? assembleChatCompletion(events) : assembleAnthropicMessage(events);
}

/** Replays a recording through complete() (whole) or stream() (cut at seeded random bytes). */
async function replay(file: string, model: string, extra: Json = {}): Promise<ModelResponse> {
  const request = { model, messages: [user], max_tokens: 1024, ...extra };
  if (file.endsWith('.json')) {
    server.push({ body: readRecorded(file) });
    return client.complete(request);
  }
  const raw = file.endsWith('.chunks.txt')
    ? recordedLines(file)
        .map((l) => `event: ${(JSON.parse(l) as Json)['type']}\ndata: ${l}\n\n`)
        .join('')
    : readRecorded(file);
  server.push({ headers: SSE, body: randomPieces(raw, seededRandom(file.length * 31 + raw.length)) });
  return client.stream(request).finalResponse();
}

/** Sends `message` back as the assistant turn of a next request to `model`; returns the body the server got. */
async function continueWith(
  message: ChatCompletionMessage,
  model: string,
  reply: string,
): Promise<{ body: Json; response: ModelResponse }> {
  server.push({ body: reply });
  const response = await client.complete({ model, messages: [user, message, { role: 'user', content: 'Continue' }], max_tokens: 1024 });
  return { body: server.received.at(-1)!.json as Json, response };
}

const near = (actual: number | undefined, expected: number, label: string): void => {
  assert.ok(actual !== undefined && Math.abs(actual - expected) < 1e-9, `${label}: ${actual} != ${expected}`);
};

const priceOf = (res: ModelResponse) => {
  const info = getModelInfo(res.cost!.model!);
  assert.ok(info, `the table prices ${res.cost?.model}`);
  return info;
};

describe('recorded Anthropic compaction: every usage.iterations step is counted', () => {
  for (const file of ['anthropic/anthropic-compaction.1.json', 'anthropic/anthropic-compaction.1.chunks.txt']) {
    it(file, async () => {
      const recorded = recordedBody(file);
      const steps = recorded['usage'].iterations as Json[];
      assert.deepEqual(
        steps.map((s) => s['type']),
        ['compaction', 'message'],
      );
      const prompt = steps.reduce((t, s) => t + s['input_tokens'] + s['cache_read_input_tokens'] + s['cache_creation_input_tokens'], 0);
      const completion = steps.reduce((t, s) => t + s['output_tokens'], 0);
      // The top level covers the final step only: counting it alone would miss the compaction.
      assert.ok(prompt > recorded['usage'].input_tokens + 50_000);

      const res = await replay(file, 'anthropic/claude-opus-4-6');
      assert.equal(res.usage?.prompt_tokens, prompt);
      assert.equal(res.usage?.completion_tokens, completion);
      assert.equal(res.usage?.total_tokens, prompt + completion);
      const info = priceOf(res);
      near(res.cost?.breakdown?.input, prompt * info.inputCostPerToken!, 'input cost');
      near(res.cost?.breakdown?.output, completion * info.outputCostPerToken!, 'output cost');

      // The compaction block is kept whole and goes back verbatim on the next turn.
      const message = res.choices[0]!.message;
      assert.deepEqual(message.provider_blocks?.blocks, recorded['content']);
      assert.equal(
        message.content,
        (recorded['content'] as Json[])
          .filter((b) => b['type'] === 'text')
          .map((b) => b['text'])
          .join(''),
      );
      const { body } = await continueWith(message, 'anthropic/claude-opus-4-6', readRecorded('anthropic/anthropic-text.json'));
      assert.deepEqual(body['messages'][1], { role: 'assistant', content: recorded['content'] });
    });
  }
});

describe('recorded Anthropic prompt caching: reads and writes counted and priced per TTL', () => {
  const cases = [
    { file: 'pydantic-ai/anthropic/prompt-cache.1.json', model: 'anthropic/claude-sonnet-4-5', read: 1111, written: 0 },
    { file: 'pydantic-ai/anthropic/prompt-cache.2.json', model: 'anthropic/claude-sonnet-4-5', read: 1111, written: 418 },
    {
      file: 'anthropic/anthropic-code-execution-20260120-prompt-cache.1.chunks.txt',
      model: 'anthropic/claude-sonnet-5',
      read: 6289,
      written: 3337,
    },
  ];
  for (const c of cases) {
    it(c.file, async () => {
      const usage = recordedBody(c.file)['usage'] as Json;
      assert.equal(usage['cache_read_input_tokens'], c.read);
      assert.equal(usage['cache_creation_input_tokens'], c.written);
      const res = await replay(c.file, c.model);
      assert.equal(res.usage?.prompt_tokens, usage['input_tokens'] + c.read + c.written);
      assert.equal(res.usage?.prompt_tokens_details?.cached_tokens, c.read);
      assert.equal(res.usage?.prompt_tokens_details?.cache_creation_tokens, c.written);
      // All of these writes went to the 5-minute cache.
      assert.equal(res.usage?.prompt_tokens_details?.cache_creation_1h_tokens, undefined);
      const info = priceOf(res);
      assert.ok(info.cacheReadCostPerToken! < info.inputCostPerToken! && info.cacheWriteCostPerToken! > info.inputCostPerToken!);
      near(res.cost?.breakdown?.cachedInput, c.read * info.cacheReadCostPerToken!, 'cache read cost');
      near(res.cost?.breakdown?.cacheWrite, c.written * info.cacheWriteCostPerToken!, 'cache write cost');
      near(res.cost?.breakdown?.input, usage['input_tokens'] * info.inputCostPerToken!, 'uncached input cost');
      if (c.written > 0) assert.deepEqual(res.cost?.breakdown?.cacheWriteByTtl, { '5m': res.cost?.breakdown?.cacheWrite, '1h': 0 });
      else assert.equal(res.cost?.breakdown?.cacheWriteByTtl, undefined);
    });
  }
});

describe('recorded Anthropic web search: requests priced, citations and server-tool blocks kept', () => {
  const cases = [
    { file: 'anthropic/anthropic-web-search-tool.1.json', model: 'anthropic/claude-sonnet-4-20250514', cited: true },
    { file: 'anthropic/anthropic-web-search-tool.1.chunks.txt', model: 'anthropic/claude-sonnet-4-20250514', cited: true },
    // The paused turn only searched; the continuation cites.
    { file: 'pydantic-ai/anthropic/pause-turn-web-search.1.json', model: 'anthropic/claude-sonnet-4-5', cited: false },
    { file: 'pydantic-ai/anthropic/pause-turn-web-search-stream.1.sse', model: 'anthropic/claude-sonnet-4-5', cited: false },
    { file: 'pydantic-ai/anthropic/pause-turn-web-search.2.json', model: 'anthropic/claude-sonnet-4-5', cited: true },
  ];
  for (const c of cases) {
    it(c.file, async () => {
      const recorded = recordedBody(c.file);
      const searches = recorded['usage'].server_tool_use.web_search_requests as number;
      assert.ok(searches > 0);
      const cited = (recorded['content'] as Json[]).filter(
        (b) => b['type'] === 'text' && Array.isArray(b['citations']) && b['citations'].length > 0,
      );
      assert.equal(cited.length > 0, c.cited, 'cited text in the recording');

      const res = await replay(c.file, c.model);
      assert.equal(res.usage?.server_tool_use?.web_search_requests, searches);
      const info = priceOf(res);
      assert.ok(info.webSearchCostPerRequest! > 0);
      near(res.cost?.breakdown?.webSearch, searches * info.webSearchCostPerRequest!, 'web search cost');
      near(
        res.cost?.total,
        Object.entries(res.cost!.breakdown!)
          .filter(([k]) => k !== 'cacheWriteByTtl')
          .reduce((t, [, v]) => t + (v as number), 0),
        'total',
      );
      const blocks = res.choices[0]!.message.provider_blocks;
      assert.equal(blocks?.provider, 'anthropic');
      assert.equal(blocks?.model, recorded['model']);
      // Every block as the provider sent it, the citations of every cited text block included.
      assert.deepEqual(blocks?.blocks, recorded['content']);
    });
  }
});

describe('recorded pause_turn: the provider reason is kept and the turn continues verbatim', () => {
  for (const file of ['pydantic-ai/anthropic/pause-turn-web-search.1.json', 'pydantic-ai/anthropic/pause-turn-web-search-stream.1.sse']) {
    it(file, async () => {
      const recorded = recordedBody(file);
      assert.equal(recorded['stop_reason'], 'pause_turn');
      const paused = await replay(file, 'anthropic/claude-sonnet-4-5', { reasoning_effort: 'low' });
      const choice = paused.choices[0]!;
      assert.equal(choice.finish_reason, 'stop');
      assert.equal(choice.provider_finish_reason, 'pause_turn');
      // The turn ends on a server tool call still running: its result comes with the continuation.
      assert.equal((recorded['content'] as Json[]).at(-1)!['type'], 'server_tool_use');

      const next = JSON.parse(readRecorded('pydantic-ai/anthropic/pause-turn-web-search.2.json')) as Json;
      const { body, response } = await continueWith(choice.message, 'anthropic/claude-sonnet-4-5', JSON.stringify(next));
      // Thinking with its signature, text, server_tool_use and web_search_tool_result blocks, as sent.
      assert.deepEqual(body['messages'][1], { role: 'assistant', content: recorded['content'] });
      assert.equal(response.id, next['id']);
      assert.equal(response.choices[0]!.provider_finish_reason, undefined);
      assert.equal(response.choices[0]!.finish_reason, 'stop');
      assert.equal((next['content'] as Json[])[0]!['type'], 'web_search_tool_result');
    });
  }
});

describe('recorded redacted thinking: kept, and sent back only to Anthropic', () => {
  for (const file of ['pydantic-ai/anthropic/redacted-thinking.1.json', 'pydantic-ai/anthropic/redacted-thinking-stream.1.sse']) {
    it(file, async () => {
      const recorded = recordedBody(file);
      const redacted = (recorded['content'] as Json[]).filter((b) => b['type'] === 'redacted_thinking');
      assert.ok(redacted.length > 0);
      const res = await replay(file, 'anthropic/claude-sonnet-4-5-20250929', { reasoning_effort: 'low' });
      const message = res.choices[0]!.message;
      assert.deepEqual(
        message.reasoning_details,
        redacted.map((b) => ({ type: 'redacted_thinking', data: b['data'], origin: { provider: 'anthropic', model: recorded['model'] } })),
      );
      assert.equal(message.reasoning_content, undefined);

      // Back to Anthropic: the encrypted blocks go first, as recorded (pydantic-ai's second call, answered by its second recording).
      const { body, response } = await continueWith(
        message,
        'anthropic/claude-sonnet-4-5-20250929',
        readRecorded('pydantic-ai/anthropic/redacted-thinking.2.json'),
      );
      assert.deepEqual(body['messages'][1].content.slice(0, redacted.length), redacted);
      assert.equal(response.choices[0]!.message.reasoning_details?.[0]?.type, 'redacted_thinking');

      // Claude of the same family through OpenRouter: translated to its encrypted details, as documented.
      const routed = (await continueWith(message, 'openrouter/anthropic/claude-sonnet-4.5', readRecorded('openai/openai-text.json'))).body;
      assert.deepEqual(
        routed['messages'][1].reasoning_details,
        redacted.map((b) => ({ type: 'reasoning.encrypted', data: b['data'], format: 'anthropic-claude-v1' })),
      );
      // Any other provider or model: the opaque blocks are dropped; the answer text still goes.
      for (const model of ['openai/gpt-5-mini', 'openrouter/openai/gpt-5-mini', 'openrouter/anthropic/claude-opus-4.5']) {
        const sent = (await continueWith(message, model, readRecorded('openai/openai-text.json'))).body;
        const text = JSON.stringify(sent);
        for (const b of redacted) assert.ok(!text.includes(b['data'] as string), `${model} got no redacted thinking`);
        assert.ok(text.includes(JSON.stringify(message.content).slice(1, 40)), `${model} got the answer text`);
      }
    });
  }
});

describe('recorded adaptive thinking: the thinking block, its signature and its token count', () => {
  const cases = [
    { file: 'pydantic-ai/anthropic/adaptive-thinking-opus-4-6.1.json', model: 'anthropic/claude-opus-4-6' },
    { file: 'pydantic-ai/anthropic/adaptive-thinking-opus-5.1.json', model: 'anthropic/claude-opus-5' },
    { file: 'anthropic/anthropic-claude-opus-5-reasoning-high.1.json', model: 'anthropic/claude-opus-5' },
  ];
  for (const c of cases) {
    it(c.file, async () => {
      const recorded = recordedBody(c.file);
      const thinking = (recorded['content'] as Json[]).filter((b) => b['type'] === 'thinking');
      assert.equal(thinking.length, 1);
      const res = await replay(c.file, c.model, { reasoning_effort: 'high' });
      // These recordings were made with thinking {type: 'adaptive'}: llmux asks the same for these models.
      const sent = server.received.at(-1)!.json as Json;
      assert.equal(sent['thinking']?.type, 'adaptive');
      assert.equal(sent['thinking']?.budget_tokens, undefined);
      assert.equal(sent['output_config']?.effort, 'high');

      const message = res.choices[0]!.message;
      assert.equal(message.reasoning_content, thinking[0]!['thinking']);
      assert.deepEqual(message.reasoning_details, [
        {
          type: 'thinking',
          thinking: thinking[0]!['thinking'],
          signature: thinking[0]!['signature'],
          origin: { provider: 'anthropic', model: recorded['model'] },
        },
      ]);
      assert.equal(
        message.content,
        (recorded['content'] as Json[])
          .filter((b) => b['type'] === 'text')
          .map((b) => b['text'])
          .join(''),
      );
      const reported = recorded['usage'].output_tokens_details?.thinking_tokens as number | undefined;
      assert.equal(res.usage?.completion_tokens, recorded['usage'].output_tokens);
      assert.equal(res.usage?.completion_tokens_details?.reasoning_tokens, reported);
      // Thinking is billed as output: the split moves nothing.
      const info = priceOf(res);
      near(
        (res.cost?.breakdown?.output ?? 0) + (res.cost?.breakdown?.reasoning ?? 0),
        recorded['usage'].output_tokens * info.outputCostPerToken!,
        'output cost',
      );
    });
  }
});

describe('recorded OpenRouter streams and responses: reasoning_details and url_citation annotations kept', () => {
  const cases = [
    { file: 'pydantic-ai/openrouter/web-search-annotations.1.json', model: 'openrouter/deepseek/deepseek-chat' },
    { file: 'pydantic-ai/openrouter/web-search-annotations-stream.1.sse', model: 'openrouter/deepseek/deepseek-chat' },
    { file: 'pydantic-ai/openrouter/reasoning-claude-stream.1.sse', model: 'openrouter/anthropic/claude-sonnet-4.5' },
    { file: 'pydantic-ai/openrouter/reasoning-claude-effort-high.1.json', model: 'openrouter/anthropic/claude-sonnet-4.5' },
    { file: 'pydantic-ai/openrouter/reasoning-o3-stream.1.sse', model: 'openrouter/openai/o3' },
  ];
  for (const c of cases) {
    it(c.file, async () => {
      const recordedChoice = recordedBody(c.file)['choices'][0] as Json;
      const recorded = recordedChoice['message'] as Json;
      const res = await replay(c.file, c.model);
      const message = res.choices[0]!.message;
      // OpenRouter's own fields take llmux's form, streamed and whole alike: no `reasoning: null`,
      // and the upstream's reason as provider_finish_reason where it says more than finish_reason.
      assert.equal('reasoning' in message, false);
      assert.equal('native_finish_reason' in res.choices[0]!, false);
      const native = recordedChoice['native_finish_reason'] as string;
      assert.equal(res.choices[0]!.provider_finish_reason, native === recordedChoice['finish_reason'] ? undefined : native);
      assert.equal(message.content, recorded['content']);
      assert.deepEqual(message.annotations ?? [], recorded['annotations'] ?? []);
      assert.deepEqual(message.reasoning_details ?? [], recorded['reasoning_details'] ?? []);
      if (recorded['annotations'])
        assert.ok(recorded['annotations'].length > 0 && recorded['annotations'].every((a: Json) => a['type'] === 'url_citation'));
      if (typeof recorded['reasoning'] === 'string') assert.equal(message.reasoning_content, recorded['reasoning']);

      if (recorded['reasoning_details']) {
        // Sent back to OpenRouter on the next turn, as received.
        const { body } = await continueWith(message, c.model, readRecorded('openai/openai-text.json'));
        assert.deepEqual(body['messages'][1].reasoning_details, recorded['reasoning_details']);
      }
    });
  }
});

// No public recording with a 1-hour cache write was found; this one is spec-derived (see
// test/__fixtures__/spec-derived/README.md) and labelled so.
describe('spec-derived (not recorded): a cache write split between the 5-minute and the 1-hour cache', () => {
  const SPEC = new URL('../../../../test/__fixtures__/spec-derived/', import.meta.url);
  const payloads = readFileSync(new URL('anthropic/cache-write-1h.chunks.txt', SPEC), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '');
  const events = payloads.map((p) => JSON.parse(p) as Json);
  const raw = payloads.map((p, i) => `event: ${events[i]!['type']}\ndata: ${p}\n\n`).join('');
  const whole = assembleAnthropicMessage(events);

  it('streamed and whole: each lifetime priced at its own write price', async () => {
    server.push({ body: JSON.stringify(whole) });
    const completed = await client.complete({ model: 'anthropic/claude-sonnet-4-5', messages: [user], max_tokens: 100 });
    server.push({ headers: SSE, body: randomPieces(raw, seededRandom(1)) });
    const streamed = await client.stream({ model: 'anthropic/claude-sonnet-4-5', messages: [user], max_tokens: 100 }).finalResponse();
    for (const res of [completed, streamed]) {
      assert.deepEqual(res.usage?.prompt_tokens_details, { cached_tokens: 0, cache_creation_tokens: 556, cache_creation_1h_tokens: 100 });
      assert.equal(res.usage?.prompt_tokens, 21 + 556);
      const info = priceOf(res);
      assert.ok(info.cacheWrite1hCostPerToken! > info.cacheWriteCostPerToken!);
      near(res.cost?.breakdown?.cacheWriteByTtl?.['5m'], 456 * info.cacheWriteCostPerToken!, '5m write');
      near(res.cost?.breakdown?.cacheWriteByTtl?.['1h'], 100 * info.cacheWrite1hCostPerToken!, '1h write');
      near(res.cost?.breakdown?.cacheWrite, 456 * info.cacheWriteCostPerToken! + 100 * info.cacheWrite1hCostPerToken!, 'cache write');
    }
    assert.deepEqual(streamed.cost, completed.cost);
  });
});
