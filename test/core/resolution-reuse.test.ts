// A client reuses what it resolved for a model string (provider, key, base URL, merged headers)
// across calls; these are the guarantees that reuse must keep.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createClient } from '../../src/index.js';
import type { ProviderAdapter } from '../../src/providers/adapter-types.js';
import type { ModelResponse } from '../../src/base/types.js';
import { type ScriptedServer, startScriptedServer } from '../helpers/scripted-server.js';

const completion = (text: string): string =>
  JSON.stringify({
    id: 'chatcmpl-1',
    object: 'chat.completion',
    created: 1,
    model: 'gpt-4o-mini',
    choices: [{ index: 0, message: { role: 'assistant', content: text }, finish_reason: 'stop' }],
    usage: { prompt_tokens: 3, completion_tokens: 1, total_tokens: 4 },
  });

const ask = { model: 'openai/gpt-4o-mini', messages: [{ role: 'user' as const, content: 'hi' }] };

describe('a client reusing its resolution of a model string', () => {
  let a: ScriptedServer;
  let b: ScriptedServer;
  before(async () => {
    a = await startScriptedServer({ body: completion('from a') });
    b = await startScriptedServer({ body: completion('from b') });
  });
  after(async () => {
    await a.close();
    await b.close();
  });

  it('follows changes to the environment it read: key, then base URL', async () => {
    const env: Record<string, string | undefined> = { OPENAI_API_KEY: 'sk-one', OPENAI_BASE_URL: `${a.url}/v1` };
    const client = createClient({ env });
    try {
      const first = await client.complete(ask);
      assert.equal(first.choices[0]!.message.content, 'from a');
      assert.equal(a.received.at(-1)!.headers.authorization, 'Bearer sk-one');
      env['OPENAI_API_KEY'] = 'sk-two';
      await client.complete(ask);
      assert.equal(a.received.at(-1)!.headers.authorization, 'Bearer sk-two');
      env['OPENAI_BASE_URL'] = `${b.url}/v1`;
      const moved = await client.complete(ask);
      assert.equal(moved.choices[0]!.message.content, 'from b');
      assert.equal(b.received.at(-1)!.headers.authorization, 'Bearer sk-two');
      // A key that disappears is a ConfigurationError again, not the key remembered.
      delete env['OPENAI_API_KEY'];
      await assert.rejects(client.complete(ask), { name: 'ConfigurationError', message: /No API key for provider "openai"/ });
    } finally {
      client.close();
    }
  });

  it("takes a call's own base URL, key and headers for that call only", async () => {
    const client = createClient({ env: {}, providers: { openai: { baseURL: `${a.url}/v1`, apiKey: 'sk-client' } } });
    try {
      await client.complete(ask);
      const own = await client.complete(ask, { baseURL: `${b.url}/v1`, apiKey: 'sk-call', headers: { 'x-call': 'yes' } });
      assert.equal(own.choices[0]!.message.content, 'from b');
      assert.equal(b.received.at(-1)!.headers.authorization, 'Bearer sk-call');
      assert.equal(b.received.at(-1)!.headers['x-call'], 'yes');
      const again = await client.complete({ ...ask, extra_headers: { 'x-request': 'one' } });
      assert.equal(again.choices[0]!.message.content, 'from a');
      assert.equal(a.received.at(-1)!.headers['x-request'], 'one');
      await client.complete(ask);
      const last = a.received.at(-1)!;
      assert.equal(last.headers.authorization, 'Bearer sk-client');
      assert.equal(last.headers['x-call'], undefined);
      assert.equal(last.headers['x-request'], undefined);
    } finally {
      client.close();
    }
  });

  it('hands each call its own headers object, so an adapter adding to it changes no later call', async () => {
    const seen: Record<string, string>[] = [];
    const adapter: ProviderAdapter = {
      specificationVersion: 'v1',
      provider: 'custom',
      async complete(request, context): Promise<ModelResponse> {
        seen.push({ ...context.headers });
        context.headers['x-added-by-adapter'] = 'yes';
        return {
          id: 'r',
          object: 'chat.completion',
          created: 1,
          model: request.model,
          choices: [{ index: 0, message: { role: 'assistant', content: 'ok' }, finish_reason: 'stop' }],
        } as ModelResponse;
      },
      stream() {
        throw new Error('not used');
      },
    };
    const client = createClient({
      env: {},
      headers: { 'x-client': 'c' },
      providers: { custom: { adapter, baseURL: 'http://127.0.0.1:9/v1' } },
    });
    await client.complete({ ...ask, model: 'custom/m' });
    await client.complete({ ...ask, model: 'custom/m' });
    assert.deepEqual(seen, [{ 'x-client': 'c' }, { 'x-client': 'c' }]);
  });
});
