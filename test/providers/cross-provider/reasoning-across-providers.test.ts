// An agent loop whose reasoning crosses providers: Claude thinks and calls a tool, the Router
// falls back to OpenAI for the next step, then the loop comes back to Claude (or moves to another
// Claude family). Each local server shows exactly what that provider would have received:
// signed thinking goes back only to the provider and Claude family that signed it, and a turn
// that would make Anthropic refuse thinking (tool results answering a turn without thinking)
// goes without thinking, with a warning, instead of failing the loop.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { createClient, type ChatCompletionMessageParam, type ChatCompletionTool, type WarningEvent } from '../../../src/index.js';
import { Router } from '../../../src/router/index.js';
import { type ScriptedServer, startScriptedServer } from '../../helpers/scripted-server.js';

const SONNET = 'claude-sonnet-4-5-20250929';
const THINKING = 'The user is in Paris; I should look up the weather there.';
const SIGNATURE = 'EqQBCkYIBxgCKkCacrossProvidersSignatureForTestsOnly0123456789==';
const REDACTED = 'EmwKAhgBEgy3redactedForTestsOnly==';

const tools: ChatCompletionTool[] = [
  { type: 'function', function: { name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } } },
];
const user: ChatCompletionMessageParam = { role: 'user', content: 'Weather in Paris, then Lyon?' };
const parisResult: ChatCompletionMessageParam = { role: 'tool', tool_call_id: 'toolu_paris', content: '{"temp_c":18}' };
const lyonResult: ChatCompletionMessageParam = { role: 'tool', tool_call_id: 'call_lyon', content: '{"temp_c":21}' };

