// One conversation with an image, a tool call and thinking, carried across providers: started on
// Anthropic, continued on OpenAI and on OpenRouter, and finished back on Anthropic. A local
// server plays each provider, so the test sees exactly what each one would have received.
//
// Decisions this pins down:
// - Anthropic gets its own signed thinking back (the signature is what lets Claude accept it);
//   reasoning from other providers (OpenRouter's `reasoning.*` details) is not sent to it.
// - OpenAI gets no reasoning fields at all: Chat Completions takes no reasoning input and rejects
//   unknown message fields; the tool call, the tool result and the image URL go as they are.
// - OpenRouter gets Anthropic's signed thinking translated into its own `reasoning.text` detail
//   (format `anthropic-claude-v1`), so a Claude model behind it can continue the same turn.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ConfigurationError, createClient, type LlmuxClient } from '../../../src/index.js';
import type { ChatCompletionMessageParam, ChatCompletionTool } from '../../../src/base/types.js';
import { type ScriptedServer, startScriptedServer } from '../../helpers/scripted-server.js';

const ANTHROPIC_KEY = 'sk-ant-api03-conversation-sentinel-0123456789';
const OPENAI_KEY = 'sk-proj-conversation-sentinel-0123456789abcdef';
const OPENROUTER_KEY = 'sk-or-v1-conversation-sentinel-0123456789abcdef';
const CLAUDE = 'claude-sonnet-4-5-20250929';
/** A 1x1 PNG. */
const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=';
const THINKING = 'The photo shows the Eiffel Tower, so the user is in Paris. I should look up the weather there.';
const SIGNATURE = 'EqQBCkYIBxgCKkCconversationSignatureForTestsOnly0123456789abcdefghijklmnopqrstuvwxyz==';
const SSE_HEADERS = { 'content-type': 'text/event-stream' };

const WEATHER_SCHEMA = { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] };
const tools: ChatCompletionTool[] = [
  { type: 'function', function: { name: 'get_weather', description: 'Current weather for a city', parameters: WEATHER_SCHEMA } },
];
const system: ChatCompletionMessageParam = { role: 'system', content: 'You are a concise weather assistant.' };
const user1: ChatCompletionMessageParam = {
  role: 'user',
  content: [
    { type: 'text', text: 'What is the weather where this photo was taken?' },
    { type: 'image_url', image_url: { url: `data:image/png;base64,${PNG}` } },
  ],
};
const toolResult: ChatCompletionMessageParam = {
  role: 'tool',
  tool_call_id: 'toolu_01ConvWeather',
  content: '{"temp_c":18,"sky":"cloudy"}',
};

function anthropicSSE(events: readonly Record<string, unknown>[]): string[] {
  return events.map((e) => `event: ${String(e['type'])}\ndata: ${JSON.stringify(e)}\n\n`);
}

/** Claude's first turn: signed thinking, a sentence, then a tool call. */
const turn1Events = [
  {
    type: 'message_start',
    message: {
      id: 'msg_01ConvTurn1',
      type: 'message',
      role: 'assistant',
      model: CLAUDE,
      content: [],
      stop_reason: null,
      stop_sequence: null,
      usage: { input_tokens: 1520, cache_creation_input_tokens: 0, cache_read_input_tokens: 0, output_tokens: 3 },
    },
  },
  { type: 'content_block_start', index: 0, content_block: { type: 'thinking', thinking: '', signature: '' } },
  { type: 'content_block_delta', index: 0, delta: { type: 'thinking_delta', thinking: THINKING.slice(0, 40) } },
  { type: 'content_block_delta', index: 0, delta: { type: 'thinking_delta', thinking: THINKING.slice(40) } },
  { type: 'content_block_delta', index: 0, delta: { type: 'signature_delta', signature: SIGNATURE } },
  { type: 'content_block_stop', index: 0 },
  { type: 'content_block_start', index: 1, content_block: { type: 'text', text: '' } },
  { type: 'content_block_delta', index: 1, delta: { type: 'text_delta', text: 'Let me check the weather in Paris.' } },
  { type: 'content_block_stop', index: 1 },
  { type: 'content_block_start', index: 2, content_block: { type: 'tool_use', id: 'toolu_01ConvWeather', name: 'get_weather', input: {} } },
  { type: 'content_block_delta', index: 2, delta: { type: 'input_json_delta', partial_json: '{"city": "Pa' } },
  { type: 'content_block_delta', index: 2, delta: { type: 'input_json_delta', partial_json: 'ris"}' } },
  { type: 'content_block_stop', index: 2 },
  { type: 'message_delta', delta: { stop_reason: 'tool_use', stop_sequence: null }, usage: { output_tokens: 96 } },
  { type: 'message_stop' },
];

