import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ConfigurationError, RateLimitError, createClient, type LlmuxClient } from '../../../src/index.js';
import { complete as liteComplete, createClient as createLite, stream as liteStream } from '../../../src/lite/index.js';
import { getModelInfo } from '../../../src/models/index.js';
import { openai } from '../../../src/providers/openai/index.js';
import { openaiResponses, openaiResponsesCompatible } from '../../../src/providers/openai-responses/index.js';
import { type ScriptedServer, startScriptedServer } from '../../helpers/scripted-server.js';
import { KEY, sseText, textBody, textEvents } from './responses-test-support.js';

const SSE = { 'content-type': 'text/event-stream' };
const messages = [{ role: 'user' as const, content: 'Hi' }];

describe('openai-responses adapter over real HTTP', () => {
  let server: ScriptedServer;
  let responsesClient: LlmuxClient;
  let chatClient: LlmuxClient;

  before(async () => {
    server = await startScriptedServer();
    responsesClient = createClient({ providers: { openai: { baseURL: `${server.url}/v1`, apiKey: KEY, api: 'responses' } }, env: {} });
    chatClient = createClient({ providers: { openai: { baseURL: `${server.url}/v1`, apiKey: KEY } }, env: {} });
  });
  after(async () => {
    responsesClient.close();
    chatClient.close();
    await server.close();
  });

  it("providers: { openai: { api: 'responses' } } sends every call to /responses, stateless, and maps the answer back", async () => {
    server.push({ body: JSON.stringify(textBody('gpt-4o-mini')) });
    const res = await responsesClient.complete({
      model: 'openai/gpt-4o-mini',
      messages: [{ role: 'system', content: 'Be kind.' }, ...messages],
      max_tokens: 50,
    });
    const req = server.received.at(-1)!;
    assert.equal(req.url, '/v1/responses');
    assert.equal(req.headers.authorization, `Bearer ${KEY}`);
    assert.deepEqual(req.json, { model: 'gpt-4o-mini', input: messages, store: false, instructions: 'Be kind.', max_output_tokens: 50 });
    assert.equal(res.object, 'chat.completion');
    assert.equal(res.provider, 'openai');
    assert.equal(res.choices[0]!.message.content, 'Hello from Responses.');
    assert.equal(res.choices[0]!.finish_reason, 'stop');
    assert.deepEqual(res.usage?.completion_tokens_details, { reasoning_tokens: 40 });
    assert.equal(res.cost?.source, 'table', 'usage is priced from the model table');
  });

  it('a reasoning model (per the table) is asked for its encrypted reasoning; one that is not, never', async () => {
    server.push({ body: JSON.stringify(textBody('o3')) });
    await responsesClient.complete({ model: 'openai/o3', messages });
    assert.deepEqual(server.received.at(-1)!.json.include, ['reasoning.encrypted_content']);
    server.push({ body: JSON.stringify(textBody('gpt-4.1')) });
    await responsesClient.complete({ model: 'openai/gpt-4.1', messages });
    assert.equal(server.received.at(-1)!.json.include, undefined);
  });

  it('per call: api "responses" on a chat provider, api "chat" on a responses provider', async () => {
    server.push({ body: JSON.stringify(textBody('gpt-4o')) });
    await chatClient.complete({ model: 'openai/gpt-4o', messages }, { api: 'responses' });
    assert.equal(server.received.at(-1)!.url, '/v1/responses');
    server.push({
      body: JSON.stringify({
        id: 'c',
        object: 'chat.completion',
        created: 1,
        model: 'gpt-4o',
        choices: [{ index: 0, message: { role: 'assistant', content: 'chat' }, finish_reason: 'stop' }],
      }),
    });
    const res = await responsesClient.complete({ model: 'openai/gpt-4o', messages }, { api: 'chat' });
    assert.equal(server.received.at(-1)!.url, '/v1/chat/completions');
    assert.equal(res.choices[0]!.message.content, 'chat');
  });

  it('streams through /responses: deltas, reasoning summary, usage, finish', async () => {
    server.push({ headers: SSE, body: sseText(textEvents('gpt-4o')) });
    const s = responsesClient.stream({ model: 'openai/gpt-4o', messages });
    let text = '';
    for await (const chunk of s) text += chunk.choices[0]?.delta.content ?? '';
    const final = await s.finalResponse();
    assert.equal(server.received.at(-1)!.json.stream, true);
    assert.equal(text, 'Hello from Responses.');
    assert.equal(final.choices[0]!.message.reasoning_content, 'Greeting the user — ünïcode 🙂.');
    assert.equal(final.usage?.prompt_tokens, 120);
  });

  it('an error answer is typed as the chat API types it (429 insufficient_quota -> RateLimitError)', async () => {
    server.push({
      status: 429,
      body: JSON.stringify({
        error: { message: 'You exceeded your current quota', type: 'insufficient_quota', code: 'insufficient_quota' },
      }),
      headers: { 'x-should-retry': 'false' },
    });
    await assert.rejects(
      responsesClient.complete({ model: 'openai/gpt-4o', messages }),
      (e: unknown) => e instanceof RateLimitError && e.code === 'insufficient_quota',
    );
  });

  it('a failed response in a 200 body is the typed error of its code', async () => {
    server.push({
      body: JSON.stringify({
        id: 'resp_f',
        object: 'response',
        status: 'failed',
        error: { code: 'rate_limit_exceeded', message: 'slow down' },
        output: [],
      }),
    });
    await assert.rejects(
      responsesClient.complete({ model: 'openai/gpt-4o', messages }, { maxRetries: 0 }),
      (e: unknown) => e instanceof RateLimitError && e.code === 'rate_limit_exceeded',
    );
  });

  it('stop is refused before anything is sent, and so is an api that is neither chat nor responses', async () => {
    const before = server.received.length;
    await assert.rejects(
      chatClient.complete({ model: 'openai/gpt-4o', messages }, { api: 'Responses' as never }),
      (e: unknown) => e instanceof ConfigurationError && /"chat"/.test(e.message),
    );
    await assert.rejects(
      chatClient.stream({ model: 'openai/gpt-4o', messages }, { api: 'v2' as never }).finalResponse(),
      ConfigurationError,
    );
    await assert.rejects(responsesClient.complete({ model: 'openai/gpt-4o', messages, stop: ['\n'] }), ConfigurationError);
    assert.equal(server.received.length, before);
  });

  it('llmux/lite: openaiResponses() and openaiResponsesCompatible(); openai() with api "responses" says which to use, sending nothing', async () => {
    const lite = createLite({
      providers: {
        openai: openaiResponses({ baseURL: `${server.url}/v1`, apiKey: KEY }),
        vllm: openaiResponsesCompatible({ baseURL: `${server.url}/v1` }),
        plain: openai({ baseURL: `${server.url}/v1`, apiKey: KEY, api: 'responses' }),
      },
      env: {},
    });
    try {
      server.push({ body: JSON.stringify(textBody('gpt-4o')) });
      const res = await liteComplete(lite, { model: 'openai/gpt-4o', messages });
      assert.equal(server.received.at(-1)!.url, '/v1/responses');
      assert.equal(res.choices[0]!.message.content, 'Hello from Responses.');
      server.push({ headers: SSE, body: sseText(textEvents('openai/gpt-oss-20b', 'vLLM says hi')) });
      const s = liteStream(lite, { model: 'vllm/openai/gpt-oss-20b', messages });
      const final = await s.finalResponse();
      assert.equal(server.received.at(-1)!.url, '/v1/responses');
      assert.equal(server.received.at(-1)!.json.model, 'openai/gpt-oss-20b');
      assert.equal(final.choices[0]!.message.content, 'vLLM says hi');
      assert.equal(final.provider, 'vllm');
      const sent = server.received.length;
      await assert.rejects(
        liteComplete(lite, { model: 'plain/gpt-4o', messages }),
        (e: unknown) => e instanceof ConfigurationError && /openaiResponses\(\)/.test(e.message),
      );
      assert.equal(server.received.length, sent);
    } finally {
      lite.close();
    }
    // With the table, openai() knows a responses-only model and says what to use instead of sending it to chat.
    const tabled = createLite({
      providers: { openai: openai({ baseURL: `${server.url}/v1`, apiKey: KEY }) },
      modelInfo: getModelInfo,
      env: {},
    });
    try {
      const sent = server.received.length;
      await assert.rejects(
        liteComplete(tabled, { model: 'openai/gpt-5-pro', messages }),
        (e: unknown) => e instanceof ConfigurationError && /llmux\/openai-responses/.test(e.message),
      );
      assert.equal(server.received.length, sent);
    } finally {
      tabled.close();
    }
  });
});