/** Claude's tool-calling turn: signed thinking, redacted thinking, a sentence, a tool call. */
const claudeToolTurn = {
  id: 'msg_turn1',
  type: 'message',
  role: 'assistant',
  model: SONNET,
  content: [
    { type: 'thinking', thinking: THINKING, signature: SIGNATURE },
    { type: 'redacted_thinking', data: REDACTED },
    { type: 'text', text: 'Checking Paris.' },
    { type: 'tool_use', id: 'toolu_paris', name: 'get_weather', input: { city: 'Paris' } },
  ],
  stop_reason: 'tool_use',
  stop_sequence: null,
  usage: { input_tokens: 50, output_tokens: 40 },
};
const claudeAnswer = (model: string) => ({
  id: 'msg_final',
  type: 'message',
  role: 'assistant',
  model,
  content: [{ type: 'text', text: 'Paris 18°C, Lyon 21°C.' }],
  stop_reason: 'end_turn',
  stop_sequence: null,
  usage: { input_tokens: 90, output_tokens: 12 },
});
const openaiToolTurn = {
  id: 'chatcmpl-lyon',
  object: 'chat.completion',
  created: 1,
  model: 'gpt-5',
  choices: [
    {
      index: 0,
      message: {
        role: 'assistant',
        content: null,
        refusal: null,
        tool_calls: [{ id: 'call_lyon', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Lyon"}' } }],
      },
      finish_reason: 'tool_calls',
      logprobs: null,
    },
  ],
  usage: { prompt_tokens: 60, completion_tokens: 10, total_tokens: 70 },
};
const overloaded = { status: 500, body: JSON.stringify({ type: 'error', error: { type: 'api_error', message: 'Internal server error' } }) };
const json = (body: unknown) => ({ body: JSON.stringify(body) });

/** Claude's first turn as Anthropic receives it back. */
const claudeTurnBlocks = [
  { type: 'thinking', thinking: THINKING, signature: SIGNATURE },
  { type: 'redacted_thinking', data: REDACTED },
  { type: 'text', text: 'Checking Paris.' },
  { type: 'tool_use', id: 'toolu_paris', name: 'get_weather', input: { city: 'Paris' } },
];
const anthropicTools = [{ name: 'get_weather', input_schema: { type: 'object', properties: { city: { type: 'string' } } } }];

describe('reasoning across providers in an agent loop', () => {
  let anthropic: ScriptedServer;
  let openai: ScriptedServer;
  before(async () => {
    anthropic = await startScriptedServer();
    openai = await startScriptedServer();
  });
  after(async () => {
    await anthropic.close();
    await openai.close();
  });
  beforeEach(() => {
    anthropic.received.length = 0;
    openai.received.length = 0;
  });

  it('Anthropic thinking + tool call -> fallback to OpenAI -> back to Anthropic: each server gets only what it can take', async () => {
    const warnings: WarningEvent[] = [];
    const router = new Router({
      deployments: [
        { group: 'claude', model: `anthropic/${SONNET}`, baseURL: anthropic.url, apiKey: 'sk-ant-test' },
        { group: 'gpt', model: 'openai/gpt-5', baseURL: `${openai.url}/v1`, apiKey: 'sk-test' },
      ],
      fallbacks: { claude: ['gpt'] },
      numRetries: 0,
      client: { env: {} },
      callbacks: { onWarning: (event) => void warnings.push(event) },
    });
    try {
      // Step 1, Claude: thinks and calls a tool.
      anthropic.push(json(claudeToolTurn));
      const step1 = await router.complete({ model: 'claude', messages: [user], tools, reasoning_effort: 'low', max_tokens: 2048 });
      const turn1 = step1.choices[0]!.message;
      assert.deepEqual(anthropic.received[0]!.json, {
        model: SONNET,
        messages: [{ role: 'user', content: 'Weather in Paris, then Lyon?' }],
        thinking: { type: 'enabled', budget_tokens: 1024 },
        max_tokens: 2048,
        tools: anthropicTools,
      });
      assert.deepEqual(turn1.reasoning_details, [
        { type: 'thinking', thinking: THINKING, signature: SIGNATURE, origin: { provider: 'anthropic', model: SONNET } },
        { type: 'redacted_thinking', data: REDACTED, origin: { provider: 'anthropic', model: SONNET } },
      ]);

      // Step 2: Claude fails, the Router falls back to OpenAI, which gets no reasoning at all.
      anthropic.push(overloaded);
      openai.push(json(openaiToolTurn));
      const history2: ChatCompletionMessageParam[] = [user, turn1, parisResult];
      const step2 = await router.complete({ model: 'claude', messages: history2, tools, reasoning_effort: 'low', max_tokens: 2048 });
      assert.equal(step2.routing?.servedBy.group, 'gpt');
      assert.deepEqual(openai.received[0]!.json, {
        model: 'gpt-5',
        messages: [
          { role: 'user', content: 'Weather in Paris, then Lyon?' },
          { role: 'assistant', content: 'Checking Paris.', refusal: null, tool_calls: turn1.tool_calls },
          { role: 'tool', tool_call_id: 'toolu_paris', content: '{"temp_c":18}' },
        ],
        tools,
        reasoning_effort: 'low',
        max_completion_tokens: 2048,
      });

      // Step 3, back on Claude: its own signed thinking goes back; the tool results answer
      // OpenAI's turn, which has no thinking, so this request goes without thinking (warned).
      anthropic.push(json(claudeAnswer(SONNET)));
      const history3: ChatCompletionMessageParam[] = [...history2, step2.choices[0]!.message, lyonResult];
      const step3 = await router.complete({ model: 'claude', messages: history3, tools, reasoning_effort: 'low', max_tokens: 2048 });
      assert.equal(step3.routing?.servedBy.group, 'claude');
      const third = anthropic.received.at(-1)!.json;
      assert.deepEqual(third, {
        model: SONNET,
        messages: [
          { role: 'user', content: 'Weather in Paris, then Lyon?' },
          { role: 'assistant', content: claudeTurnBlocks },
          { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_paris', content: '{"temp_c":18}' }] },
          { role: 'assistant', content: [{ type: 'tool_use', id: 'call_lyon', name: 'get_weather', input: { city: 'Lyon' } }] },
          { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'call_lyon', content: '{"temp_c":21}' }] },
        ],
        max_tokens: 2048,
        tools: anthropicTools,
      });
      assert.deepEqual(
        step3.warnings?.map((w) => [w.code, w.requested, w.used]),
        [['thinking_disabled_for_turn', 'low', 'none']],
      );
      assert.deepEqual(
        warnings.map((e) => e.warning.code),
        ['thinking_disabled_for_turn'],
      );
      // No request anywhere carried the llmux-only origin tag.
      for (const request of [...anthropic.received, ...openai.received]) assert.doesNotMatch(request.body, /"origin"/);
    } finally {
      await router.close();
    }
  });

  it('a fallback to another Claude family drops the signed blocks it cannot verify (and goes without thinking for that step), streamed too', async () => {
    const router = new Router({
      deployments: [
        { group: 'sonnet', model: `anthropic/${SONNET}`, baseURL: anthropic.url, apiKey: 'sk-ant-test' },
        { group: 'opus', model: 'anthropic/claude-opus-4-7', baseURL: anthropic.url, apiKey: 'sk-ant-test' },
      ],
      fallbacks: { sonnet: ['opus'] },
      numRetries: 0,
      client: { env: {} },
    });
    try {
      anthropic.push(json(claudeToolTurn));
      const turn1 = (await router.complete({ model: 'sonnet', messages: [user], tools, reasoning_effort: 'high', max_tokens: 30000 }))
        .choices[0]!.message;
      // Sonnet fails; Opus gets the turn without Sonnet's signed blocks.
      anthropic.push(overloaded, { headers: { 'content-type': 'text/event-stream' }, body: anthropicStream('claude-opus-4-7') });
      const response = await router
        .stream({ model: 'sonnet', messages: [user, turn1, parisResult], tools, reasoning_effort: 'high', max_tokens: 30000 })
        .finalResponse();
      const sent = anthropic.received.at(-1)!.json;
      assert.equal(sent.model, 'claude-opus-4-7');
      assert.deepEqual(sent.messages[1], {
        role: 'assistant',
        content: [
          { type: 'text', text: 'Checking Paris.' },
          { type: 'tool_use', id: 'toolu_paris', name: 'get_weather', input: { city: 'Paris' } },
        ],
      });
      assert.equal('thinking' in sent, false);
      assert.equal('output_config' in sent, false);
      assert.deepEqual(
        response.warnings?.map((w) => w.code),
        ['thinking_disabled_for_turn'],
      );
      assert.equal(response.choices[0]!.message.content, 'Paris 18°C, Lyon 21°C.');
    } finally {
      await router.close();
    }
  });

  it('the same Claude family (a dated id and its alias) gets its signed blocks back, with thinking on', async () => {
    const client = createClient({ env: {}, providers: { anthropic: { baseURL: anthropic.url, apiKey: 'sk-ant-test' } } });
    try {
      anthropic.push(json(claudeAnswer('claude-sonnet-4-5')));
      const turn1 = {
        role: 'assistant' as const,
        content: 'Checking Paris.',
        reasoning_details: [
          { type: 'thinking', thinking: THINKING, signature: SIGNATURE, origin: { provider: 'anthropic', model: SONNET } },
        ],
        tool_calls: [{ id: 'toolu_paris', type: 'function' as const, function: { name: 'get_weather', arguments: '{"city":"Paris"}' } }],
      };
      await client.complete({
        model: 'anthropic/claude-sonnet-4-5',
        messages: [user, turn1, parisResult],
        tools,
        reasoning_effort: 'low',
        max_tokens: 2048,
      });
      const sent = anthropic.received[0]!.json;
      assert.deepEqual(sent.messages[1].content[0], { type: 'thinking', thinking: THINKING, signature: SIGNATURE });
      assert.deepEqual(sent.thinking, { type: 'enabled', budget_tokens: 1024 });
    } finally {
      client.close();
    }
  });

  it("OpenAI-compatible servers: DeepSeek gets its own reasoning_content back on a tool-call turn, never another provider's signed reasoning", async () => {
    const client = createClient({ env: {}, providers: { deepseek: { baseURL: `${openai.url}/v1`, apiKey: 'sk-ds' } } });
    try {
      openai.push(json({ ...openaiToolTurn, model: 'deepseek-chat' }));
      const own: ChatCompletionMessageParam = {
        role: 'assistant',
        content: null,
        reasoning_content: 'Paris first.',
        tool_calls: [{ id: 'call_p', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } }],
      };
      const claude: ChatCompletionMessageParam = {
        role: 'assistant',
        content: 'Checking Paris.',
        reasoning_content: THINKING,
        reasoning_details: [
          { type: 'thinking', thinking: THINKING, signature: SIGNATURE, origin: { provider: 'anthropic', model: SONNET } },
        ],
        tool_calls: [{ id: 'toolu_paris', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } }],
      };
      await client.complete({
        model: 'deepseek/deepseek-chat',
        messages: [user, claude, parisResult, own, { role: 'tool', tool_call_id: 'call_p', content: '{}' }],
        tools,
      });
      const messages = openai.received[0]!.json.messages;
      assert.deepEqual(messages[1], { role: 'assistant', content: 'Checking Paris.', tool_calls: claude.tool_calls });
      assert.deepEqual(messages[3], own);
    } finally {
      client.close();
    }
  });

  it('OpenRouter: Claude-signed blocks go only to the same Claude family behind it', async () => {
    const client = createClient({ env: {}, providers: { openrouter: { baseURL: `${openai.url}/v1`, apiKey: 'sk-or' } } });
    const claude: ChatCompletionMessageParam = {
      role: 'assistant',
      content: 'Checking Paris.',
      reasoning_content: THINKING,
      reasoning_details: [{ type: 'thinking', thinking: THINKING, signature: SIGNATURE, origin: { provider: 'anthropic', model: SONNET } }],
      tool_calls: [{ id: 'toolu_paris', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } }],
    };
    try {
      openai.push(json(openaiToolTurn));
      await client.complete({ model: 'openrouter/openai/gpt-5', messages: [user, claude, parisResult], tools });
      await client.complete({ model: 'openrouter/anthropic/claude-opus-4.7', messages: [user, claude, parisResult], tools });
      await client.complete({ model: 'openrouter/anthropic/claude-sonnet-4.5', messages: [user, claude, parisResult], tools });
      const [gpt, opus, sonnet] = openai.received.map((r) => r.json.messages[1]);
      const bare = { role: 'assistant', content: 'Checking Paris.', tool_calls: claude.tool_calls };
      assert.deepEqual(gpt, bare);
      assert.deepEqual(opus, bare);
      assert.deepEqual(sonnet, {
        ...bare,
        reasoning_details: [{ type: 'reasoning.text', text: THINKING, format: 'anthropic-claude-v1', signature: SIGNATURE }],
      });
    } finally {
      client.close();
    }
  });
});

/** A streamed final answer from `model`. */
function anthropicStream(model: string): string[] {
  const events = [
    { type: 'message_start', message: { ...claudeAnswer(model), content: [], stop_reason: null } },
    { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } },
    { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'Paris 18°C, Lyon 21°C.' } },
    { type: 'content_block_stop', index: 0 },
    { type: 'message_delta', delta: { stop_reason: 'end_turn', stop_sequence: null }, usage: { output_tokens: 12 } },
    { type: 'message_stop' },
  ];
  return events.map((e) => `event: ${e.type}\ndata: ${JSON.stringify(e)}\n\n`);
}
