// Anthropic server tools across calls: a native server tool goes out unchanged, the turn's
// server_tool_use / web_search_tool_result blocks and citations come back on the message as
// `provider_blocks` (streamed and whole alike), and the next request sends them back verbatim,
// which is what continuing after `pause_turn` takes. Replayed from a recorded web search stream.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { createClient, type LlmuxClient } from '../../../src/index.js';
import { convertToAnthropicMessages } from '../../../src/providers/anthropic/convert-to-anthropic-messages.js';
import type { ChatCompletionMessageParam, ChatCompletionTool } from '../../../src/base/types.js';
import { type ScriptedServer, startScriptedServer } from '../../helpers/scripted-server.js';

type Json = Record<string, any>;
const FIXTURE = new URL('../../../../test/__fixtures__/recorded/anthropic/anthropic-web-search-tool.1.chunks.txt', import.meta.url);
const payloads = readFileSync(FIXTURE, 'utf8')
  .split('\n')
  .filter((l) => l.trim() !== '');
const events = payloads.map((l) => JSON.parse(l) as Json);
const SSE_BODY = payloads.map((l, i) => `event: ${events[i]!['type']}\ndata: ${l}\n\n`).join('');
const SSE = { 'content-type': 'text/event-stream' };
const WEB_SEARCH = { type: 'web_search_20250305', name: 'web_search', max_uses: 1 };
const tools = [WEB_SEARCH as unknown as ChatCompletionTool];
const question: ChatCompletionMessageParam = { role: 'user', content: 'What is in the tech news today?' };

/** The Message the recorded events add up to, per Anthropic's streaming format (independently of llmux). */
function wholeMessage(): Json {
  let message: Json = {};
  const json = new Map<number, string>();
  for (const event of events) {
    if (event['type'] === 'message_start') message = { ...structuredClone(event['message']), content: [] };
    else if (event['type'] === 'content_block_start') message['content'][event['index']] = structuredClone(event['content_block']);
    else if (event['type'] === 'content_block_delta') {
      const block = message['content'][event['index']];
      const delta = event['delta'];
      if (delta.type === 'text_delta') block.text += delta.text;
      else if (delta.type === 'input_json_delta') json.set(event['index'], (json.get(event['index']) ?? '') + delta.partial_json);
      else if (delta.type === 'citations_delta') (block.citations ??= []).push(delta.citation);
    } else if (event['type'] === 'content_block_stop' && json.get(event['index']))
      message['content'][event['index']].input = JSON.parse(json.get(event['index'])!);
    else if (event['type'] === 'message_delta')
      Object.assign(message, event['delta'], { usage: { ...message['usage'], ...event['usage'] } });
  }
  return message;
}

