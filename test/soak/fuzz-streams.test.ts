// Seeded fuzzing of the stream path: recorded streams of every provider (OpenAI, Anthropic,
// OpenRouter) replayed over real HTTP split at random byte boundaries, cut short, reset, and
// replaced by random bodies. Whatever arrives, a call ends in a response or a typed LlmuxError,
// the process never crashes, and a complete stream split anywhere gives exactly what it gives
// unsplit.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { isLlmuxError } from '../../src/base/errors.js';
import { createClient, type LlmuxClient } from '../../src/index.js';
import type { ChatRequest, ModelResponse } from '../../src/base/types.js';
import { type ScriptedReply, type ScriptedServer, startScriptedServer } from '../helpers/scripted-server.js';
import { randomInt, seededRandom } from '../helpers/seeded-random.js';

const SEED = Number(process.env['LLMUX_FUZZ_SEED'] ?? 8_088);
const SPLITS_PER_STREAM = 10;
const CUTS_PER_STREAM = 6;
const RANDOM_BODIES = 120;
const BYTEWISE_PREFIX = 8 * 1024;
const KEY = 'sk-fuzz-key-not-a-secret';
const FIXTURES = new URL('../../../test/__fixtures__/', import.meta.url);
const SSE = { 'content-type': 'text/event-stream' };

type Provider = 'openai' | 'anthropic' | 'openrouter';
const MODELS: Record<Provider, string> = {
  openai: 'openai/gpt-4o-mini',
  anthropic: 'anthropic/claude-sonnet-4-5',
  openrouter: 'openrouter/anthropic/claude-sonnet-4.5',
};

interface Recorded {
  name: string;
  provider: Provider;
  body: Buffer;
}

const lines = (path: string): string[] =>
  readFileSync(new URL(path, FIXTURES), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '');
function anthropicBody(path: string): Buffer {
  return Buffer.from(
    lines(path)
      .map((l) => `event: ${(JSON.parse(l) as { type: string }).type}\ndata: ${l}\n\n`)
      .join(''),
  );
}
function openaiBody(path: string): Buffer {
  return Buffer.from([...lines(path).map((l) => `data: ${l}\n\n`), 'data: [DONE]\n\n'].join(''));
}

const STREAMS: Recorded[] = [
  ...[
    'openai/text.chunks.txt',
    'openai/tool-calls.chunks.txt',
    'recorded/openai/openai-text.chunks.txt',
    'recorded/openai/azure-model-router.1.chunks.txt',
    'recorded/openai-compatible/xai-tool-call.chunks.txt',
  ].map((path): Recorded => ({ name: path, provider: 'openai', body: openaiBody(path) })),
  {
    name: 'recorded/openai-compatible/anthropic-fallback-tool-call.sse',
    provider: 'openai',
    body: readFileSync(new URL('recorded/openai-compatible/anthropic-fallback-tool-call.sse', FIXTURES)),
  },
  ...[
    'anthropic/text.chunks.txt',
    'anthropic/thinking.chunks.txt',
    'anthropic/tool-use.chunks.txt',
    'anthropic/error.chunks.txt',
    'recorded/anthropic/anthropic-text.chunks.txt',
    'recorded/anthropic/anthropic-json-tool.2.chunks.txt',
    'recorded/anthropic/anthropic-tool-no-args.chunks.txt',
    'recorded/anthropic/anthropic-clear-thinking.1.chunks.txt',
    'recorded/anthropic/anthropic-web-search-tool.1.chunks.txt',
    'recorded/anthropic/anthropic-mcp.1.chunks.txt',
    'recorded/anthropic/anthropic-message-delta-input-tokens.chunks.txt',
    'recorded/anthropic/anthropic-code-execution-20260120-prompt-cache.1.chunks.txt',
  ].map((path): Recorded => ({ name: path, provider: 'anthropic', body: anthropicBody(path) })),
  ...['openrouter/reasoning.chunks.txt', 'openrouter/error-mid-stream.chunks.txt'].map((path): Recorded => ({
    name: path,
    provider: 'openrouter',
    body: openaiBody(path),
  })),
];