const openaiReply = {
  id: 'chatcmpl-ConvTurn2',
  object: 'chat.completion',
  created: 1760000000,
  model: 'gpt-4o-2024-08-06',
  choices: [
    {
      index: 0,
      message: { role: 'assistant', content: 'It is 18 °C and cloudy in Paris right now.', refusal: null },
      finish_reason: 'stop',
      logprobs: null,
    },
  ],
  usage: { prompt_tokens: 310, completion_tokens: 14, total_tokens: 324 },
};

const openrouterReply = {
  id: 'gen-1760000100-ConvTurn3',
  provider: 'Anthropic',
  model: 'anthropic/claude-sonnet-4.5',
  object: 'chat.completion',
  created: 1760000100,
  choices: [
    {
      index: 0,
      finish_reason: 'stop',
      native_finish_reason: 'end_turn',
      logprobs: null,
      message: {
        role: 'assistant',
        content: 'Tomorrow should be sunny, around 21 °C.',
        refusal: null,
        reasoning: 'They also want tomorrow; the forecast says sunny.',
        reasoning_details: [
          {
            type: 'reasoning.text',
            text: 'They also want tomorrow; the forecast says sunny.',
            signature: 'EqQBor-signature',
            format: 'anthropic-claude-v1',
            index: 0,
          },
        ],
      },
    },
  ],
  usage: { prompt_tokens: 420, completion_tokens: 40, total_tokens: 460, cost: 0.00186 },
};

const anthropicFinal = {
  id: 'msg_01ConvTurn4',
  type: 'message',
  role: 'assistant',
  model: CLAUDE,
  content: [{ type: 'text', text: 'Paris: 18 °C and cloudy now, sunny and 21 °C tomorrow.' }],
  stop_reason: 'end_turn',
  stop_sequence: null,
  usage: { input_tokens: 610, cache_creation_input_tokens: 0, cache_read_input_tokens: 0, output_tokens: 20 },
};

let server: ScriptedServer;
let client: LlmuxClient;

before(async () => {
  server = await startScriptedServer();
  client = createClient({
    providers: {
      anthropic: { baseURL: `${server.url}/anthropic`, apiKey: ANTHROPIC_KEY },
      openai: { baseURL: `${server.url}/openai/v1`, apiKey: OPENAI_KEY },
      openrouter: {
        baseURL: `${server.url}/openrouter/api/v1`,
        apiKey: OPENROUTER_KEY,
        appUrl: 'https://example.dev/weather',
        appName: 'Weather demo',
      },
    },
    env: {},
    maxRetries: 0,
  });
});

after(async () => {
  client.close();
  await server.close();
});