describe('Anthropic server tools', () => {
  let server: ScriptedServer;
  let client: LlmuxClient;
  before(async () => {
    server = await startScriptedServer();
    client = createClient({
      env: {},
      providers: { anthropic: { baseURL: server.url, apiKey: 'sk-ant-x' }, openai: { baseURL: `${server.url}/v1`, apiKey: 'sk-x' } },
    });
  });
  after(async () => {
    client.close();
    await server.close();
  });

  it('keeps the recorded web search turn whole on the message, streamed and whole alike', async () => {
    server.push({ headers: SSE, body: SSE_BODY });
    const streamed = await client
      .stream({ model: 'anthropic/claude-sonnet-4-20250514', messages: [question], tools, max_tokens: 1024 })
      .finalResponse();
    const whole = wholeMessage();
    server.push({ body: JSON.stringify(whole) });
    const completed = await client.complete({ model: 'anthropic/claude-sonnet-4-20250514', messages: [question], tools, max_tokens: 1024 });

    const kept = streamed.choices[0]!.message.provider_blocks!;
    assert.equal(kept.provider, 'anthropic');
    assert.equal(kept.model, 'claude-sonnet-4-20250514');
    assert.deepEqual(kept.blocks, whole['content']);
    assert.deepEqual(kept.blocks[0], {
      type: 'server_tool_use',
      id: 'srvtoolu_01Bj5uzzLcYG5hfueSLcDH8k',
      name: 'web_search',
      input: { query: 'tech news today September 26 2025' },
    });
    assert.equal(kept.blocks[1]!['type'], 'web_search_tool_result');
    assert.equal((kept.blocks[1]!['content'] as Json[]).length, 10);
    assert.equal(kept.blocks.flatMap((b) => (b['citations'] as Json[] | undefined) ?? []).length, 14);
    assert.deepEqual(completed.choices[0]!.message.provider_blocks, kept);
    // The server tool's call is not a client tool call.
    assert.equal(streamed.choices[0]!.message.tool_calls, undefined);
    // The native tool went out as it was given.
    assert.deepEqual(server.received[0]!.json.tools, [WEB_SEARCH]);
  });

  it('continues after pause_turn: the second request carries the turn back verbatim, in its place', async () => {
    const paused: Json = { ...wholeMessage(), stop_reason: 'pause_turn' };
    server.push({ body: JSON.stringify(paused) }, { body: JSON.stringify(wholeMessage()) });
    const first = await client.complete({ model: 'anthropic/claude-sonnet-4-20250514', messages: [question], tools, max_tokens: 1024 });
    assert.equal(first.choices[0]!.provider_finish_reason, 'pause_turn');
    const before = server.received.length;
    await client.complete({
      model: 'anthropic/claude-sonnet-4-20250514',
      messages: [question, first.choices[0]!.message],
      tools,
      max_tokens: 1024,
    });
    const [sent1, sent2] = server.received.slice(before - 1).map((r) => r.json as Json);
    assert.deepEqual(sent2, { ...sent1, messages: [sent1!['messages'][0], { role: 'assistant', content: paused.content }] });
  });

  it('never sends the blocks to another provider', async () => {
    const whole = wholeMessage();
    server.push({ body: JSON.stringify(whole) });
    const first = await client.complete({ model: 'anthropic/claude-sonnet-4-20250514', messages: [question], tools, max_tokens: 1024 });
    server.push({
      body: JSON.stringify({
        id: 'c1',
        object: 'chat.completion',
        created: 1,
        model: 'gpt-4.1-nano',
        choices: [{ index: 0, message: { role: 'assistant', content: 'ok' }, finish_reason: 'stop' }],
      }),
    });
    await client.complete({ model: 'openai/gpt-4.1-nano', messages: [question, first.choices[0]!.message] });
    const sent = server.received[server.received.length - 1]!.json as Json;
    assert.deepEqual(Object.keys(sent['messages'][1]).sort(), ['content', 'refusal', 'role']);
    assert.equal(sent['messages'][1].content, first.choices[0]!.message.content);
  });
});

describe('convertToAnthropicMessages: provider_blocks', () => {
  const blocks = [
    { type: 'server_tool_use', id: 'srvtoolu_1', name: 'web_search', input: { query: 'x' } },
    { type: 'web_search_tool_result', tool_use_id: 'srvtoolu_1', content: [] },
    { type: 'text', text: 'Nothing found.' },
  ];
  const assistant: ChatCompletionMessageParam = {
    role: 'assistant',
    content: 'Nothing found.',
    provider_blocks: { provider: 'anthropic', model: 'claude-sonnet-4-20250514', blocks },
  };

  it('sends the blocks to the Claude family that wrote them, and the plain turn to another', () => {
    assert.deepEqual(convertToAnthropicMessages([question, assistant], { model: 'claude-sonnet-4' }).messages[1], {
      role: 'assistant',
      content: blocks,
    });
    assert.deepEqual(convertToAnthropicMessages([question, assistant], { model: 'claude-opus-4-1' }).messages[1], {
      role: 'assistant',
      content: 'Nothing found.',
    });
  });
});
