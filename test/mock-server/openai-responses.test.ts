import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import OpenAI from 'openai';
import { APIConnectionError, InvalidResponseError, RateLimitError, createClient, type LlmuxClient } from '../../src/index.js';
import { startMockServer } from '../../src/mock-server/index.js';
import type { MockServer } from '../../src/mock-server/index.js';
import { send } from './http-client.js';

const input = [{ role: 'user', content: 'hello responses' }];
const weather = {
  type: 'function',
  name: 'get_weather',
  parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
};

describe('mock server: POST /v1/responses', () => {
  let server: MockServer;
  let sdk: OpenAI;
  let client: LlmuxClient;
  before(async () => {
    server = await startMockServer({ apiKey: 'sk-mock' });
    sdk = new OpenAI({ baseURL: server.openaiBaseURL, apiKey: 'sk-mock', maxRetries: 0 });
    client = createClient({
      providers: { openai: { baseURL: server.openaiBaseURL, apiKey: 'sk-mock', api: 'responses' } },
      env: {},
      maxRetries: 0,
    });
  });
  after(async () => {
    client.close();
    await server.close();
  });

  test('the openai SDK reads its bodies and streams: responses.create and responses.stream', async () => {
    const response = await sdk.responses.create({ model: 'gpt-mock', input: 'hello sdk', store: false });
    assert.equal(response.output_text, 'Hello from the llmux mock server. You said: hello sdk');
    assert.equal(response.status, 'completed');
    const stream = sdk.responses.stream({ model: 'o-mock', input: 'hello sdk', store: false, include: ['reasoning.encrypted_content'] });
    let text = '';
    for await (const event of stream) if (event.type === 'response.output_text.delta') text += event.delta;
    const final = await stream.finalResponse();
    assert.equal(text, response.output_text);
    assert.equal(final.output_text, response.output_text);
    const reasoning = final.output.find((item) => item.type === 'reasoning');
    assert.match(String(reasoning?.type === 'reasoning' && reasoning.encrypted_content), /^mock-encrypted-reasoning-/);
  });

  test('a tool call, then the loop closed with the reasoning item replayed before its call', async () => {
    const first = await sdk.responses.create({
      model: 'o-mock',
      input: 'weather?',
      tools: [weather as never],
      store: false,
      include: ['reasoning.encrypted_content'],
    });
    assert.deepEqual(
      first.output.map((item) => item.type),
      ['reasoning', 'function_call'],
    );
    const call = first.output[1]!;
    assert.ok(call.type === 'function_call');
    const second = await sdk.responses.create({
      model: 'o-mock',
      store: false,
      input: [
        { role: 'user', content: 'weather?' },
        first.output[0] as never,
        { type: 'function_call', call_id: call.call_id, name: call.name, arguments: call.arguments },
        { type: 'function_call_output', call_id: call.call_id, output: '18C' },
      ],
      tools: [weather as never],
    });
    assert.equal(second.output_text, 'Tool result received: 18C');
  });

  test('refuses what the real API refuses: chat parameters, orphan tool output, reasoning with nothing after it', async () => {
    const url = `${server.openaiBaseURL}/responses`;
    const headers = { authorization: 'Bearer sk-mock' };
    const stop = await send(url, { body: { model: 'm', input, stop: ['x'] }, headers });
    assert.equal(stop.status, 400);
    assert.equal(stop.json().error.param, 'stop');
    const orphan = await send(url, {
      body: { model: 'm', input: [...input, { type: 'function_call_output', call_id: 'call_x', output: '1' }] },
      headers,
    });
    assert.equal(orphan.status, 400);
    const dangling = await send(url, {
      body: { model: 'm', input: [...input, { type: 'reasoning', id: 'rs_1', encrypted_content: 'e', summary: [] }] },
      headers,
    });
    assert.equal(dangling.status, 400);
    assert.match(dangling.json().error.message, /without its required following item/);
    const unauthorized = await send(url, { body: { model: 'm', input } });
    assert.equal(unauthorized.status, 401);
  });

  test('llmux over it: complete and stream, and the same fault injection as chat', async () => {
    const res = await client.complete({ model: 'openai/gpt-mock', messages: [{ role: 'user', content: 'hi' }], max_tokens: 3 });
    assert.equal(res.choices[0]!.finish_reason, 'length');
    assert.equal(server.requests.at(-1)!.path, '/v1/responses');
    const streamed = await client.stream({ model: 'openai/gpt-mock', messages: [{ role: 'user', content: 'hi' }] }).finalResponse();
    assert.equal(streamed.choices[0]!.message.content, 'Hello from the llmux mock server. You said: hi');

    server.injectFaults([{ status: 429, retryAfter: 1 }]);
    await assert.rejects(client.complete({ model: 'openai/gpt-mock', messages: [{ role: 'user', content: 'hi' }] }), RateLimitError);
    server.injectFaults([{ endAfterChunks: 3 }]);
    await assert.rejects(
      client.stream({ model: 'openai/gpt-mock', messages: [{ role: 'user', content: 'hi' }] }).finalResponse(),
      (e: unknown) => e instanceof APIConnectionError && e.code === 'STREAM_TRUNCATED',
    );
    server.injectFaults([{ malformedAfterChunks: 2 }]);
    await assert.rejects(
      client.stream({ model: 'openai/gpt-mock', messages: [{ role: 'user', content: 'hi' }] }).finalResponse(),
      InvalidResponseError,
    );
    server.injectFaults([{ resetAfterChunks: 2 }]);
    await assert.rejects(
      client.stream({ model: 'openai/gpt-mock', messages: [{ role: 'user', content: 'hi' }] }).finalResponse(),
      APIConnectionError,
    );
  });
});
