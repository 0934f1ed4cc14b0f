/**
 * Hostile provider bodies: whatever JSON a provider answers a 200 with, or sends as a stream
 * event, the caller sees a typed LlmuxError (InvalidResponseError), never a TypeError or a
 * RangeError from inside llmux.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { InvalidResponseError, createClient, isLlmuxError, type LlmuxClient } from '../../src/index.js';
import { type ScriptedServer, sse, startScriptedServer, scriptedProviders } from '../helpers/scripted-server.js';

const messages = [{ role: 'user' as const, content: 'Hi' }];
const KEY = 'sk-test-SENTINEL-hostile-0123456789';
const DEEP = 100_000;
const deepArray = `${'['.repeat(DEEP)}${']'.repeat(DEEP)}`;
const deepObject = `${'{"a":'.repeat(DEEP)}1${'}'.repeat(DEEP)}`;

/** A rejection that is an InvalidResponseError and does not quote the key. */
function typedInvalid(e: unknown): boolean {
  assert.ok(isLlmuxError(e), `expected an LlmuxError, got ${String(e)}`);
  assert.ok(e instanceof InvalidResponseError, `expected InvalidResponseError, got ${(e as Error).name}: ${(e as Error).message}`);
  assert.ok(!String(e.message).includes(KEY));
  return true;
}

const OPENAI_BODIES = [
  'null',
  '[]',
  '"x"',
  '42',
  '{"choices":[null]}',
  '{"choices":"x"}',
  '{"choices":[{"index":0,"message":null,"finish_reason":"stop"}]}',
  '{"choices":[{"index":0,"message":"x","finish_reason":"stop"}]}',
  '{"choices":[{"index":0,"message":{"role":"assistant","content":"hi","tool_calls":"x"},"finish_reason":"stop"}]}',
  '{"choices":[{"index":0,"message":{"role":"assistant","content":"hi","tool_calls":[null]},"finish_reason":"stop"}]}',
  '{"choices":[{"index":0,"message":{"role":"assistant","content":"hi"},"finish_reason":"stop"}],"usage":"x"}',
  `{"choices":[{"index":0,"message":{"role":"assistant","content":${deepArray}},"finish_reason":"stop"}]}`,
  `{"choices":[],"x":${deepObject}}`,
];

const OPENAI_EVENTS = [
  'null',
  '[]',
  '"x"',
  '7',
  '{"choices":[null]}',
  '{"choices":"x"}',
  '{"choices":[{"index":0,"delta":"x"}]}',
  '{"choices":[{"index":0,"delta":{"tool_calls":"x"}}]}',
  '{"choices":[{"index":0,"delta":{"tool_calls":[null]}}]}',
  '{"choices":[{"index":0,"delta":{"reasoning_details":"abc"}}]}',
  '{"choices":[{"index":0,"delta":{"content":"x"}}],"usage":"x"}',
  `{"choices":[{"index":0,"delta":{"content":${deepArray}}}]}`,
  `{"choices":[],"x":${deepObject}}`,
];

const ANTHROPIC_BODIES = [
  'null',
  '[]',
  '"x"',
  '{"content":null}',
  '{"content":[null]}',
  '{"content":"x"}',
  '{"type":"message","content":[{"type":"text","text":"hi"}],"usage":null}',
  `{"type":"message","content":[{"type":"text","text":"hi"}],"x":${deepObject}}`,
];

const ANTHROPIC_EVENTS: string[][] = [
  ['null'],
  ['[]'],
  ['{"type":"message_start","message":null}', '{"type":"message_stop"}'],
  ['{"type":"message_start","message":{"id":"m","model":"c","usage":null}}', '{"type":"message_stop"}'],
  [
    '{"type":"message_start","message":{"id":"m"}}',
    '{"type":"content_block_start","index":0,"content_block":null}',
    '{"type":"message_stop"}',
  ],
  [
    '{"type":"message_start","message":{"id":"m"}}',
    '{"type":"content_block_start","index":0,"content_block":{"type":"tool_use","id":"t","name":"f","input":{}}}',
    '{"type":"content_block_delta","index":0,"delta":null}',
    '{"type":"message_stop"}',
  ],
  ['{"type":"message_start","message":{"id":"m"}}', '{"type":"message_delta","delta":null,"usage":null}', '{"type":"message_stop"}'],
  [
    '{"type":"message_start","message":{"id":"m"}}',
    '{"type":"content_block_start","index":"__proto__","content_block":{"type":"text","text":"x"}}',
    '{"type":"message_stop"}',
  ],
  [
    '{"type":"message_start","message":{"id":"m"}}',
    '{"type":"content_block_start","index":1e9,"content_block":{"type":"text","text":"x"}}',
    '{"type":"message_stop"}',
  ],
  [`{"type":"message_start","message":{"id":"m","x":${deepObject}}}`, '{"type":"message_stop"}'],
];

const short = (s: string): string => (s.length > 90 ? `${s.slice(0, 90)}…` : s);

describe('hostile provider bodies over real HTTP', () => {
  let server: ScriptedServer;
  let client: LlmuxClient;
  before(async () => {
    server = await startScriptedServer();
    client = createClient({
      providers: scriptedProviders(server, KEY),
      env: {},
      maxRetries: 0,
    });
  });
  after(async () => {
    client.close();
    await server.close();
  });

  for (const provider of ['openai', 'openrouter']) {
    for (const body of OPENAI_BODIES) {
      it(`${provider} complete(): ${short(body)}`, async () => {
        server.push({ body });
        await assert.rejects(client.complete({ model: `${provider}/m`, messages }), typedInvalid);
      });
    }
    for (const event of OPENAI_EVENTS) {
      it(`${provider} stream(): ${short(event)}`, async () => {
        server.push({ headers: { 'content-type': 'text/event-stream' }, body: sse([event]) });
        await assert.rejects(client.stream({ model: `${provider}/m`, messages }).finalResponse(), typedInvalid);
      });
    }
  }

  for (const body of ANTHROPIC_BODIES) {
    it(`anthropic complete(): ${short(body)}`, async () => {
      server.push({ body });
      await assert.rejects(client.complete({ model: 'anthropic/claude-x', messages, max_tokens: 10 }), typedInvalid);
    });
  }
  for (const events of ANTHROPIC_EVENTS) {
    it(`anthropic stream(): ${short(events.join(' | '))}`, async () => {
      server.push({ headers: { 'content-type': 'text/event-stream' }, body: events.map((e) => `data: ${e}\n\n`) });
      await assert.rejects(client.stream({ model: 'anthropic/claude-x', messages, max_tokens: 10 }).finalResponse(), typedInvalid);
      assert.equal(([] as unknown as Record<string, unknown>)['type'], undefined);
    });
  }
});
