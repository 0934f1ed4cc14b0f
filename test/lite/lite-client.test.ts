import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { RateLimitError, createClient as createFullClient } from '../../src/index.js';
import {
  ConfigurationError,
  type ResponseEvent,
  complete,
  countProviderTokens,
  createClient,
  stream,
  withCallbacks,
} from '../../src/lite/index.js';
import { startMockServer, type MockServer } from '../../src/mock-server/index.js';
import { getModelInfo } from '../../src/models/index.js';
import { anthropic } from '../../src/providers/anthropic/index.js';
import { openai, openaiCompatible } from '../../src/providers/openai/index.js';
import { openrouter } from '../../src/providers/openrouter/index.js';

const messages = [{ role: 'user' as const, content: 'Hello' }];
const REPLY = 'Hello from the llmux mock server. You said: Hello';

describe('llmux/lite: calls over the providers it is given', () => {
  let server: MockServer;
  before(async () => {
    server = await startMockServer({ apiKey: 'sk-lite' });
  });
  after(() => server.close());

  it('completes and streams through openai() with the fetch transport', async () => {
    const client = createClient({ providers: { openai: openai({ baseURL: server.openaiBaseURL, apiKey: 'sk-lite' }) } });
    const res = await complete(client, { model: 'openai/gpt-4o-mini', messages });
    assert.equal(res.choices[0]?.message.content, REPLY);
    assert.equal(res.provider, 'openai');
    assert.equal(res.cost, undefined, 'lite never prices: no model table');
    assert.equal('upstream_provider' in res, false, 'only a gateway that names an upstream gets one');

    let text = '';
    const s = stream(client, { model: 'gpt-4o-mini', messages });
    for await (const chunk of s) text += chunk.choices[0]?.delta.content ?? '';
    assert.equal(text, REPLY);
    assert.ok((await s.finalResponse()).usage!.total_tokens > 0);
    client.close();
  });

  it('sends each provider its own auth: Bearer for OpenAI-shaped, x-api-key for Anthropic', async () => {
    const before = server.requests.length;
    const client = createClient({
      providers: {
        anthropic: anthropic({ baseURL: server.anthropicBaseURL, apiKey: 'sk-lite' }),
        openrouter: openrouter({ baseURL: server.openaiBaseURL, apiKey: 'sk-lite', appName: 'Lite test' }),
      },
    });
    const a = await complete(client, { model: 'anthropic/claude-sonnet-4-5', messages });
    const o = await complete(client, { model: 'openrouter/openai/gpt-4o-mini', messages });
    assert.equal(a.choices[0]?.message.content, REPLY);
    assert.equal(o.choices[0]?.message.content, REPLY);
    const [ra, ro] = server.requests.slice(before);
    assert.equal(ra!.path, '/v1/messages');
    assert.equal(ra!.headers['x-api-key'], '[redacted]', 'the mock server records that a key came, not the key');
    assert.equal(ra!.headers['authorization'], undefined);
    assert.equal((ra!.body as { max_tokens: number }).max_tokens, 4096, 'no model table: the documented default');
    assert.equal(ro!.headers['authorization'], '[redacted]');
    assert.equal(ro!.headers['x-api-key'], undefined);
    assert.equal(ro!.headers['x-title'], 'Lite test');
    assert.equal((ro!.body as { model: string }).model, 'openai/gpt-4o-mini');
  });

  it("takes the model table through modelInfo for Anthropic's max_tokens", async () => {
    const before = server.requests.length;
    const client = createClient({
      providers: { anthropic: anthropic({ baseURL: server.anthropicBaseURL, apiKey: 'sk-lite' }) },
      modelInfo: getModelInfo,
    });
    await complete(client, { model: 'anthropic/claude-sonnet-4-5', messages });
    const expected = getModelInfo('anthropic/claude-sonnet-4-5')!.maxOutputTokens;
    assert.ok(expected !== undefined && expected > 4096);
    assert.equal((server.requests[before]!.body as { max_tokens: number }).max_tokens, expected);
  });

  it('reads keys and base URLs from the environment, options first', async () => {
    const env = { OPENAI_API_KEY: 'sk-lite', OPENAI_BASE_URL: server.openaiBaseURL };
    const fromEnv = createClient({ providers: { openai: openai() }, env });
    assert.equal((await complete(fromEnv, { model: 'openai/gpt-4o-mini', messages })).choices[0]?.message.content, REPLY);

    const optionWins = createClient({ providers: { openai: openai({ baseURL: 'http://127.0.0.1:9/v1' }) }, env, maxRetries: 0 });
    await assert.rejects(complete(optionWins, { model: 'openai/gpt-4o-mini', messages }), { name: 'APIConnectionError' });

    const noKey = createClient({ providers: { openai: openai({ baseURL: server.openaiBaseURL }) }, env: {} });
    await assert.rejects(complete(noKey, { model: 'openai/gpt-4o-mini', messages }), (error: Error) => {
      assert.ok(error instanceof ConfigurationError);
      assert.match(error.message, /OPENAI_API_KEY/);
      return true;
    });
  });

  it('serves an OpenAI-compatible server under any name, key optional', async () => {
    const open = await startMockServer();
    try {
      const client = createClient({ providers: { local: openaiCompatible({ baseURL: open.openaiBaseURL }) }, env: {} });
      assert.equal((await complete(client, { model: 'local/llama3', messages })).choices[0]?.message.content, REPLY);
      assert.equal(open.requests[0]!.headers['authorization'], undefined);
      const named = createClient({
        providers: { local: openaiCompatible() },
        env: { LOCAL_BASE_URL: open.openaiBaseURL, LOCAL_API_KEY: 'k' },
      });
      await complete(named, { model: 'local/llama3', messages });
      assert.equal(open.requests[1]!.headers['authorization'], '[redacted]');
    } finally {
      await open.close();
    }
  });

  it("retries a 429 after its Retry-After, and the error classes are the root's", async () => {
    const client = createClient({ providers: { openai: openai({ baseURL: server.openaiBaseURL, apiKey: 'sk-lite' }) } });
    server.injectFaults([{ status: 429, retryAfterMs: 20 }]);
    assert.equal((await complete(client, { model: 'openai/gpt-4o-mini', messages })).choices[0]?.message.content, REPLY);
    server.injectFaults([{ status: 429, retryAfterMs: 20 }]);
    await assert.rejects(
      complete(client, { model: 'openai/gpt-4o-mini', messages }, { maxRetries: 0 }),
      (error: Error) => error instanceof RateLimitError,
    );
  });

  it('reports to callbacks wrapped by withCallbacks, and refuses bare ones with the fix', async () => {
    const events: ResponseEvent[] = [];
    const client = createClient({
      providers: { openai: openai({ baseURL: server.openaiBaseURL, apiKey: 'sk-lite' }) },
      callbacks: withCallbacks({ onResponse: (e) => void events.push(e) }),
    });
    await complete(client, { model: 'openai/gpt-4o-mini', messages });
    assert.equal(events.length, 1);
    assert.ok(events[0]!.usage!.total_tokens > 0);
    assert.ok(!JSON.stringify(events[0]).includes('sk-lite'));

    const bare = createClient({ providers: { openai: openai({ baseURL: server.openaiBaseURL, apiKey: 'sk-lite' }) } });
    await assert.rejects(
      complete(bare, { model: 'openai/gpt-4o-mini', messages }, { callbacks: { onResponse: () => undefined } }),
      /withCallbacks/,
    );
  });

  it('counts tokens with the provider endpoint, or answers undefined where there is none', async () => {
    const client = createClient({ providers: { openai: openai({ baseURL: server.openaiBaseURL, apiKey: 'sk-lite' }) } });
    assert.equal(await countProviderTokens(client, { model: 'openai/gpt-4o-mini', messages }), undefined);
  });
});