const RESPONSES: Recorded[] = [
  { name: 'openai/text.response.json', provider: 'openai', body: readFileSync(new URL('openai/text.response.json', FIXTURES)) },
  { name: 'anthropic/text.message.json', provider: 'anthropic', body: readFileSync(new URL('anthropic/text.message.json', FIXTURES)) },
  {
    name: 'anthropic/tool-use.message.json',
    provider: 'anthropic',
    body: readFileSync(new URL('anthropic/tool-use.message.json', FIXTURES)),
  },
  {
    name: 'openrouter/reasoning.response.json',
    provider: 'openrouter',
    body: readFileSync(new URL('openrouter/reasoning.response.json', FIXTURES)),
  },
];

/** What a call came to: the parts of a response that depend only on the bytes, or the error's class and partial text. */
type Outcome = { ok: true; result: string } | { ok: false; name: string; partialText: string };

function summarize(response: ModelResponse): string {
  return JSON.stringify({ choices: response.choices, usage: response.usage });
}

/** The body in pieces cut at `cuts` random byte offsets (UTF-8 characters and event boundaries included). */
function splitAt(body: Buffer, random: () => number, cuts: number): Buffer[] {
  const offsets = new Set<number>();
  for (let i = 0; i < cuts; i++) offsets.add(randomInt(random, 1, body.length - 1));
  const sorted = [...offsets].sort((a, b) => a - b);
  const pieces: Buffer[] = [];
  let start = 0;
  for (const offset of [...sorted, body.length]) {
    pieces.push(body.subarray(start, offset));
    start = offset;
  }
  return pieces;
}

function chunked(body: Buffer, size: number): Buffer[] {
  const pieces: Buffer[] = [];
  for (let i = 0; i < body.length; i += size) pieces.push(body.subarray(i, i + size));
  return pieces;
}

