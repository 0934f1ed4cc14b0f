import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startMockServer } from '../../src/mock-server/index.js';
import { readStream, send } from './http-client.js';
import type { MockServer } from '../../src/mock-server/index.js';

const searchTool = {
  name: 'search_docs',
  description: 'Search the documentation',
  input_schema: {
    type: 'object',
    properties: {
      query: { type: 'string' },
      limit: { type: 'number', minimum: 5 },
      filters: { type: 'object', properties: { lang: { enum: ['en', 'de'] } } },
    },
    required: ['query', 'limit', 'filters'],
  },
};
const clockTool = { name: 'read_clock', input_schema: { type: 'object', properties: {} } };
const hello = [{ role: 'user', content: 'Hi Claude' }];

describe('mock server: Anthropic messages', () => {
  let server: MockServer;
  let endpoint: string;
  before(async () => {
    server = await startMockServer();
    endpoint = `${server.anthropicBaseURL}/v1/messages`;
  });
  after(() => server.close());

  const message = (body: Record<string, unknown>) => send(endpoint, { body: { model: 'claude-mock', max_tokens: 256, ...body } });
  const streamMessage = (body: Record<string, unknown>) =>
    readStream(endpoint, { model: 'claude-mock', max_tokens: 256, stream: true, ...body });

  test('answers a plain request with a full message', async () => {
    const response = await message({ system: 'Be nice.', messages: hello });
    assert.equal(response.status, 200);
    const body = response.json();
    const n = Number(/^msg_mock_(\d+)$/.exec(body.id)?.[1]);
    assert.equal(response.headers['request-id'], `req_mock_${n}`);
    assert.deepEqual(body, {
      id: `msg_mock_${n}`,
      type: 'message',
      role: 'assistant',
      model: 'claude-mock',
      content: [{ type: 'text', text: 'Hello from the llmux mock server. You said: Hi Claude' }],
      stop_reason: 'end_turn',
      stop_sequence: null,
      usage: { input_tokens: 5, output_tokens: 10, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 },
    });
  });

  test('accepts system as text blocks and user content as blocks, ignoring images', async () => {
    const body = (
      await message({
        system: [{ type: 'text', text: 'Be nice.' }],
        messages: [
          {
            role: 'user',
            content: [
              { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'AAAA' } },
              { type: 'text', text: 'Hi Claude' },
            ],
          },
        ],
      })
    ).json();
    assert.equal(body.content[0].text, 'Hello from the llmux mock server. You said: Hi Claude');
    assert.equal(body.usage.input_tokens, 5);
  });

  test('streams the real event sequence, rebuilding the same text', async () => {
    const full = (await message({ messages: hello })).json();
    const stream = await streamMessage({ messages: hello });
    assert.equal(stream.error, undefined);
    assert.match(String(stream.headers['content-type']), /^text\/event-stream/);
    const names = stream.events.map((event) => event.event);
    const deltas = full.usage.output_tokens;
    assert.deepEqual(names, [
      'message_start',
      'content_block_start',
      'ping',
      ...Array<string>(deltas).fill('content_block_delta'),
      'content_block_stop',
      'message_delta',
      'message_stop',
    ]);
    const payloads = stream.events.map((event) => JSON.parse(event.data));
    for (const [index, payload] of payloads.entries()) assert.equal(payload.type, names[index]);
    const start = payloads[0].message;
    assert.deepEqual(start.content, []);
    assert.equal(start.stop_reason, null);
    assert.deepEqual(start.usage, {
      input_tokens: full.usage.input_tokens,
      output_tokens: 1,
      cache_creation_input_tokens: 0,
      cache_read_input_tokens: 0,
    });
    assert.deepEqual(payloads[1], { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } });
    const text = payloads
      .filter((payload) => payload.type === 'content_block_delta')
      .map((payload) => {
        assert.equal(payload.delta.type, 'text_delta');
        return payload.delta.text;
      })
      .join('');
    assert.equal(text, full.content[0].text);
    assert.deepEqual(payloads.at(-2), {
      type: 'message_delta',
      delta: { stop_reason: 'end_turn', stop_sequence: null },
      usage: { output_tokens: full.usage.output_tokens },
    });
  });

  test('calls a tool with input sampled from input_schema, streamed as input_json_delta', async () => {
    const full = (await message({ messages: hello, tools: [searchTool, clockTool] })).json();
    assert.equal(full.stop_reason, 'tool_use');
    assert.equal(full.content.length, 1);
    const [block] = full.content;
    assert.match(block.id, /^toolu_mock_\d+$/);
    assert.equal(block.name, 'search_docs');
    assert.deepEqual(block.input, { query: 'example', limit: 5, filters: { lang: 'en' } });

    const stream = await streamMessage({ messages: hello, tools: [searchTool, clockTool] });
    const payloads = stream.events.map((event) => JSON.parse(event.data));
    const start = payloads.find((payload) => payload.type === 'content_block_start');
    assert.deepEqual(start.content_block, { type: 'tool_use', id: start.content_block.id, name: 'search_docs', input: {} });
    const partials = payloads
      .filter((payload) => payload.type === 'content_block_delta')
      .map((payload) => {
        assert.equal(payload.delta.type, 'input_json_delta');
        return payload.delta.partial_json as string;
      });
    assert.ok(partials.length > 2);
    assert.deepEqual(JSON.parse(partials.join('')), block.input);
    assert.equal(payloads.find((payload) => payload.type === 'message_delta').delta.stop_reason, 'tool_use');
  });

  test('honours tool_choice tool, any and none', async () => {
    const forced = (
      await message({ messages: hello, tools: [searchTool, clockTool], tool_choice: { type: 'tool', name: 'read_clock' } })
    ).json();
    assert.deepEqual(forced.content[0].name, 'read_clock');
    assert.deepEqual(forced.content[0].input, {});
    const any = (await message({ messages: hello, tools: [searchTool], tool_choice: { type: 'any' } })).json();
    assert.equal(any.stop_reason, 'tool_use');
    const none = (await message({ messages: hello, tools: [searchTool], tool_choice: { type: 'none' } })).json();
    assert.equal(none.stop_reason, 'end_turn');
    assert.equal(none.content[0].type, 'text');
  });

  test('acknowledges a tool_result and refuses one that answers no tool_use', async () => {
    const toolUse = { type: 'tool_use', id: 'toolu_1', name: 'search_docs', input: { query: 'x' } };
    const answered = (
      await message({
        tools: [searchTool],
        messages: [
          ...hello,
          { role: 'assistant', content: [{ type: 'text', text: 'Let me look.' }, toolUse] },
          { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: [{ type: 'text', text: '3 hits' }] }] },
        ],
      })
    ).json();
    assert.equal(answered.stop_reason, 'end_turn');
    assert.equal(answered.content[0].text, 'Tool result received: 3 hits');

    const orphan = await message({
      messages: [
        ...hello,
        { role: 'assistant', content: 'ok' },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_9', content: 'x' }] },
      ],
    });
    assert.equal(orphan.status, 400);
    assert.equal(orphan.json().error.type, 'invalid_request_error');
  });

  test('cuts at max_tokens and at stop sequences', async () => {
    const short = (await message({ messages: hello, max_tokens: 4 })).json();
    assert.equal(short.content[0].text, 'Hello from the llmux');
    assert.equal(short.stop_reason, 'max_tokens');
    assert.equal(short.usage.output_tokens, 4);

    const stopped = (await message({ messages: hello, stop_sequences: ['server'] })).json();
    assert.equal(stopped.content[0].text, 'Hello from the llmux mock ');
    assert.equal(stopped.stop_reason, 'stop_sequence');
    assert.equal(stopped.stop_sequence, 'server');
  });

  test('answers JSON for output_format json_schema', async () => {
    const schema = { type: 'object', properties: { answer: { type: 'string' } }, required: ['answer'] };
    const body = (await message({ messages: hello, output_format: { type: 'json_schema', schema } })).json();
    assert.deepEqual(JSON.parse(body.content[0].text), { answer: 'example' });
  });

  test('answers JSON for output_config.format json_schema (the GA form), streamed too', async () => {
    const schema = {
      type: 'object',
      properties: { answer: { type: 'string' }, n: { type: 'integer', minimum: 3 } },
      required: ['answer', 'n'],
    };
    const output_config = { effort: 'high', format: { type: 'json_schema', schema } };
    const body = (await message({ messages: hello, output_config })).json();
    assert.deepEqual(JSON.parse(body.content[0].text), { answer: 'example', n: 3 });
    const stream = await streamMessage({ messages: hello, output_config });
    const text = stream.events
      .filter((event) => event.event === 'content_block_delta')
      .map((event) => JSON.parse(event.data).delta.text)
      .join('');
    assert.deepEqual(JSON.parse(text), { answer: 'example', n: 3 });
    // output_config.format wins over the beta field; an output_config without a format is plain text.
    const both = (
      await message({
        messages: hello,
        output_config,
        output_format: { type: 'json_schema', schema: { type: 'object', properties: { other: { type: 'string' } }, required: ['other'] } },
      })
    ).json();
    assert.deepEqual(JSON.parse(both.content[0].text), { answer: 'example', n: 3 });
    const noFormat = (await message({ messages: hello, output_config: { effort: 'low' } })).json();
    assert.equal(noFormat.content[0].text, 'Hello from the llmux mock server. You said: Hi Claude');
    const bad = await message({ messages: hello, output_config: 'json' });
    assert.equal(bad.status, 400);
    assert.deepEqual(bad.json().error, { type: 'invalid_request_error', message: 'output_config: Input should be a valid dictionary' });
  });

  test('answers invalid requests with 400 in the Anthropic error shape', async () => {
    const noMaxTokens = await send(endpoint, { body: { model: 'claude-mock', messages: hello } });
    assert.equal(noMaxTokens.status, 400);
    assert.deepEqual(noMaxTokens.json(), {
      type: 'error',
      error: { type: 'invalid_request_error', message: 'max_tokens: Field required' },
    });

    const badJson = await send(endpoint, { body: 'not json at all' });
    assert.equal(badJson.status, 400);
    assert.equal(badJson.json().type, 'error');
    assert.equal(badJson.json().error.type, 'invalid_request_error');

    const systemRole = await message({ messages: [{ role: 'system', content: 'x' }, ...hello] });
    assert.equal(systemRole.status, 400);
    assert.match(systemRole.json().error.message, /system/);

    const noMessages = await message({});
    assert.equal(noMessages.json().error.message, 'messages: Field required');
  });
});