describe('a conversation carried across Anthropic, OpenAI and OpenRouter', () => {
  it('keeps image, tool call, tool result and thinking meaningful for each provider', async () => {
    // Turn 1, Anthropic (streamed): image in, signed thinking and a tool call out.
    server.push({ body: anthropicSSE(turn1Events), headers: SSE_HEADERS });
    const turn1 = await client
      .stream({ model: `anthropic/${CLAUDE}`, messages: [system, user1], tools, reasoning_effort: 'low', max_tokens: 2048 })
      .finalResponse();
    const anthropic1 = server.received.at(-1)!;
    assert.equal(anthropic1.url, '/anthropic/v1/messages');
    assert.deepEqual(anthropic1.json, {
      model: CLAUDE,
      system: 'You are a concise weather assistant.',
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'What is the weather where this photo was taken?' },
            { type: 'image', source: { type: 'base64', media_type: 'image/png', data: PNG } },
          ],
        },
      ],
      thinking: { type: 'enabled', budget_tokens: 1024 },
      max_tokens: 2048,
      tools: [{ name: 'get_weather', description: 'Current weather for a city', input_schema: WEATHER_SCHEMA }],
      stream: true,
    });
    const assistant1 = turn1.choices[0]!.message;
    assert.equal(turn1.choices[0]!.finish_reason, 'tool_calls');
    assert.deepEqual(assistant1, {
      role: 'assistant',
      content: 'Let me check the weather in Paris.',
      refusal: null,
      tool_calls: [{ id: 'toolu_01ConvWeather', type: 'function', function: { name: 'get_weather', arguments: '{"city": "Paris"}' } }],
      reasoning_content: THINKING,
      reasoning_details: [
        {
          type: 'thinking',
          thinking: THINKING,
          signature: SIGNATURE,
          origin: { provider: 'anthropic', model: 'claude-sonnet-4-5-20250929' },
        },
      ],
    });
    const history1: ChatCompletionMessageParam[] = [system, user1, assistant1, toolResult];

    // Turn 2, OpenAI: the same history, minus what OpenAI cannot take (reasoning).
    server.push({ body: JSON.stringify(openaiReply) });
    const turn2 = await client.complete({ model: 'openai/gpt-4o', messages: history1, tools });
    const openai2 = server.received.at(-1)!;
    assert.equal(openai2.url, '/openai/v1/chat/completions');
    assert.deepEqual(openai2.json, {
      model: 'gpt-4o',
      messages: [
        { role: 'system', content: 'You are a concise weather assistant.' },
        {
          role: 'user',
          content: [
            { type: 'text', text: 'What is the weather where this photo was taken?' },
            { type: 'image_url', image_url: { url: `data:image/png;base64,${PNG}` } },
          ],
        },
        {
          role: 'assistant',
          content: 'Let me check the weather in Paris.',
          refusal: null,
          tool_calls: [{ id: 'toolu_01ConvWeather', type: 'function', function: { name: 'get_weather', arguments: '{"city": "Paris"}' } }],
        },
        { role: 'tool', tool_call_id: 'toolu_01ConvWeather', content: '{"temp_c":18,"sky":"cloudy"}' },
      ],
      tools: [
        { type: 'function', function: { name: 'get_weather', description: 'Current weather for a city', parameters: WEATHER_SCHEMA } },
      ],
    });
    const assistant2 = turn2.choices[0]!.message;
    assert.equal(assistant2.content, 'It is 18 °C and cloudy in Paris right now.');
    const history2: ChatCompletionMessageParam[] = [...history1, assistant2, { role: 'user', content: 'And tomorrow?' }];

    // Turn 3, OpenRouter: the same again, with Claude's signed thinking in OpenRouter's vocabulary,
    // reasoning and routing fields, and the app's attribution headers.
    server.push({ body: JSON.stringify(openrouterReply) });
    const turn3 = await client.complete({
      model: 'openrouter/anthropic/claude-sonnet-4.5',
      messages: history2,
      tools,
      reasoning_effort: 'low',
      extra_body: { provider: { order: ['anthropic'], allow_fallbacks: false }, models: ['anthropic/claude-sonnet-4', 'openai/gpt-4o'] },
    });
    const openrouter3 = server.received.at(-1)!;
    assert.equal(openrouter3.url, '/openrouter/api/v1/chat/completions');
    assert.equal(openrouter3.headers['http-referer'], 'https://example.dev/weather');
    assert.equal(openrouter3.headers['x-title'], 'Weather demo');
    assert.equal(openrouter3.headers.authorization, `Bearer ${OPENROUTER_KEY}`);
    assert.deepEqual(openrouter3.json, {
      model: 'anthropic/claude-sonnet-4.5',
      messages: [
        ...openai2.json.messages.slice(0, 2),
        {
          role: 'assistant',
          content: 'Let me check the weather in Paris.',
          refusal: null,
          tool_calls: [{ id: 'toolu_01ConvWeather', type: 'function', function: { name: 'get_weather', arguments: '{"city": "Paris"}' } }],
          reasoning_details: [{ type: 'reasoning.text', text: THINKING, signature: SIGNATURE, format: 'anthropic-claude-v1' }],
        },
        { role: 'tool', tool_call_id: 'toolu_01ConvWeather', content: '{"temp_c":18,"sky":"cloudy"}' },
        { role: 'assistant', content: 'It is 18 °C and cloudy in Paris right now.', refusal: null },
        { role: 'user', content: 'And tomorrow?' },
      ],
      tools: openai2.json.tools,
      reasoning: { effort: 'low' },
      provider: { order: ['anthropic'], allow_fallbacks: false },
      models: ['anthropic/claude-sonnet-4', 'openai/gpt-4o'],
    });
    const assistant3 = turn3.choices[0]!.message;
    assert.equal(turn3.provider, 'openrouter');
    assert.equal(assistant3.reasoning_content, 'They also want tomorrow; the forecast says sunny.');
    assert.deepEqual(assistant3.reasoning_details, openrouterReply.choices[0]!.message.reasoning_details);
    assert.equal(turn3.usage?.cost, 0.00186);

    // Turn 4, back to Anthropic: its own signed thinking returns in front of the tool call, the
    // tool result answers it, OpenRouter's foreign reasoning stays behind.
    server.push({ body: JSON.stringify(anthropicFinal) });
    const history3: ChatCompletionMessageParam[] = [...history2, assistant3, { role: 'user', content: 'Thanks! Sum it up in one line.' }];
    const turn4 = await client.complete({
      model: `anthropic/${CLAUDE}`,
      messages: history3,
      tools,
      reasoning_effort: 'low',
      max_tokens: 2048,
    });
    const anthropic4 = server.received.at(-1)!;
    assert.equal(anthropic4.url, '/anthropic/v1/messages');
    assert.deepEqual(anthropic4.json, {
      model: CLAUDE,
      system: 'You are a concise weather assistant.',
      messages: [
        anthropic1.json.messages[0],
        {
          role: 'assistant',
          content: [
            { type: 'thinking', thinking: THINKING, signature: SIGNATURE },
            { type: 'text', text: 'Let me check the weather in Paris.' },
            { type: 'tool_use', id: 'toolu_01ConvWeather', name: 'get_weather', input: { city: 'Paris' } },
          ],
        },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_01ConvWeather', content: '{"temp_c":18,"sky":"cloudy"}' }] },
        { role: 'assistant', content: 'It is 18 °C and cloudy in Paris right now.' },
        { role: 'user', content: 'And tomorrow?' },
        { role: 'assistant', content: 'Tomorrow should be sunny, around 21 °C.' },
        { role: 'user', content: 'Thanks! Sum it up in one line.' },
      ],
      thinking: { type: 'enabled', budget_tokens: 1024 },
      max_tokens: 2048,
      tools: anthropic1.json.tools,
    });
    assert.equal(turn4.choices[0]?.message.content, 'Paris: 18 °C and cloudy now, sunny and 21 °C tomorrow.');

    // No provider ever saw another provider's key.
    for (const request of server.received) {
      const text = JSON.stringify(request.headers) + request.body;
      const own = request.url.startsWith('/anthropic') ? ANTHROPIC_KEY : request.url.startsWith('/openai') ? OPENAI_KEY : OPENROUTER_KEY;
      for (const key of [ANTHROPIC_KEY, OPENAI_KEY, OPENROUTER_KEY].filter((k) => k !== own)) assert.ok(!text.includes(key));
    }
  });
});

