import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startMockServer } from '../../src/mock-server/index.js';
import { readStream, send } from './http-client.js';
import type { MockServer } from '../../src/mock-server/index.js';

const weatherTool = {
  type: 'function',
  function: {
    name: 'get_weather',
    description: 'Current weather for a city',
    parameters: {
      type: 'object',
      properties: {
        city: { type: 'string' },
        unit: { type: 'string', enum: ['celsius', 'fahrenheit'] },
        days: { type: 'integer', minimum: 3 },
        detailed: { type: 'boolean' },
        tags: { type: 'array', items: { type: 'string' } },
        notes: { type: 'string' },
      },
      required: ['city', 'unit', 'days', 'detailed', 'tags'],
    },
  },
};
const timeTool = {
  type: 'function',
  function: { name: 'get_time', parameters: { type: 'object', properties: { zone: { type: 'string' } } } },
};
const expectedWeatherArgs = { city: 'example', unit: 'celsius', days: 3, detailed: true, tags: [] };

describe('mock server: OpenAI chat completions', () => {
  let server: MockServer;
  let endpoint: string;
  before(async () => {
    server = await startMockServer();
    endpoint = `${server.openaiBaseURL}/chat/completions`;
  });
  after(() => server.close());

  const chat = (body: Record<string, unknown>) => send(endpoint, { body: { model: 'gpt-mock', ...body } });
  const streamChat = (body: Record<string, unknown>) => readStream(endpoint, { model: 'gpt-mock', stream: true, ...body });
  const hello = [{ role: 'user', content: 'What is up?' }];

  test('answers a plain request with a full chat.completion', async () => {
    const response = await chat({ messages: hello });
    assert.equal(response.status, 200);
    assert.match(String(response.headers['content-type']), /^application\/json/);
    const body = response.json();
    const n = Number(/^chatcmpl-mock-(\d+)$/.exec(body.id)?.[1]);
    assert.ok(n >= 1);
    assert.equal(response.headers['x-request-id'], `req_mock_${n}`);
    assert.deepEqual(body, {
      id: `chatcmpl-mock-${n}`,
      object: 'chat.completion',
      created: 1700000000 + n,
      model: 'gpt-mock',
      system_fingerprint: 'fp_mock',
      choices: [
        {
          index: 0,
          message: { role: 'assistant', content: 'Hello from the llmux mock server. You said: What is up?', refusal: null },
          logprobs: null,
          finish_reason: 'stop',
        },
      ],
      usage: {
        prompt_tokens: 3, // ceil(11 chars / 4)
        completion_tokens: 11,
        total_tokens: 14,
        prompt_tokens_details: { cached_tokens: 0 },
        completion_tokens_details: { reasoning_tokens: 0 },
      },
    });
  });

  test('streams the same text as word-sized chunks ending in [DONE]', async () => {
    const full = (await chat({ messages: hello })).json();
    const stream = await streamChat({ messages: hello });
    assert.equal(stream.status, 200);
    assert.equal(stream.error, undefined);
    assert.match(String(stream.headers['content-type']), /^text\/event-stream/);
    assert.equal(stream.events.at(-1)?.data, '[DONE]');
    const chunks = stream.events.slice(0, -1).map((event) => JSON.parse(event.data));
    const ids = new Set(chunks.map((chunk) => chunk.id));
    assert.equal(ids.size, 1);
    const [first] = chunks;
    assert.equal(first.object, 'chat.completion.chunk');
    assert.equal(first.created, 1700000000 + Number(first.id.split('-').at(-1)));
    assert.deepEqual(first.choices[0].delta, { role: 'assistant', content: '' });
    const last = chunks.at(-1);
    assert.deepEqual(last.choices, [{ index: 0, delta: {}, logprobs: null, finish_reason: 'stop' }]);
    const pieces = chunks.slice(1, -1).map((chunk) => chunk.choices[0].delta.content as string);
    assert.ok(pieces.length > 5, 'text arrives in several pieces');
    assert.equal(pieces.join(''), full.choices[0].message.content);
    for (const chunk of chunks) assert.equal('usage' in chunk, false, 'no usage without include_usage');
  });

  test('adds a usage chunk only when stream_options.include_usage is set', async () => {
    const full = (await chat({ messages: hello })).json();
    const stream = await streamChat({ messages: hello, stream_options: { include_usage: true } });
    const chunks = stream.events.slice(0, -1).map((event) => JSON.parse(event.data));
    const usageChunk = chunks.at(-1);
    assert.deepEqual(usageChunk.choices, []);
    assert.deepEqual(usageChunk.usage, full.usage);
    for (const chunk of chunks.slice(0, -1)) assert.equal(chunk.usage, null);
    assert.equal(stream.events.at(-1)?.data, '[DONE]');
  });

  test('calls the first tool with arguments sampled from its schema', async () => {
    const response = await chat({ messages: hello, tools: [weatherTool, timeTool] });
    const choice = response.json().choices[0];
    assert.equal(choice.finish_reason, 'tool_calls');
    assert.equal(choice.message.content, null);
    assert.equal(choice.message.tool_calls.length, 1);
    const [call] = choice.message.tool_calls;
    assert.match(call.id, /^call_mock_\d+$/);
    assert.equal(call.type, 'function');
    assert.equal(call.function.name, 'get_weather');
    assert.deepEqual(JSON.parse(call.function.arguments), expectedWeatherArgs);
  });

  test('streams tool call arguments in fragments that rebuild the JSON', async () => {
    const full = (await chat({ messages: hello, tools: [weatherTool] })).json();
    const stream = await streamChat({ messages: hello, tools: [weatherTool] });
    const chunks = stream.events.slice(0, -1).map((event) => JSON.parse(event.data));
    const fragments = chunks.flatMap((chunk) => chunk.choices[0]?.delta.tool_calls ?? []);
    const [head, ...rest] = fragments;
    assert.match(head.id, /^call_mock_\d+$/);
    assert.deepEqual(head, { index: 0, id: head.id, type: 'function', function: { name: 'get_weather', arguments: '' } });
    assert.ok(rest.length > 2, 'arguments arrive in several fragments');
    for (const fragment of rest) assert.deepEqual(Object.keys(fragment).sort(), ['function', 'index']);
    const args = rest.map((fragment) => fragment.function.arguments).join('');
    assert.equal(args, full.choices[0].message.tool_calls[0].function.arguments);
    assert.equal(chunks.at(-1).choices[0].finish_reason, 'tool_calls');
  });

  test('honours tool_choice: a named function, and none', async () => {
    const forced = await chat({
      messages: hello,
      tools: [weatherTool, timeTool],
      tool_choice: { type: 'function', function: { name: 'get_time' } },
    });
    const call = forced.json().choices[0].message.tool_calls[0];
    assert.equal(call.function.name, 'get_time');
    assert.deepEqual(JSON.parse(call.function.arguments), { zone: 'example' });

    const none = await chat({ messages: hello, tools: [weatherTool], tool_choice: 'none' });
    assert.equal(none.json().choices[0].finish_reason, 'stop');

    const unknown = await chat({ messages: hello, tools: [weatherTool], tool_choice: { type: 'function', function: { name: 'nope' } } });
    assert.equal(unknown.status, 400);
    assert.equal(unknown.json().error.param, 'tool_choice');
  });

  test('acknowledges a tool result instead of calling the tool again', async () => {
    const response = await chat({
      tools: [weatherTool],
      messages: [
        ...hello,
        {
          role: 'assistant',
          content: null,
          tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{}' } }],
        },
        { role: 'tool', tool_call_id: 'call_1', content: 'sunny, 21C' },
      ],
    });
    const choice = response.json().choices[0];
    assert.equal(choice.finish_reason, 'stop');
    assert.equal(choice.message.content, 'Tool result received: sunny, 21C');
  });

  test('refuses a tool message that answers no tool call', async () => {
    const response = await chat({ messages: [...hello, { role: 'tool', tool_call_id: 'call_x', content: 'orphan' }] });
    assert.equal(response.status, 400);
    const { error } = response.json();
    assert.equal(error.type, 'invalid_request_error');
    assert.equal(error.param, 'messages[1].tool_call_id');
  });

  test('answers with JSON for response_format json_schema and json_object', async () => {
    const schema = {
      type: 'object',
      properties: { name: { type: 'string' }, age: { type: 'integer', minimum: 18 }, kind: { enum: ['cat', 'dog'] } },
      required: ['name', 'age', 'kind'],
      additionalProperties: false,
    };
    const response = await chat({
      messages: hello,
      response_format: { type: 'json_schema', json_schema: { name: 'pet', strict: true, schema } },
    });
    assert.deepEqual(JSON.parse(response.json().choices[0].message.content), { name: 'example', age: 18, kind: 'cat' });

    const stream = await streamChat({ messages: hello, response_format: { type: 'json_schema', json_schema: { name: 'pet', schema } } });
    const text = stream.events
      .slice(1, -1)
      .map((event) => JSON.parse(event.data).choices[0].delta.content ?? '')
      .join('');
    assert.deepEqual(JSON.parse(text), { name: 'example', age: 18, kind: 'cat' });

    const object = await chat({ messages: hello, response_format: { type: 'json_object' } });
    assert.deepEqual(JSON.parse(object.json().choices[0].message.content), { reply: 'What is up?' });
  });

  test('cuts the reply at max_tokens / max_completion_tokens with finish_reason length', async () => {
    const response = await chat({ messages: hello, max_tokens: 3 });
    const body = response.json();
    assert.equal(body.choices[0].message.content, 'Hello from the');
    assert.equal(body.choices[0].finish_reason, 'length');
    assert.equal(body.usage.completion_tokens, 3);

    const stream = await streamChat({ messages: hello, max_completion_tokens: 2 });
    const chunks = stream.events.slice(0, -1).map((event) => JSON.parse(event.data));
    assert.equal(chunks.map((chunk) => chunk.choices[0].delta.content ?? '').join(''), 'Hello from');
    assert.equal(chunks.at(-1).choices[0].finish_reason, 'length');
  });

  test('stops before a stop sequence', async () => {
    const body = (await chat({ messages: hello, stop: ['mock'] })).json();
    assert.equal(body.choices[0].message.content, 'Hello from the llmux ');
    assert.equal(body.choices[0].finish_reason, 'stop');
  });

  test('reads the text parts of the last user message and ignores images', async () => {
    const body = (
      await chat({
        messages: [
          { role: 'system', content: 'Be brief.' },
          { role: 'user', content: 'first question' },
          { role: 'assistant', content: 'first answer' },
          {
            role: 'user',
            content: [
              { type: 'text', text: 'Describe this' },
              { type: 'image_url', image_url: { url: 'data:image/png;base64,AAAA' } },
            ],
          },
        ],
      })
    ).json();
    assert.equal(body.choices[0].message.content, 'Hello from the llmux mock server. You said: Describe this');
  });

  test('gives the same body for the same request, apart from id and created', async () => {
    const request = { messages: hello, tools: [weatherTool] };
    const a = (await chat(request)).json();
    const b = (await chat(request)).json();
    assert.notEqual(a.id, b.id);
    const strip = (body: Record<string, unknown>) => ({ ...body, id: undefined, created: undefined });
    const stripCalls = (body: any) => {
      body.choices[0].message.tool_calls[0].id = undefined;
      return strip(body);
    };
    assert.deepEqual(stripCalls(a), stripCalls(b));
  });

  test('also serves /chat/completions without the /v1 prefix', async () => {
    const response = await send(`${server.url}/chat/completions`, { body: { model: 'm', messages: hello } });
    assert.equal(response.status, 200);
  });

  test('answers malformed requests with 400 in the OpenAI error shape', async () => {
    const badJson = await send(endpoint, { body: '{"model": "m", "messages": [' });
    assert.equal(badJson.status, 400);
    assert.equal(badJson.json().error.type, 'invalid_request_error');
    assert.deepEqual(Object.keys(badJson.json().error).sort(), ['code', 'message', 'param', 'type']);

    const noMessages = await chat({});
    assert.equal(noMessages.status, 400);
    assert.deepEqual(noMessages.json().error, {
      message: "Missing required parameter: 'messages'.",
      type: 'invalid_request_error',
      param: 'messages',
      code: 'missing_required_parameter',
    });

    const noModel = await send(endpoint, { body: { messages: hello } });
    assert.equal(noModel.json().error.param, 'model');

    const badRole = await chat({ messages: [{ role: 'robot', content: 'hi' }] });
    assert.equal(badRole.status, 400);
  });

  test('answers unknown paths with 404 and API paths with 405 for other methods', async () => {
    const unknown = await send(`${server.url}/v1/embeddings`, { body: { model: 'm', input: 'x' } });
    assert.equal(unknown.status, 404);
    assert.equal(unknown.json().error.code, 'unknown_url');
    const wrongMethod = await send(endpoint, { method: 'GET' });
    assert.equal(wrongMethod.status, 405);
    assert.equal(wrongMethod.headers.allow, 'POST');
  });
});
