// The one header merge over real HTTP, with both transports: a caller's auth header replaces the
// key's instead of joining it, names of any case are one header, and `null` unsets a header.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createClient } from '../../src/index.js';
import { complete as liteComplete, createClient as createLiteClient } from '../../src/lite/index.js';
import { anthropic } from '../../src/providers/anthropic/index.js';
import { openai } from '../../src/providers/openai/index.js';
import { openrouter } from '../../src/providers/openrouter/index.js';
import { createFetchTransport } from '../../src/transport/fetch-transport.js';
import { createNodeTransport } from '../../src/transport/node-transport.js';
import type { Transport } from '../../src/transport/transport-types.js';
import { type ReceivedRequest, type ScriptedServer, startScriptedServer } from '../helpers/scripted-server.js';

const OPENAI_KEY = 'sk-real-SENTINEL-0123456789';
const ANTHROPIC_KEY = 'sk-ant-real-SENTINEL-0123456789';
const messages = [{ role: 'user' as const, content: 'Hi' }];

const openaiReply = {
  body: JSON.stringify({
    id: 'chatcmpl-1',
    object: 'chat.completion',
    created: 1,
    model: 'gpt-4o-mini',
    choices: [{ index: 0, message: { role: 'assistant', content: 'ok' }, finish_reason: 'stop' }],
    usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
  }),
};
const anthropicReply = {
  body: JSON.stringify({
    id: 'msg_1',
    type: 'message',
    role: 'assistant',
    model: 'claude-sonnet-4-5',
    content: [{ type: 'text', text: 'ok' }],
    stop_reason: 'end_turn',
    usage: { input_tokens: 1, output_tokens: 1 },
  }),
};

/** Every header value the server received, to prove a key went nowhere. */
function allValues(request: ReceivedRequest): string {
  return JSON.stringify(request.headers);
}

const transports: [string, () => Transport][] = [
  ['node:http', () => createNodeTransport()],
  ['fetch', () => createFetchTransport()],
];

