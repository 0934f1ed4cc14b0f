import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import {
  BadRequestError,
  ConfigurationError,
  ContentPolicyViolationError,
  InternalServerError,
  createClient,
  type LlmuxClient,
} from '../../../src/index.js';
import type { ChatCompletionChunk } from '../../../src/base/types.js';
import { type ScriptedServer, sse, startScriptedServer } from '../../helpers/scripted-server.js';

const KEY = 'sk-or-v1-0123456789abcdef-sentinel-0123456789abcdef';
const MODEL = 'anthropic/claude-sonnet-4.5';
// Compiled tests run from .test-build/test/providers/openrouter/; the fixtures stay in the source tree.
const fixture = (name: string): string =>
  readFileSync(new URL(`../../../../test/__fixtures__/openrouter/${name}`, import.meta.url), 'utf8');
const chunks = (name: string): unknown[] =>
  fixture(name)
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
const messages = [{ role: 'user' as const, content: 'What is 2+2?' }];
const SSE_HEADERS = { 'content-type': 'text/event-stream' };
const PROCESSING = ': OPENROUTER PROCESSING\n\n';

function assertNoKey(e: unknown): void {
  const text = `${String(e)} ${(e as Error).stack} ${JSON.stringify(e)} ${JSON.stringify((e as { body?: unknown }).body)} ${JSON.stringify((e as { partialResponse?: unknown }).partialResponse)}`;
  assert.ok(!text.includes(KEY), 'the key must never appear in an error');
}