describe('bad input is refused before any request', () => {
  /** Runs `call` and checks it fails with a ConfigurationError matching `pattern`, having sent nothing. */
  async function refused(call: () => Promise<unknown>, pattern: RegExp): Promise<void> {
    const before = server.received.length;
    await assert.rejects(call(), (e: unknown) => {
      assert.ok(e instanceof ConfigurationError, `expected a ConfigurationError, got ${String(e)}`);
      assert.match(e.message, pattern);
      return true;
    });
    assert.equal(server.received.length, before, 'no request may be sent');
  }

  it('an image URL scheme Anthropic cannot fetch (ftp://), streamed or not', async () => {
    const messages: ChatCompletionMessageParam[] = [
      { role: 'user', content: [{ type: 'image_url', image_url: { url: 'ftp://files.example/photo.png' } }] },
    ];
    await refused(
      () => client.complete({ model: `anthropic/${CLAUDE}`, messages }),
      /messages\[0\]\.content\[0\]: an image must be an http\(s\) URL or a base64 data URL/,
    );
    await refused(() => client.stream({ model: `anthropic/${CLAUDE}`, messages }).finalResponse(), /an image must be an http\(s\) URL/);
  });

  it('a non-base64 image data URL for Anthropic', async () => {
    const messages: ChatCompletionMessageParam[] = [
      { role: 'user', content: [{ type: 'image_url', image_url: { url: 'data:image/svg+xml,<svg/>' } }] },
    ];
    await refused(() => client.complete({ model: `anthropic/${CLAUDE}`, messages }), /must be base64-encoded/);
  });

  it('a reasoning effort off the one scale (levels the model cannot take are fitted, not refused)', async () => {
    await refused(
      () =>
        client.complete({
          model: `anthropic/${CLAUDE}`,
          messages: [{ role: 'user', content: 'Hi' }],
          reasoning_effort: 'extreme' as never,
        }),
      /"reasoning_effort" is "extreme"; expected one of none, minimal, low, medium, high, xhigh, max/,
    );
  });

  it('a tool result that answers no tool call (Anthropic)', async () => {
    const messages: ChatCompletionMessageParam[] = [
      { role: 'user', content: 'Weather?' },
      {
        role: 'assistant',
        content: 'Checking.',
        tool_calls: [{ id: 'toolu_A', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } }],
      },
      { role: 'tool', tool_call_id: 'toolu_B', content: '18' },
    ];
    await refused(() => client.complete({ model: `anthropic/${CLAUDE}`, messages, tools }), /toolu_B/);
  });

  it('thinking with a forced tool choice, or with a temperature other than 1 (Anthropic)', async () => {
    const messages: ChatCompletionMessageParam[] = [{ role: 'user', content: 'Weather in Paris?' }];
    await refused(
      () => client.complete({ model: `anthropic/${CLAUDE}`, messages, tools, tool_choice: 'required', reasoning_effort: 'low' }),
      /tool_choice/,
    );
    await refused(
      () => client.complete({ model: `anthropic/${CLAUDE}`, messages, temperature: 0.2, reasoning_effort: 'low' }),
      /temperature/,
    );
  });
});