describe('mock server: Anthropic count_tokens', () => {
  let server: MockServer;
  before(async () => {
    server = await startMockServer({ apiKey: 'mock-key-123' });
  });
  after(() => server.close());
  const headers = { 'x-api-key': 'mock-key-123', 'anthropic-version': '2023-06-01' };
  const count = (body: unknown, extra: Record<string, string> = headers) =>
    send(`${server.anthropicBaseURL}/v1/messages/count_tokens`, { body, headers: extra });

  test('answers { input_tokens }, the same count a Messages call reports as its usage', async () => {
    const conversation = { model: 'claude-mock', system: 'Be nice.', messages: hello, tools: [searchTool] };
    const counted = await count(conversation);
    assert.equal(counted.status, 200, counted.text);
    assert.deepEqual(Object.keys(counted.json()), ['input_tokens']);
    const message = await send(`${server.anthropicBaseURL}/v1/messages`, { body: { ...conversation, max_tokens: 64 }, headers });
    assert.equal(counted.json().input_tokens, message.json().usage.input_tokens);
    assert.ok(counted.json().input_tokens > 0);
  });

  test('checks the key and the body as the Messages endpoint does, without asking for max_tokens', async () => {
    const unauthorized = await count({ model: 'claude-mock', messages: hello }, {});
    assert.equal(unauthorized.status, 401);
    assert.equal(unauthorized.json().error.type, 'authentication_error');
    const bad = await count({ model: 'claude-mock', messages: [{ role: 'system', content: 'x' }] });
    assert.equal(bad.status, 400);
    assert.match(bad.json().error.message, /top-level `system`/);
    const notJson = await count('{not json');
    assert.equal(notJson.status, 400);
    assert.equal(notJson.json().type, 'error');
  });
});