describe('openrouter adapter over real HTTP', () => {
  let server: ScriptedServer;
  let client: LlmuxClient;
  let bare: LlmuxClient;

  before(async () => {
    server = await startScriptedServer();
    const base = { baseURL: `${server.url}/api/v1`, apiKey: KEY };
    client = createClient({
      providers: { openrouter: { ...base, appUrl: 'https://example.dev/llmux-test', appName: 'llmux tests' } },
      env: {},
    });
    bare = createClient({ providers: { openrouter: base }, env: {} });
  });
  after(async () => {
    client.close();
    bare.close();
    await server.close();
  });

  it('complete: sends attribution, auth and OpenRouter fields; keeps reasoning, details and cost', async () => {
    server.push({ body: fixture('reasoning.response.json') });
    const res = await client.complete({
      model: `openrouter/${MODEL}`,
      messages,
      reasoning_effort: 'low',
      extra_body: { provider: { order: ['anthropic'], allow_fallbacks: false }, models: ['openai/gpt-4o'], transforms: ['middle-out'] },
    });
    const req = server.received.at(-1)!;
    assert.equal(req.url, '/api/v1/chat/completions');
    assert.equal(req.headers['http-referer'], 'https://example.dev/llmux-test');
    assert.equal(req.headers['x-title'], 'llmux tests');
    assert.equal(req.headers.authorization, `Bearer ${KEY}`);
    assert.deepEqual(req.json, {
      model: MODEL,
      messages,
      reasoning: { effort: 'low' },
      provider: { order: ['anthropic'], allow_fallbacks: false },
      models: ['openai/gpt-4o'],
      transforms: ['middle-out'],
    });

    const expected = JSON.parse(fixture('reasoning.response.json'));
    const message = res.choices[0]!.message;
    assert.equal(res.provider, 'openrouter');
    assert.equal(res.upstream_provider, expected.provider, 'the upstream OpenRouter named');
    assert.equal(message.content, '2 + 2 = 4.');
    assert.equal(message.reasoning_content, 'The user asks for 2+2. That is 4.');
    assert.equal('reasoning' in message, false);
    assert.deepEqual(message.reasoning_details, expected.choices[0].message.reasoning_details);
    assert.equal(res.usage?.cost, 0.000699);
    assert.deepEqual(res.usage, expected.usage);
    assert.equal(res.choices[0]!.finish_reason, 'stop');
  });

  it('sends no attribution headers when appUrl/appName are not set', async () => {
    server.push({ body: fixture('reasoning.response.json') });
    await bare.complete({ model: `openrouter/${MODEL}`, messages });
    const req = server.received.at(-1)!;
    assert.equal(req.headers['http-referer'], undefined);
    assert.equal(req.headers['x-title'], undefined);
  });

  it('stream: ignores ": OPENROUTER PROCESSING" comments, keeps reasoning and usage.cost', async () => {
    const events = sse(chunks('reasoning.chunks.txt'));
    // Comments before the first event, between events, and one split across two reads.
    const body = [
      PROCESSING,
      PROCESSING,
      events[0]!,
      ': OPENROUTER',
      ' PROCESSING\n\n',
      ...events.slice(1, 4),
      PROCESSING,
      ...events.slice(4),
    ];
    server.push({ body, headers: SSE_HEADERS });
    const s = client.stream({ model: `openrouter/${MODEL}`, messages, reasoning_effort: 'low' });
    const seen: ChatCompletionChunk[] = [];
    for await (const chunk of s) seen.push(chunk);
    const final = await s.finalResponse();

    assert.equal(seen.length, chunks('reasoning.chunks.txt').length, 'every data event, no comment, became a chunk');
    assert.equal(final.choices[0]?.message.content, '2 + 2 = 4.');
    assert.equal(final.choices[0]?.message.reasoning_content, 'The user asks for 2+2. That is 4.');
    assert.equal(final.choices[0]?.finish_reason, 'stop');
    assert.equal(final.usage?.cost, 0.000699);
    assert.equal(final.usage?.completion_tokens_details?.reasoning_tokens, 21);
    assert.equal(final.provider, 'openrouter');
    assert.equal(final.upstream_provider, 'Anthropic');
    assert.ok(seen.every((c) => c.upstream_provider === 'Anthropic'));
    // Deltas carry reasoning under the llmux name only.
    const reasoningDelta = seen[1]!.choices[0]!.delta as Record<string, unknown>;
    assert.equal(reasoningDelta['reasoning_content'], 'The user asks for 2+2.');
    assert.equal('reasoning' in reasoningDelta, false);
    // The signature fragment reaches the caller as OpenRouter sent it.
    assert.match(String(seen[3]!.choices[0]!.delta.reasoning_details?.[0]?.signature), /^EqQB/);

    const req = server.received.at(-1)!;
    assert.equal(req.json.stream, true);
    assert.deepEqual(req.json.reasoning, { effort: 'low' });
    assert.equal(req.headers['x-title'], 'llmux tests');
  });

  it('stream: the final response holds the whole signed reasoning.text detail, as the non-streamed one does', async () => {
    server.push({ body: sse(chunks('reasoning.chunks.txt')), headers: SSE_HEADERS });
    const final = await client.stream({ model: `openrouter/${MODEL}`, messages }).finalResponse();
    assert.deepEqual(
      final.choices[0]?.message.reasoning_details,
      JSON.parse(fixture('reasoning.response.json')).choices[0].message.reasoning_details,
    );
  });

  it('an error inside the 200 stream -> typed error carrying the text received, not retried', async () => {
    server.push({ body: sse(chunks('error-mid-stream.chunks.txt'), false), headers: SSE_HEADERS });
    const before = server.received.length;
    const s = client.stream({ model: 'openrouter/google/gemini-2.5-flash', messages }, { maxRetries: 2 });
    const texts: string[] = [];
    await assert.rejects(
      (async () => {
        for await (const t of s.textStream) texts.push(t);
      })(),
      (e: unknown) => {
        assert.ok(e instanceof InternalServerError, String(e));
        assert.equal(e.status, 502);
        assert.equal(e.provider, 'openrouter');
        assert.equal(e.requestId, 'gen-1760431301-Lm3NbV8cX1zQ9wE5rT7y');
        assert.match(e.message, /Provider returned error \(upstream provider: Google\)/);
        assert.equal(e.partialText, 'Once upon a time');
        assert.equal(e.partialResponse?.choices[0]?.finish_reason, null);
        assertNoKey(e);
        return true;
      },
    );
    assert.deepEqual(texts, ['Once upon', ' a time']);
    assert.equal(server.received.length - before, 1, 'text had reached the caller: no retry');
    await assert.rejects(s.finalResponse(), InternalServerError);
  });

  it('a whole response whose choice failed -> typed error with the partial response', async () => {
    const failed = JSON.parse(fixture('reasoning.response.json'));
    failed.choices[0].finish_reason = 'error';
    failed.choices[0].message.content = '2 + 2';
    failed.choices[0].error = { code: 502, message: 'Upstream stopped', metadata: { provider_name: 'Anthropic' } };
    server.push({ body: JSON.stringify(failed) });
    await assert.rejects(client.complete({ model: `openrouter/${MODEL}`, messages }, { maxRetries: 0 }), (e: unknown) => {
      assert.ok(e instanceof InternalServerError);
      assert.equal(e.partialText, '2 + 2');
      assert.equal(e.partialResponse?.choices[0]?.finish_reason, null);
      assert.equal(e.partialResponse?.usage?.cost, 0.000699);
      assertNoKey(e);
      return true;
    });
  });

  it('402 -> BadRequestError about credits, sent once (not retried), no key', async () => {
    server.push({
      status: 402,
      body: JSON.stringify({ error: { code: 402, message: `Insufficient credits for key ${KEY}`, metadata: {} } }),
    });
    const before = server.received.length;
    await assert.rejects(client.complete({ model: `openrouter/${MODEL}`, messages }), (e: unknown) => {
      assert.ok(e instanceof BadRequestError);
      assert.equal(e.status, 402);
      assert.match(e.message, /credits/);
      assertNoKey(e);
      return true;
    });
    assert.equal(server.received.length - before, 1);
  });

  it('403 moderation -> ContentPolicyViolationError (stream fails before any chunk)', async () => {
    server.push({
      status: 403,
      body: JSON.stringify({
        error: {
          code: 403,
          message: 'Your input was flagged',
          metadata: { reasons: ['hate'], flagged_input: '...', provider_name: 'OpenAI', model_slug: 'openai/gpt-4o' },
        },
      }),
    });
    await assert.rejects(client.stream({ model: 'openrouter/openai/gpt-4o', messages }).finalResponse(), (e: unknown) => {
      assert.ok(e instanceof ContentPolicyViolationError);
      assert.match(e.message, /flagged for: hate; upstream provider: OpenAI/);
      return true;
    });
  });

  it('502 before any output is retried, then succeeds', async () => {
    server.push(
      {
        status: 502,
        headers: { 'retry-after': '0' },
        body: JSON.stringify({ error: { code: 502, message: 'Provider returned error', metadata: { provider_name: 'Anthropic' } } }),
      },
      { body: fixture('reasoning.response.json') },
    );
    const before = server.received.length;
    const res = await client.complete({ model: `openrouter/${MODEL}`, messages });
    assert.equal(res.choices[0]?.message.content, '2 + 2 = 4.');
    assert.equal(server.received.length - before, 2);
  });

  it('bad routing fields are refused before any request', async () => {
    const before = server.received.length;
    await assert.rejects(
      client.complete({ model: `openrouter/${MODEL}`, messages, extra_body: { models: 'openai/gpt-4o' } }),
      ConfigurationError,
    );
    await assert.rejects(
      client
        .stream({ model: `openrouter/${MODEL}`, messages, extra_body: { reasoning: { effort: 'high', max_tokens: 100 } } })
        .finalResponse(),
      ConfigurationError,
    );
    assert.equal(server.received.length, before);
  });
});
