/**
 * Trap: a provider registered under another name than its family's read its key from the
 * family's variable (ANTHROPIC_API_KEY) but its base URL from its own name (CLAUDE_BASE_URL), so
 * a suite pointing ANTHROPIC_BASE_URL at a mock sent the real key to api.anthropic.com.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createClient as createFullClient } from '../../src/index.js';
import { ConfigurationError, complete, createClient } from '../../src/lite/index.js';
import { startMockServer, type MockServer } from '../../src/mock-server/index.js';
import { anthropic } from '../../src/providers/anthropic/index.js';
import { openai } from '../../src/providers/openai/index.js';
import type { FetchFunction } from '../../src/transport/fetch-transport.js';
import type { Transport } from '../../src/transport/transport-types.js';

const KEY = 'sk-ant-trap-key-0123456789';
const messages = [{ role: 'user' as const, content: 'Hi' }];

/** A fetch that records every URL and refuses anything but the local server (no internet here). */
function recordingFetch(urls: string[], local: string): FetchFunction {
  return (input, init) => {
    const url = String(input);
    urls.push(url);
    if (!url.startsWith(local)) return Promise.reject(new Error(`refused to leave the machine: ${url}`));
    return globalThis.fetch(input, init);
  };
}

describe('trap: key and base URL come from the same place', () => {
  let server: MockServer;
  before(async () => {
    server = await startMockServer({ apiKey: KEY });
  });
  after(() => server.close());

  it('lite: claude: anthropic() sends ANTHROPIC_API_KEY to ANTHROPIC_BASE_URL and nowhere else', async () => {
    const urls: string[] = [];
    const before = server.requests.length;
    const client = createClient({
      providers: { claude: anthropic() },
      env: { ANTHROPIC_API_KEY: KEY, ANTHROPIC_BASE_URL: server.anthropicBaseURL },
      fetch: recordingFetch(urls, server.url),
      maxRetries: 0,
    });
    const res = await complete(client, { model: 'claude/claude-sonnet-4-5', messages });
    assert.ok(res.choices[0]?.message.content?.includes('Hi'));
    assert.deepEqual(urls, [`${server.anthropicBaseURL}/v1/messages`]);
    assert.equal(server.requests.length, before + 1);
    assert.equal(server.requests[before]!.headers['x-api-key'], '[redacted]', 'the key arrived (the mock checks it)');
  });

  it('full client: work: openai() sends OPENAI_API_KEY to OPENAI_BASE_URL', async () => {
    const seen: string[] = [];
    const transport: Transport = {
      request(request) {
        seen.push(request.url);
        return Promise.reject(new Error(`recorded only: ${request.url}`));
      },
    };
    const client = createFullClient({
      providers: { work: openai() },
      env: { OPENAI_API_KEY: KEY, OPENAI_BASE_URL: 'http://127.0.0.1:9/v1' },
      transport,
      maxRetries: 0,
      cost: false,
    });
    await assert.rejects(client.complete({ model: 'work/gpt-4o-mini', messages }));
    assert.deepEqual(seen, ['http://127.0.0.1:9/v1/chat/completions']);
  });

  it('a defined provider reads <NAME>_API_KEY with <NAME>_BASE_URL, never the family key with its own URL', async () => {
    const seen: { url: string; auth: string | undefined }[] = [];
    const transport: Transport = {
      request(request) {
        seen.push({ url: request.url, auth: request.headers['authorization'] });
        return Promise.reject(new Error('recorded only'));
      },
    };
    const client = createFullClient({
      providers: { work: { adapter: 'openai' } },
      env: { OPENAI_API_KEY: KEY, WORK_API_KEY: 'work-key', WORK_BASE_URL: 'http://127.0.0.1:9/v1' },
      transport,
      maxRetries: 0,
      cost: false,
    });
    await assert.rejects(client.complete({ model: 'work/m', messages }));
    assert.deepEqual(seen, [{ url: 'http://127.0.0.1:9/v1/chat/completions', auth: 'Bearer work-key' }]);
  });

  it("refuses <NAME>_BASE_URL set for a factory provider that reads its family's variables, before any request", async () => {
    const urls: string[] = [];
    const client = createClient({
      providers: { claude: anthropic() },
      env: { ANTHROPIC_API_KEY: KEY, CLAUDE_BASE_URL: server.anthropicBaseURL },
      fetch: recordingFetch(urls, server.url),
      maxRetries: 0,
    });
    await assert.rejects(complete(client, { model: 'claude/claude-sonnet-4-5', messages }), (error: unknown) => {
      assert.ok(error instanceof ConfigurationError, String(error));
      assert.match(error.message, /CLAUDE_BASE_URL is set/);
      assert.match(error.message, /ANTHROPIC_BASE_URL/);
      assert.ok(!error.message.includes(KEY));
      return true;
    });
    assert.deepEqual(urls, []);
  });

  it('an explicit baseURL wins over the variables', async () => {
    const urls: string[] = [];
    const client = createClient({
      providers: { claude: anthropic({ baseURL: server.anthropicBaseURL }) },
      env: { ANTHROPIC_API_KEY: KEY, ANTHROPIC_BASE_URL: 'http://127.0.0.1:9', CLAUDE_BASE_URL: 'http://127.0.0.1:9' },
      fetch: recordingFetch(urls, server.url),
      maxRetries: 0,
    });
    await complete(client, { model: 'claude/claude-sonnet-4-5', messages });
    assert.deepEqual(urls, [`${server.anthropicBaseURL}/v1/messages`]);
  });

  it("baseURL: '' is a ConfigurationError, not the real provider", async () => {
    const urls: string[] = [];
    for (const [settings, call] of [
      [{ baseURL: '' }, {}],
      [{}, { baseURL: ' ' }],
    ] as const) {
      const client = createClient({
        providers: { anthropic: anthropic(settings) },
        env: { ANTHROPIC_API_KEY: KEY },
        fetch: recordingFetch(urls, server.url),
        maxRetries: 0,
      });
      await assert.rejects(complete(client, { model: 'anthropic/claude-sonnet-4-5', messages }, call), (error: unknown) => {
        assert.ok(error instanceof ConfigurationError, String(error));
        assert.match(error.message, /baseURL for provider "anthropic" is ""|baseURL for provider "anthropic" is " "/);
        return true;
      });
    }
    const full = createFullClient({
      providers: { openai: { baseURL: '' } },
      env: { OPENAI_API_KEY: KEY },
      transport: { request: (r) => Promise.reject(new Error(urls.push(r.url) ? 'recorded' : '')) },
      cost: false,
    });
    await assert.rejects(full.complete({ model: 'openai/gpt-4o-mini', messages }), ConfigurationError);
    assert.deepEqual(urls, []);
  });
});