describe('seeded stream fuzzing over real HTTP', () => {
  let server: ScriptedServer;
  let client: LlmuxClient;
  const escaped: unknown[] = [];
  const onEscape = (error: unknown): void => void escaped.push(error);
  const untyped: string[] = [];
  /** Cuts that completed with the right choices but no usage (the known bug). */

  before(async () => {
    process.on('uncaughtException', onEscape);
    process.on('unhandledRejection', onEscape);
    server = await startScriptedServer();
    client = createClient({
      providers: {
        openai: { baseURL: `${server.url}/v1`, apiKey: KEY },
        anthropic: { baseURL: server.url, apiKey: KEY },
        openrouter: { baseURL: `${server.url}/api/v1`, apiKey: KEY },
      },
      env: {},
      maxRetries: 0,
      timeout: 5_000,
    });
  });
  after(async () => {
    client.close();
    await server.close();
    process.off('uncaughtException', onEscape);
    process.off('unhandledRejection', onEscape);
  });

  const request = (provider: Provider): ChatRequest => ({
    model: MODELS[provider],
    messages: [{ role: 'user', content: 'fuzz' }],
    max_tokens: 1024,
  });

  /** Serves `reply` to one call and returns how the call ended; records anything untyped. */
  async function call(provider: Provider, stream: boolean, reply: ScriptedReply, label: string): Promise<Outcome> {
    server.push(reply);
    try {
      if (stream) {
        const s = client.stream(request(provider));
        let text = '';
        try {
          for await (const chunk of s) text += chunk.choices[0]?.delta.content ?? '';
        } catch (error) {
          if (isLlmuxError(error) && error.partialText !== text)
            untyped.push(`${label}: partialText ${JSON.stringify(error.partialText)} is not the text streamed ${JSON.stringify(text)}`);
          throw error;
        }
        const final = await s.finalResponse();
        if ((final.choices[0]?.message.content ?? '') !== text) untyped.push(`${label}: finalResponse text differs from the chunks`);
        return { ok: true, result: summarize(final) };
      }
      return { ok: true, result: summarize(await client.complete(request(provider))) };
    } catch (error) {
      if (!isLlmuxError(error)) {
        untyped.push(`${label}: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`);
        return { ok: false, name: 'untyped', partialText: '' };
      }
      return { ok: false, name: error.name, partialText: error.partialText };
    }
  }

  test('a recorded stream split at random byte boundaries gives exactly the unsplit result', async () => {
    const random = seededRandom(SEED);
    let runs = 0;
    for (const recorded of STREAMS) {
      const whole = await call(recorded.provider, true, { body: [recorded.body], headers: SSE }, `${recorded.name} whole`);
      for (let i = 0; i <= SPLITS_PER_STREAM; i++) {
        // The last variant cuts everywhere: 1 to 3 bytes a read. A long recording (100 KB of
        // chunks) keeps its random splits but takes that variant on its first 8 KB only: beyond
        // that it repeats the same event shapes at a cost of one read per byte.
        const pieces =
          i < SPLITS_PER_STREAM
            ? splitAt(recorded.body, random, randomInt(random, 1, 64))
            : [
                ...chunked(recorded.body.subarray(0, BYTEWISE_PREFIX), randomInt(random, 1, 3)),
                ...(recorded.body.length > BYTEWISE_PREFIX ? [recorded.body.subarray(BYTEWISE_PREFIX)] : []),
              ];
        const label = `${recorded.name} split ${i} (seed ${SEED}, ${pieces.length} pieces)`;
        assert.deepEqual(await call(recorded.provider, true, { body: pieces, headers: SSE }, label), whole, label);
        runs++;
      }
    }
    assert.deepEqual(untyped, []);
    assert.ok(runs >= STREAMS.length * SPLITS_PER_STREAM);
  });

  test('a recorded stream cut short (ended cleanly or reset) ends in a typed error, or in the whole result', async () => {
    const random = seededRandom(SEED + 1);
    for (const recorded of STREAMS) {
      const whole = await call(recorded.provider, true, { body: [recorded.body], headers: SSE }, `${recorded.name} whole`);
      for (let i = 0; i < CUTS_PER_STREAM; i++) {
        const at = randomInt(random, 0, recorded.body.length - 1);
        const pieces = splitAt(recorded.body.subarray(0, at), random, randomInt(random, 0, 8)).filter((p) => p.length > 0);
        const reset = i % 2 === 1;
        const label = `${recorded.name} cut at ${at}${reset ? ' then reset' : ''} (seed ${SEED + 1})`;
        const outcome = await call(
          recorded.provider,
          true,
          reset ? { body: pieces, headers: SSE, resetAfter: pieces.length } : { body: pieces, headers: SSE },
          label,
        );
        // A cut may still complete only if no text or tool call went missing. The one thing a cut
        // can lose unnoticed is a usage chunk after the finish, and only when the body stopped
        // exactly between two events (some gateways send neither usage nor [DONE]); a cut inside
        // an event is always an error.
        if (outcome.ok && whole.ok && outcome.result !== whole.result) {
          const [got, want] = [JSON.parse(outcome.result), JSON.parse(whole.result)] as { choices: unknown; usage?: unknown }[];
          assert.deepEqual(got!.choices, want!.choices, `${label}: completed with different choices`);
          const betweenEvents = recorded.body.subarray(0, at).toString('latin1').endsWith('\n\n');
          assert.ok(betweenEvents, `${label}: completed without its usage though the body stopped inside an event`);
        } else if (outcome.ok) assert.deepEqual(outcome, whole, `${label}: completed with a different result`);
      }
    }
    assert.deepEqual(untyped, []);
  });

  test('an OpenAI-shaped stream cut after its finish chunk but before the usage chunk and [DONE] is not taken as complete', async () => {
    const body = openaiBody('openai/text.chunks.txt');
    const usageAt = body.indexOf('"usage": {');
    const cut = body.subarray(0, usageAt + 20);
    const outcome = await call('openai', true, { body: [cut], headers: SSE }, 'openai/text.chunks.txt cut inside the usage chunk');
    assert.equal(outcome.ok, false, `completed without usage: ${JSON.stringify(outcome)}`);
  });

  test('recorded non-streamed responses, whole, split and truncated', async () => {
    const random = seededRandom(SEED + 2);
    for (const recorded of RESPONSES) {
      const json = { 'content-type': 'application/json' };
      const whole = await call(recorded.provider, false, { body: [recorded.body], headers: json }, recorded.name);
      assert.equal(whole.ok, true, `${recorded.name}: ${JSON.stringify(whole)}`);
      assert.deepEqual(
        await call(recorded.provider, false, { body: splitAt(recorded.body, random, 12), headers: json }, `${recorded.name} split`),
        whole,
      );
      for (let i = 0; i < CUTS_PER_STREAM; i++) {
        const at = randomInt(random, 0, recorded.body.length - 2);
        const outcome = await call(
          recorded.provider,
          false,
          { body: [recorded.body.subarray(0, at)], headers: json, ...(i % 2 === 1 ? { resetAfter: 1 } : {}) },
          `${recorded.name} cut at ${at}`,
        );
        assert.equal(outcome.ok, false, `${recorded.name} cut at ${at} was accepted`);
      }
    }
    assert.deepEqual(untyped, []);
  });

  test('random and mangled bodies, any status, streamed or not: a response or a typed error, never a crash', async () => {
    const random = seededRandom(SEED + 3);
    const tokens = [
      'data: ',
      'event: ',
      'id: ',
      'retry: ',
      ':',
      '\n',
      '\r\n',
      '\n\n',
      '{',
      '}',
      '[',
      ']',
      '"',
      ',',
      '[DONE]',
      'null',
      'message_stop',
      'error',
      'é',
      '💥',
      '\u0000',
      ' ',
    ];
    const statuses = [200, 200, 200, 200, 400, 401, 404, 413, 429, 500, 502, 503, 529];
    const types = ['text/event-stream', 'application/json', 'text/html', 'text/plain'];
    const providers: Provider[] = ['openai', 'anthropic', 'openrouter'];
    const outcomes: Record<string, number> = {};
    for (let i = 0; i < RANDOM_BODIES; i++) {
      const provider = providers[i % providers.length]!;
      const source = STREAMS.filter((s) => s.provider === provider)[
        randomInt(random, 0, 4) % STREAMS.filter((s) => s.provider === provider).length
      ]!;
      let body: Buffer;
      const style = i % 3;
      if (style === 0) body = Buffer.from(Array.from({ length: randomInt(random, 0, 600) }, () => randomInt(random, 0, 255)));
      else if (style === 1)
        body = Buffer.from(
          Array.from({ length: randomInt(random, 1, 200) }, () => tokens[randomInt(random, 0, tokens.length - 1)]).join(''),
        );
      else {
        // A real stream with a few bytes overwritten, dropped or duplicated.
        const bytes = [...source.body];
        for (let k = randomInt(random, 1, 6); k > 0; k--) {
          const at = randomInt(random, 0, bytes.length - 1);
          const op = randomInt(random, 0, 2);
          if (op === 0) bytes[at] = randomInt(random, 0, 255);
          else if (op === 1) bytes.splice(at, randomInt(random, 1, 40));
          else bytes.splice(at, 0, ...bytes.slice(at, at + randomInt(random, 1, 40)));
        }
        body = Buffer.from(bytes);
      }
      const status = statuses[randomInt(random, 0, statuses.length - 1)]!;
      const reply: ScriptedReply = {
        status,
        headers: { 'content-type': types[randomInt(random, 0, types.length - 1)]! },
        body: body.length === 0 ? [] : splitAt(body, random, randomInt(random, 0, 10)),
      };
      const outcome = await call(provider, i % 2 === 0, reply, `random body ${i} (seed ${SEED + 3}, ${provider}, status ${status})`);
      const key = outcome.ok ? 'response' : outcome.name;
      outcomes[key] = (outcomes[key] ?? 0) + 1;
      if (status >= 400) assert.equal(outcome.ok, false, `random body ${i}: status ${status} was taken for a response`);
    }
    assert.deepEqual(untyped, []);
    assert.equal(outcomes['untyped'], undefined);
    console.log(`random bodies (seed ${SEED + 3}): ${JSON.stringify(outcomes)}`);
  });

  test('nothing escaped as an uncaught exception or unhandled rejection', async () => {
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.deepEqual(escaped.map(String), []);
  });
});
