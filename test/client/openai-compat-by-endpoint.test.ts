// OpenAI's wire rules (max_completion_tokens for reasoning models, no reasoning input) follow the
// endpoint a provider speaks, not the name a client gives it, over real HTTP.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createClient, type ProviderOptions } from '../../src/index.js';
import { complete as liteComplete, createClient as createLiteClient } from '../../src/lite/index.js';
import { openai, openaiCompatible } from '../../src/providers/openai/index.js';
import type { ChatCompletionMessageParam } from '../../src/base/types.js';
import { type ScriptedServer, startScriptedServer } from '../helpers/scripted-server.js';

const KEY = 'sk-test-SENTINEL-0123456789';
const replay: ChatCompletionMessageParam[] = [
  { role: 'user', content: 'Hi' },
  {
    role: 'assistant',
    content: 'Hello',
    reasoning_content: 'Greet back.',
    reasoning_details: [{ type: 'thinking', thinking: 'Greet back.', signature: 'sig' }],
  },
  { role: 'user', content: 'And?' },
];
const reply = {
  body: JSON.stringify({
    id: 'chatcmpl-1',
    object: 'chat.completion',
    created: 1,
    model: 'o3-mini',
    choices: [{ index: 0, message: { role: 'assistant', content: 'ok' }, finish_reason: 'stop' }],
    usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
  }),
};

let server: ScriptedServer;
before(async () => {
  server = await startScriptedServer(reply);
});
after(async () => {
  await server.close();
});

/** The body the server received for one call of `name/model` through the full client. */
async function sentBody(name: string, provider: ProviderOptions, model: string): Promise<Record<string, any>> {
  const client = createClient({ env: {}, providers: { [name]: provider } });
  try {
    await client.complete({ model: `${name}/${model}`, messages: replay, max_tokens: 64 }, { maxRetries: 0 });
  } finally {
    client.close();
  }
  return server.received.at(-1)!.json;
}

function assertOpenAIRules(body: Record<string, any>): void {
  assert.equal(body['max_completion_tokens'], 64);
  assert.equal('max_tokens' in body, false);
  assert.deepEqual(body['messages'][1], { role: 'assistant', content: 'Hello' });
}

function assertSentAsGiven(body: Record<string, any>): void {
  assert.equal(body['max_tokens'], 64);
  assert.equal('max_completion_tokens' in body, false);
  assert.equal(body['messages'][1].reasoning_content, 'Greet back.');
  assert.equal(body['messages'][1].reasoning_details.length, 1);
}

for (const name of ['openai', 'oai'])
  describe(`openai() registered as "${name}"`, () => {
    it('o3-mini: max_tokens goes out as max_completion_tokens, replayed reasoning is left out', async () => {
      assertOpenAIRules(await sentBody(name, openai({ apiKey: KEY, baseURL: `${server.url}/v1` }), 'o3-mini'));
    });

    it('gpt-4o-mini keeps max_tokens', async () => {
      const body = await sentBody(name, openai({ apiKey: KEY, baseURL: `${server.url}/v1` }), 'gpt-4o-mini');
      assert.equal(body['max_tokens'], 64);
      assert.equal('max_completion_tokens' in body, false);
    });

    it('the same through llmux/lite', async () => {
      const client = createLiteClient({ env: {}, providers: { [name]: openai({ apiKey: KEY, baseURL: `${server.url}/v1` }) } });
      try {
        await liteComplete(client, { model: `${name}/o3-mini`, messages: replay, max_tokens: 64 }, { maxRetries: 0 });
      } finally {
        client.close();
      }
      assertOpenAIRules(server.received.at(-1)!.json);
    });

    it("its compat can be overridden: reasoningInput 'as-is', maxTokensField 'max_tokens'", async () => {
      const provider = openai({
        apiKey: KEY,
        baseURL: `${server.url}/v1`,
        compat: { reasoningInput: 'as-is', maxTokensField: 'max_tokens' },
      });
      assertSentAsGiven(await sentBody(name, provider, 'o3-mini'));
    });
  });

describe('the built-in openai provider (no factory)', () => {
  it('follows the same rules', async () => {
    assertOpenAIRules(await sentBody('openai', { apiKey: KEY, baseURL: `${server.url}/v1` }, 'o3-mini'));
  });
});

for (const name of ['openai', 'local'])
  describe(`openaiCompatible() registered as "${name}"`, () => {
    it('sends max_tokens and replayed reasoning as given: the name alone does not make a server OpenAI', async () => {
      assertSentAsGiven(await sentBody(name, openaiCompatible({ apiKey: KEY, baseURL: `${server.url}/v1` }), 'o3-mini'));
    });

    it("compat maxTokensField 'max_completion_tokens' renames it for any model", async () => {
      const body = await sentBody(
        name,
        openaiCompatible({ apiKey: KEY, baseURL: `${server.url}/v1`, compat: { maxTokensField: 'max_completion_tokens' } }),
        'my-deployment',
      );
      assert.equal(body['max_completion_tokens'], 64);
      assert.equal('max_tokens' in body, false);
    });
  });