describe('llmux/lite: bad input gets a clear error', () => {
  it('no providers', () => {
    assert.throws(() => createClient({} as never), /needs its providers.*openai\(\).*llmux\/openai/);
    assert.throws(() => createClient({ providers: {} }), ConfigurationError);
  });

  it('a provider given by name rather than by factory', () => {
    assert.throws(
      () => createClient({ providers: { openai: { apiKey: 'k' } as never } }),
      /Provider "openai" has no adapter object.*openai\(\{\.\.\.\}\) from "llmux\/openai"/,
    );
  });

  it('a model of a provider the client was not given lists the ones it has', async () => {
    const client = createClient({ providers: { openai: openai({ apiKey: 'k' }) } });
    await assert.rejects(
      complete(client, { model: 'anthropic/claude-sonnet-4-5', messages }),
      /Unknown provider "anthropic".*Known providers: openai\. Add it to createClient\(\{ providers \}\) with its factory/,
    );
  });

  it('a client that is not a lite client', async () => {
    await assert.rejects(complete({ close() {} }, { model: 'openai/x', messages }), /client made by createClient\(\) from "llmux\/lite"/);
  });
});

describe('provider factories in the full client', () => {
  it('createClient from llmux takes openai() and openaiCompatible() results', async () => {
    const server = await startMockServer();
    try {
      const client = createFullClient({
        providers: {
          openai: openai({ baseURL: server.openaiBaseURL, apiKey: 'k' }),
          box: openaiCompatible({ baseURL: server.openaiBaseURL }),
        },
        cost: false,
      });
      assert.equal((await client.complete({ model: 'openai/gpt-4o-mini', messages })).choices[0]?.message.content, REPLY);
      assert.equal((await client.complete({ model: 'box/llama3', messages })).choices[0]?.message.content, REPLY);
      client.close();
    } finally {
      await server.close();
    }
  });
});
