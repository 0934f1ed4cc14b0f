import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  APIUserAbortError,
  ContextWindowExceededError,
  InternalServerError,
  RateLimitError,
  createClient,
  type ChatCompletionMessageParam,
  type LlmuxClient,
} from '../../../src/index.js';
import { type ScriptedServer, startScriptedServer, waitForClose } from '../../helpers/scripted-server.js';
import { KEY, sseText, textBody, textEvents, toolEvents } from './responses-test-support.js';

const SSE = { 'content-type': 'text/event-stream' };
const tools = [
  {
    type: 'function' as const,
    function: { name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } },
  },
];

/** `text` as bytes cut at `at` (inside multi-byte characters too). */
function splitAt(text: string, at: number): Uint8Array[] {
  const bytes = Buffer.from(text);
  return [bytes.subarray(0, at), bytes.subarray(at)];
}

describe('Responses API over HTTP, with no option set', () => {
  let server: ScriptedServer;
  let client: LlmuxClient;

  before(async () => {
    server = await startScriptedServer();
    // No `api` anywhere: the model table decides.
    client = createClient({ providers: { openai: { baseURL: `${server.url}/v1`, apiKey: KEY } }, env: {}, maxRetries: 0 });
  });
  after(async () => {
    client.close();
    await server.close();
  });

  it('complete(): a responses-only model goes to /responses, asks for its encrypted reasoning, and is priced', async () => {
    server.push({ body: JSON.stringify(textBody('gpt-5-pro-2025-10-06')) });
    const res = await client.complete({ model: 'openai/gpt-5-pro', messages: [{ role: 'user', content: 'Hi' }] });
    const req = server.received.at(-1)!;
    assert.equal(req.url, '/v1/responses');
    assert.equal(req.json.store, false);
    assert.deepEqual(req.json.include, ['reasoning.encrypted_content']);
    assert.equal(res.choices[0]!.message.content, 'Hello from Responses.');
    assert.deepEqual(res.choices[0]!.message.reasoning_details, [
      { type: 'reasoning.encrypted', id: 'rs_text_1', data: 'gAAAA-text-reasoning', format: 'openai-responses-v1', index: 0 },
    ]);
    assert.equal(res.cost?.source, 'table');
    assert.ok(res.cost!.total > 0);
    // A chat model of the same client still goes to Chat Completions.
    server.push({
      body: JSON.stringify({
        id: 'c',
        object: 'chat.completion',
        created: 1,
        model: 'gpt-5',
        choices: [{ index: 0, message: { role: 'assistant', content: 'chat' }, finish_reason: 'stop' }],
      }),
    });
    await client.complete({ model: 'openai/gpt-5', messages: [{ role: 'user', content: 'Hi' }] });
    assert.equal(server.received.at(-1)!.url, '/v1/chat/completions');
  });

  it('stream(): the same model streams through /responses', async () => {
    server.push({ headers: SSE, body: sseText(textEvents('o3-pro')) });
    const s = client.stream({ model: 'openai/o3-pro', messages: [{ role: 'user', content: 'Hi' }] });
    let text = '';
    for await (const chunk of s) text += chunk.choices[0]?.delta.content ?? '';
    const final = await s.finalResponse();
    assert.equal(server.received.at(-1)!.url, '/v1/responses');
    assert.equal(server.received.at(-1)!.json.stream, true);
    assert.equal(text, 'Hello from Responses.');
    assert.equal(final.usage?.completion_tokens_details?.reasoning_tokens, 40);
    assert.equal(final.cost?.source, 'table');
  });

  it("a two-turn tool loop: the second request carries the first turn's encrypted reasoning right before its function call", async () => {
    server.push({ headers: SSE, body: sseText(toolEvents('gpt-5.3-codex')) });
    const messages: ChatCompletionMessageParam[] = [{ role: 'user', content: 'Weather in Paris?' }];
    const first = await client.stream({ model: 'openai/gpt-5.3-codex', messages, tools }).finalResponse();
    const message = first.choices[0]!.message;
    assert.equal(first.choices[0]!.finish_reason, 'tool_calls');
    messages.push(message, { role: 'tool', tool_call_id: message.tool_calls![0]!.id, content: '18C and sunny' });
    server.push({ body: JSON.stringify(textBody('gpt-5.3-codex', 'It is 18C and sunny in Paris.')) });
    const second = await client.complete({ model: 'openai/gpt-5.3-codex', messages, tools });
    assert.equal(second.choices[0]!.message.content, 'It is 18C and sunny in Paris.');
    const sent = server.received.at(-1)!.json;
    assert.equal(server.received.at(-1)!.url, '/v1/responses');
    assert.deepEqual(sent.input, [
      { role: 'user', content: 'Weather in Paris?' },
      {
        type: 'reasoning',
        id: 'rs_tool_1',
        encrypted_content: 'gAAAA-encrypted-turn-1',
        summary: [{ type: 'summary_text', text: 'Need the weather.' }],
      },
      { type: 'function_call', call_id: 'call_weather_1', name: 'get_weather', arguments: '{"city":"Paris"}' },
      { type: 'function_call_output', call_id: 'call_weather_1', output: '18C and sunny' },
    ]);
    assert.equal(sent.store, false);
  });

  it('a stream split at every byte (inside multi-byte characters too) gives the same answer', async () => {
    const body = sseText(textEvents('o3-pro'));
    const expected = { content: 'Hello from Responses.', reasoning: 'Greeting the user — ünïcode 🙂.' };
    for (let at = 1; at < Buffer.byteLength(body); at++) {
      server.push({ headers: SSE, body: splitAt(body, at) });
      const final = await client.stream({ model: 'openai/o3-pro', messages: [{ role: 'user', content: 'Hi' }] }).finalResponse();
      const m = final.choices[0]!.message;
      if (m.content !== expected.content || m.reasoning_content !== expected.reasoning || final.usage?.total_tokens !== 180) {
        assert.fail(`split at byte ${at}: ${JSON.stringify(m)}`);
      }
    }
    // And every byte its own write.
    const tool = sseText(toolEvents('o3-pro'));
    server.push({ headers: SSE, body: [...Buffer.from(tool)].map((b) => Uint8Array.of(b)) });
    const final = await client.stream({ model: 'openai/o3-pro', messages: [{ role: 'user', content: 'Hi' }], tools }).finalResponse();
    assert.equal(final.choices[0]!.message.tool_calls?.[0]?.function.arguments, '{"city":"Paris"}');
    assert.equal(final.choices[0]!.message.reasoning_details?.[0]?.data, 'gAAAA-encrypted-turn-1');
  });

  it('error events are typed by code, keeping what arrived before them', async () => {
    const head = textEvents('o3-pro').slice(0, 10);
    const failed = {
      type: 'response.failed',
      response: {
        id: 'resp_stream_1',
        status: 'failed',
        error: { code: 'insufficient_quota', message: 'You exceeded your current quota' },
      },
    };
    server.push({ headers: SSE, body: sseText([...head, failed]) });
    const s = client.stream({ model: 'openai/o3-pro', messages: [{ role: 'user', content: 'Hi' }] });
    await assert.rejects(s.finalResponse(), (e: unknown) => {
      assert.ok(e instanceof RateLimitError, String(e));
      assert.equal(e.retryable, false);
      assert.equal(e.code, 'insufficient_quota');
      assert.equal(e.partialResponse?.choices[0]?.message.content, 'Hello from Responses.');
      return true;
    });
    server.push({
      headers: SSE,
      body: sseText([
        ...head,
        { type: 'error', code: 'server_error', message: 'The server had an error', param: null, sequence_number: 99 },
      ]),
    });
    await assert.rejects(
      client.stream({ model: 'openai/o3-pro', messages: [{ role: 'user', content: 'Hi' }] }).finalResponse(),
      (e: unknown) => e instanceof InternalServerError && e.retryable,
    );
    server.push({
      headers: SSE,
      body: sseText([
        head[0]!,
        {
          type: 'response.failed',
          response: {
            status: 'failed',
            error: { code: 'context_length_exceeded', message: 'Your input exceeds the context window of this model.' },
          },
        },
      ]),
    });
    await assert.rejects(
      client.stream({ model: 'openai/o3-pro', messages: [{ role: 'user', content: 'Hi' }] }).finalResponse(),
      ContextWindowExceededError,
    );
  });

  it('an abort mid-stream (the API picked from the table) ends it with APIUserAbortError, keeping the text, and closes the connection', async () => {
    const events = textEvents('o3-pro');
    // Everything up to the first text delta, then silence.
    const firstText = events.findIndex((e) => e['type'] === 'response.output_text.delta');
    server.push({ headers: SSE, body: [sseText(events.slice(0, firstText + 1)), sseText(events.slice(firstText + 1))], stallAfter: 1 });
    const s = client.stream({ model: 'openai/o3-pro', messages: [{ role: 'user', content: 'Hi' }] });
    let text = '';
    await assert.rejects(
      (async () => {
        for await (const chunk of s) {
          text += chunk.choices[0]?.delta.content ?? '';
          if (text !== '') s.abort();
        }
      })(),
      (e: unknown) => e instanceof APIUserAbortError && e.partialText === 'Hello from',
    );
    assert.equal(text, 'Hello from');
    assert.equal(await waitForClose(server.received.at(-1)!), true);
  });

  it('a stream cut before response.completed is a truncation, not a success', async () => {
    const events = textEvents('o3-pro');
    server.push({ headers: SSE, body: sseText(events.slice(0, -1)) });
    await assert.rejects(
      client.stream({ model: 'openai/o3-pro', messages: [{ role: 'user', content: 'Hi' }] }).finalResponse(),
      (e: unknown) => (e as { code?: string }).code === 'STREAM_TRUNCATED',
    );
  });
});