for (const [transportName, makeTransport] of transports)
  describe(`header merge over real HTTP (${transportName} transport)`, () => {
    let server: ScriptedServer;
    before(async () => {
      server = await startScriptedServer();
    });
    after(async () => {
      await server.close();
    });

    async function openaiCall(
      setup: Parameters<typeof createClient>[0],
      call: Parameters<ReturnType<typeof createClient>['complete']>[1] = {},
      extra: Record<string, string | null> | undefined = undefined,
    ): Promise<ReceivedRequest> {
      server.push(openaiReply);
      const client = createClient({ env: {}, transport: makeTransport(), ...setup });
      try {
        await client.complete(
          { model: 'openai/gpt-4o-mini', messages, ...(extra === undefined ? {} : { extra_headers: extra }) },
          { maxRetries: 0, ...call },
        );
      } finally {
        client.close();
      }
      return server.received.at(-1)!;
    }

    it("a caller's Authorization replaces the key's bearer token instead of joining it", async () => {
      const sent = await openaiCall({
        providers: { openai: openai({ apiKey: OPENAI_KEY, baseURL: `${server.url}/v1`, headers: { Authorization: 'Bearer gateway' } }) },
      });
      assert.equal(sent.headers['authorization'], 'Bearer gateway');
      assert.ok(!allValues(sent).includes(OPENAI_KEY), allValues(sent));
    });

    it('the same for a client-wide or per-call Authorization, under a provider named otherwise', async () => {
      const providers = { gw: openai({ apiKey: OPENAI_KEY, baseURL: `${server.url}/v1` }) };
      server.push(openaiReply);
      const client = createClient({ env: {}, transport: makeTransport(), providers, headers: { AUTHORIZATION: 'Bearer client-wide' } });
      try {
        await client.complete({ model: 'gw/gpt-4o-mini', messages }, { maxRetries: 0 });
        assert.equal(server.received.at(-1)!.headers['authorization'], 'Bearer client-wide');
        server.push(openaiReply);
        await client.complete({ model: 'gw/gpt-4o-mini', messages }, { maxRetries: 0, headers: { Authorization: 'Bearer per-call' } });
        assert.equal(server.received.at(-1)!.headers['authorization'], 'Bearer per-call');
        assert.ok(!allValues(server.received.at(-1)!).includes(OPENAI_KEY));
      } finally {
        client.close();
      }
    });

    it("without a caller's Authorization the key is sent, once", async () => {
      const sent = await openaiCall({
        providers: { openai: openai({ apiKey: OPENAI_KEY, baseURL: `${server.url}/v1`, headers: { 'X-Trace': 't1' } }) },
      });
      assert.equal(sent.headers['authorization'], `Bearer ${OPENAI_KEY}`);
      assert.equal(sent.headers['x-trace'], 't1');
    });

    it("an Anthropic caller's X-Api-Key replaces the key's x-api-key", async () => {
      server.push(anthropicReply);
      const client = createClient({
        env: {},
        transport: makeTransport(),
        providers: {
          anthropic: anthropic({
            apiKey: ANTHROPIC_KEY,
            baseURL: server.url,
            headers: { 'X-Api-Key': 'gateway-key', 'Anthropic-Version': '2099-01-01' },
          }),
        },
      });
      try {
        await client.complete({ model: 'anthropic/claude-sonnet-4-5', messages, max_tokens: 5 }, { maxRetries: 0 });
      } finally {
        client.close();
      }
      const sent = server.received.at(-1)!;
      assert.equal(sent.headers['x-api-key'], 'gateway-key');
      assert.equal(sent.headers['anthropic-version'], '2099-01-01');
      assert.ok(!allValues(sent).includes(ANTHROPIC_KEY), allValues(sent));
    });

    it('layers client -> provider -> call -> request, one header whatever the case of each name', async () => {
      const sent = await openaiCall(
        {
          headers: { 'X-Layer': 'client', 'X-From-Client': 'c' },
          providers: {
            openai: openai({ apiKey: OPENAI_KEY, baseURL: `${server.url}/v1`, headers: { 'x-layer': 'provider', 'X-From-Provider': 'p' } }),
          },
        },
        { headers: { 'X-LAYER': 'call' } },
        { 'x-Layer': 'request' },
      );
      assert.equal(sent.headers['x-layer'], 'request');
      assert.equal(sent.headers['x-from-client'], 'c');
      assert.equal(sent.headers['x-from-provider'], 'p');
    });

    it('null unsets a header an earlier layer set, and the key auth with it', async () => {
      const sent = await openaiCall(
        {
          headers: { 'X-Tenant': 'acme', 'X-Keep': 'k' },
          providers: { openai: openai({ apiKey: OPENAI_KEY, baseURL: `${server.url}/v1` }) },
        },
        { headers: { 'x-tenant': null } },
        { Authorization: null },
      );
      assert.equal(sent.headers['x-tenant'], undefined);
      assert.equal(sent.headers['x-keep'], 'k');
      assert.equal(sent.headers['authorization'], undefined);
      assert.ok(!allValues(sent).includes(OPENAI_KEY));
    });

    it("OpenRouter: a caller's X-Title replaces the attribution, and its Authorization the key's", async () => {
      server.push(openaiReply);
      const client = createClient({
        env: {},
        transport: makeTransport(),
        providers: {
          openrouter: openrouter({ apiKey: OPENAI_KEY, baseURL: `${server.url}/v1`, appName: 'Default', appUrl: 'https://example.dev' }),
        },
      });
      try {
        await client.complete(
          { model: 'openrouter/openai/gpt-4o-mini', messages, extra_headers: { 'X-Title': 'Per call', authorization: 'Bearer gateway' } },
          { maxRetries: 0 },
        );
      } finally {
        client.close();
      }
      const sent = server.received.at(-1)!;
      assert.equal(sent.headers['x-title'], 'Per call');
      assert.equal(sent.headers['http-referer'], 'https://example.dev');
      assert.equal(sent.headers['authorization'], 'Bearer gateway');
    });
  });

describe('header merge in llmux/lite (always the fetch transport)', () => {
  it("openai({ apiKey, headers: { Authorization } }) sends the caller's Authorization alone", async () => {
    const server = await startScriptedServer(openaiReply);
    const client = createLiteClient({
      env: {},
      providers: { openai: openai({ apiKey: OPENAI_KEY, baseURL: `${server.url}/v1`, headers: { Authorization: 'Bearer gateway' } }) },
    });
    try {
      await liteComplete(client, { model: 'openai/gpt-4o-mini', messages }, { maxRetries: 0 });
      const sent = server.received.at(-1)!;
      assert.equal(sent.headers['authorization'], 'Bearer gateway');
      assert.ok(!allValues(sent).includes(OPENAI_KEY), allValues(sent));
    } finally {
      client.close();
      await server.close();
    }
  });
});
