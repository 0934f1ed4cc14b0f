import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import gpt4o from 'gpt-tokenizer/model/gpt-4o';
import * as o200k from 'gpt-tokenizer/encoding/o200k_base';
import * as cl100k from 'gpt-tokenizer/encoding/cl100k_base';
import { createClient } from '../../src/client.js';
import { AuthenticationError, ConfigurationError, RateLimitError } from '../../src/base/errors.js';
import {
  type CountTokensInput,
  type LoadTokenizer,
  NO_ANTHROPIC_KEY_NOTE,
  NOT_INSTALLED_NOTE,
  countTokens,
  countTokensWith,
  loadGptTokenizer,
} from '../../src/models/count-tokens.js';
import { TOKEN_ESTIMATE, estimateChatTokens, estimateTextTokens } from '../../src/models/estimate-tokens.js';
import { toCountableChat } from '../../src/models/openai-chat-overhead.js';
import type { ChatCompletionMessageParam, ChatCompletionTool, ChatRequest } from '../../src/base/types.js';
import { startScriptedServer, type ScriptedServer } from '../helpers/scripted-server.js';

interface Conversation {
  file: string;
  description: string;
  messages: ChatCompletionMessageParam[];
  tools?: ChatCompletionTool[];
}

const dir = new URL('../../../test/__fixtures__/conversations/', import.meta.url);
const conversations: Conversation[] = readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((file) => ({ file, ...(JSON.parse(readFileSync(new URL(file, dir), 'utf8')) as Omit<Conversation, 'file'>) }));

const notInstalled: LoadTokenizer = () =>
  Promise.reject(
    Object.assign(new Error("Cannot find package 'gpt-tokenizer' imported from count-tokens.js"), { code: 'ERR_MODULE_NOT_FOUND' }),
  );

const PLAIN = { disallowedSpecial: new Set<string>() };

// ---- the reference: gpt-tokenizer's own chat-completion counter, fed by a request built here.

type ReferenceMessage = { role: string; content: string; name?: string; function_call?: { name: string; arguments: string } };

function text(content: ChatCompletionMessageParam['content']): string {
  if (content === null || content === undefined) return '';
  if (typeof content === 'string') return content;
  return content.map((p) => (p.type === 'text' ? p.text : p.type === 'refusal' ? p.refusal : '')).join('');
}

/** What OpenAI's function-calling era API took: tool calls as function calls, tool results as function results. */
function referenceRequest(c: Conversation) {
  const names = new Map<string, string>();
  const messages: ReferenceMessage[] = [];
  for (const m of c.messages) {
    if (m.role === 'assistant' && m.tool_calls?.length) {
      m.tool_calls.forEach((call, i) => {
        assert.equal(call.type, 'function');
        if (call.type !== 'function') return;
        names.set(call.id, call.function.name);
        messages.push({ role: 'assistant', content: i === 0 ? text(m.content) : '', function_call: { ...call.function } });
      });
    } else if (m.role === 'tool') {
      messages.push({ role: 'function', name: names.get(m.tool_call_id)!, content: text(m.content) });
    } else {
      messages.push({ role: m.role, content: text(m.content), ...('name' in m && m.name ? { name: m.name } : {}) });
    }
  }
  return { messages, functions: (c.tools ?? []).map((t) => t.function) } as unknown as Parameters<
    NonNullable<typeof gpt4o.countChatCompletionTokens>
  >[0];
}

function imageTokens(c: Conversation): number {
  let tokens = 0;
  for (const m of c.messages) {
    if (typeof m.content === 'string' || !Array.isArray(m.content)) continue;
    for (const p of m.content) if (p.type === 'image_url') tokens += p.image_url.detail === 'low' ? 85 : 765;
  }
  return tokens;
}

describe('countTokens with gpt-tokenizer (OpenAI models)', () => {
  it('has at least six varied fixture conversations', () => {
    assert.ok(conversations.length >= 6);
    assert.ok(conversations.some((c) => c.tools !== undefined));
    assert.ok(conversations.some((c) => c.messages.some((m) => 'name' in m && m.name)));
  });

  for (const c of conversations) {
    it(`matches gpt-tokenizer's chat-completion count: ${c.file}`, async () => {
      const count = await countTokens({ model: 'openai/gpt-4o', messages: c.messages, ...(c.tools ? { tools: c.tools } : {}) });
      assert.equal(count.method, 'tokenizer');
      assert.equal(count.encoding, 'o200k_base');
      assert.equal(count.tokens, gpt4o.countChatCompletionTokens!(referenceRequest(c)) + imageTokens(c));
    });
  }

  // encodeChat renders the ChatML framing token by token: an independent check of the framing
  // (3 per message + role + text, 3 for the reply primer) for chats without names or tools.
  const plain = conversations.filter(
    (c) => !c.tools && c.messages.every((m) => !('name' in m && m.name) && m.role !== 'tool' && !('tool_calls' in m && m.tool_calls)),
  );
  for (const c of plain) {
    it(`equals the length of gpt-tokenizer's encodeChat: ${c.file}`, async () => {
      const chat = c.messages.map((m) => ({ role: m.role, content: text(m.content) }));
      const count = await countTokens({ model: 'gpt-4o', messages: c.messages });
      assert.equal(count.tokens, gpt4o.encodeChat(chat as never).length + imageTokens(c));
    });
  }

  it('counts bare text as the BPE of the text, without chat framing', async () => {
    for (const c of conversations) {
      for (const m of c.messages) {
        const t = text(m.content);
        assert.deepEqual(await countTokens({ model: 'gpt-4o-mini', text: t }), {
          tokens: o200k.countTokens(t),
          method: 'tokenizer',
          encoding: 'o200k_base',
        });
        assert.equal((await countTokens({ model: 'gpt-4-turbo', text: t })).tokens, cl100k.countTokens(t));
      }
    }
  });

  it('counts special-token text such as <|endoftext|> as ordinary characters', async () => {
    const t = 'Ignore this: <|endoftext|><|im_start|>system';
    const count = await countTokens({ model: 'gpt-4o', text: t });
    assert.equal(count.tokens, o200k.encode(t, PLAIN).length);
    assert.ok(count.tokens > 3);
  });

  it('picks the encoding from the model id, through routing prefixes', async () => {
    const input = { text: 'The quick brown fox jumps over the lazy dog. 敏捷的棕色狐狸。' };
    const o = o200k.countTokens(input.text);
    const c = cl100k.countTokens(input.text);
    assert.notEqual(o, c);
    for (const model of [
      'gpt-4o',
      'openai/gpt-4.1-mini',
      'openrouter/openai/gpt-5',
      'groq/openai/gpt-oss-120b',
      'o3-mini',
      'azure/gpt-4o',
      'openai/chatgpt-4o-latest',
    ]) {
      assert.deepEqual(await countTokens({ ...input, model }), { tokens: o, method: 'tokenizer', encoding: 'o200k_base' }, model);
    }
    for (const model of ['gpt-4', 'openai/gpt-3.5-turbo', 'openrouter/openai/gpt-4-turbo', 'text-embedding-3-small']) {
      assert.deepEqual(await countTokens({ ...input, model }), { tokens: c, method: 'tokenizer', encoding: 'cl100k_base' }, model);
    }
  });

  it('prices images at the documented fixed figures and says so', async () => {
    const vision = conversations.find((c) => c.file === 'vision-images.json')!;
    const count = await countTokens({ model: 'gpt-4o', messages: vision.messages });
    assert.equal(count.method, 'tokenizer');
    assert.match(count.note ?? '', /^2 images counted at fixed figures \(765, or 85 at detail "low"\)/);
  });

  it('says which parts it cannot count', async () => {
    const messages: ChatCompletionMessageParam[] = [
      {
        role: 'user',
        content: [
          { type: 'text', text: 'Summarize the PDF.' },
          { type: 'file', file: { file_id: 'file-abc' } },
        ],
      },
    ];
    const count = await countTokens({ model: 'gpt-4o', messages });
    assert.equal(count.note, '1 file/audio part not counted');
    assert.equal(count.tokens, gpt4o.countChatCompletionTokens!({ messages: [{ role: 'user', content: 'Summarize the PDF.' }] }));
  });

  it('loads each encoding once', async () => {
    const first = loadGptTokenizer('o200k_base');
    assert.equal(loadGptTokenizer('o200k_base'), first);
    assert.notEqual(loadGptTokenizer('cl100k_base'), first);
    assert.equal((await first).countText('hello world'), 2);
  });
});

// Figures from the openai-chat-tokens test suite, which were checked against the API's reported
// prompt_tokens for gpt-3.5-turbo (cl100k_base). Written here as llmux requests with `tools`.
describe('countTokens matches published API token counts (gpt-3.5-turbo)', () => {
  const fn = (name: string, parameters: Record<string, unknown>, description?: string): ChatCompletionTool => ({
    type: 'function',
    function: { name, parameters, ...(description ? { description } : {}) },
  });
  const empty = { type: 'object', properties: {} };
  const hello: ChatCompletionMessageParam[] = [{ role: 'user', content: 'hello' }];
  const cases: { name: string; messages: ChatCompletionMessageParam[]; tools?: ChatCompletionTool[]; tokens: number }[] = [
    { name: 'one user message', messages: hello, tokens: 8 },
    { name: 'two words', messages: [{ role: 'user', content: 'hello world' }], tokens: 9 },
    { name: 'system with a colon', messages: [{ role: 'system', content: 'hello:' }], tokens: 9 },
    {
      name: 'cookbook system message',
      messages: [
        { role: 'system', content: 'You are a helpful, pattern-following assistant that translates corporate jargon into plain English.' },
      ],
      tokens: 25,
    },
    {
      name: 'named system message',
      messages: [{ role: 'system', name: 'example_user', content: 'New synergies will help drive top-line growth.' }],
      tokens: 20,
    },
    {
      name: 'three turns',
      messages: [
        { role: 'system', content: "# Important: you're the best robot" },
        { role: 'user', content: 'hello robot' },
        { role: 'assistant', content: 'hello world' },
      ],
      tokens: 27,
    },
    { name: 'tool without parameters', messages: hello, tools: [fn('foo', empty)], tokens: 31 },
    { name: 'tool with a description', messages: hello, tools: [fn('foo', empty, 'Do a foo')], tokens: 36 },
    {
      name: 'tool with a string parameter',
      messages: hello,
      tools: [fn('bing_bong', { type: 'object', properties: { foo: { type: 'string' } } }, 'Do a bing bong')],
      tokens: 49,
    },
    {
      name: 'tool with a described number parameter',
      messages: hello,
      tools: [
        fn(
          'bing_bong',
          { type: 'object', properties: { foo: { type: 'string' }, bar: { type: 'number', description: 'A number' } } },
          'Do a bing bong',
        ),
      ],
      tokens: 57,
    },
    {
      name: 'tool with a nested object and an enum',
      messages: hello,
      tools: [
        fn(
          'bing_bong',
          {
            type: 'object',
            properties: {
              foo: { type: 'object', properties: { bar: { type: 'string', enum: ['a', 'b', 'c'] }, baz: { type: 'boolean' } } },
            },
          },
          'Do a bing bong',
        ),
      ],
      tokens: 68,
    },
    {
      name: 'tool with arrays of objects and required fields',
      messages: hello,
      tools: [
        fn('get_recipe', {
          type: 'object',
          required: ['ingredients', 'instructions', 'time_to_cook'],
          properties: {
            ingredients: {
              type: 'array',
              items: {
                type: 'object',
                required: ['name', 'unit', 'amount'],
                properties: {
                  name: { type: 'string' },
                  unit: { enum: ['grams', 'ml', 'cups', 'pieces', 'teaspoons'], type: 'string' },
                  amount: { type: 'number' },
                },
              },
            },
            instructions: { type: 'array', items: { type: 'string' }, description: 'Steps to prepare the recipe (no numbering)' },
            time_to_cook: { type: 'number', description: 'Total time to prepare the recipe in minutes' },
          },
        }),
      ],
      tokens: 106,
    },
    {
      name: 'system message and a tool',
      messages: [
        { role: 'system', content: 'Hello' },
        { role: 'user', content: 'Hi there' },
      ],
      tools: [fn('do_stuff', empty)],
      tokens: 35,
    },
    {
      name: 'two system messages and two tools',
      messages: [
        { role: 'system', content: 'Hello:' },
        { role: 'system', content: 'Hello' },
        { role: 'user', content: 'Hi there' },
      ],
      tools: [fn('do_stuff', empty), fn('do_other_stuff', empty)],
      tokens: 49,
    },
    {
      name: 'function result',
      messages: [
        { role: 'user', content: 'hello world' },
        { role: 'function', name: 'do_stuff', content: '{"foo": "bar", "baz": 1.5}' },
      ],
      tokens: 28,
    },
    {
      name: 'assistant function call',
      messages: [
        {
          role: 'assistant',
          content: '',
          tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'do_stuff', arguments: '{"foo": "bar", "baz": 1.5}' } }],
        },
      ],
      tokens: 26,
    },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const count = await countTokens({ model: 'gpt-3.5-turbo', messages: c.messages, ...(c.tools ? { tools: c.tools } : {}) });
      assert.deepEqual(count, { tokens: c.tokens, method: 'tokenizer', encoding: 'cl100k_base' });
    });
  }
});

describe('countTokens without gpt-tokenizer', () => {
  it('falls back to the estimate and says how to get exact counts', async () => {
    for (const c of conversations) {
      const input: CountTokensInput = { model: 'gpt-4o', messages: c.messages, ...(c.tools ? { tools: c.tools } : {}) };
      const count = await countTokensWith(input, notInstalled);
      assert.deepEqual(count, {
        tokens: estimateChatTokens(toCountableChat(c.messages, c.tools)),
        method: 'estimate',
        note: NOT_INSTALLED_NOTE,
      });
    }
    assert.deepEqual(await countTokensWith({ model: 'gpt-4o', text: 'hello world' }, notInstalled), {
      tokens: estimateTextTokens('hello world'),
      method: 'estimate',
      note: 'gpt-tokenizer is not installed; npm install gpt-tokenizer for exact counts',
    });
  });

  it('names another load failure instead of claiming the package is missing', async () => {
    const broken: LoadTokenizer = () => Promise.reject(new SyntaxError('Unexpected token'));
    const count = await countTokensWith({ model: 'gpt-4o', text: 'hi' }, broken);
    assert.equal(count.method, 'estimate');
    assert.equal(count.note, 'gpt-tokenizer could not be loaded (Unexpected token); this is an estimate');
  });

  it('uses the loader it is given, for the encoding of the model', async () => {
    const asked: string[] = [];
    const fake: LoadTokenizer = async (encoding) => {
      asked.push(encoding);
      return { countText: (t) => t.length, countChat: (chat) => chat.messages.length * 100 + chat.functions.length };
    };
    assert.deepEqual(await countTokensWith({ model: 'gpt-4', text: 'abc' }, fake), {
      tokens: 3,
      method: 'tokenizer',
      encoding: 'cl100k_base',
    });
    const tools: ChatCompletionTool[] = [{ type: 'function', function: { name: 'f' } }];
    assert.equal((await countTokensWith({ model: 'o3', messages: [{ role: 'user', content: 'x' }], tools }, fake)).tokens, 101);
    assert.deepEqual(asked, ['cl100k_base', 'o200k_base']);
  });
});

describe('countTokens for Anthropic models', () => {
  const messages: ChatCompletionMessageParam[] = [
    { role: 'system', content: 'You are terse.' },
    { role: 'user', content: 'How far is the Moon?' },
  ];
  const tools: ChatCompletionTool[] = [
    {
      type: 'function',
      function: { name: 'lookup', description: 'Look up a fact', parameters: { type: 'object', properties: { q: { type: 'string' } } } },
    },
  ];

  function fakeClient(answer: number | undefined | Error) {
    const calls: { request: ChatRequest; options: { signal?: AbortSignal } | undefined }[] = [];
    return {
      calls,
      async countProviderTokens(request: ChatRequest, options?: { signal?: AbortSignal }) {
        calls.push({ request, options });
        if (answer instanceof Error) throw answer;
        return answer;
      },
    };
  }

  it('asks the provider and reports its count', async () => {
    const client = fakeClient(42);
    const signal = new AbortController().signal;
    const count = await countTokens({ model: 'anthropic/claude-sonnet-4-5', messages, tools, client, signal });
    assert.deepEqual(count, { tokens: 42, method: 'provider' });
    assert.deepEqual(client.calls[0]!.request, { model: 'anthropic/claude-sonnet-4-5', messages, tools });
    assert.equal(client.calls[0]!.options?.signal, signal);
  });

  it('sends bare text as one user message; a bare claude- name is Anthropic too', async () => {
    const client = fakeClient(7);
    assert.deepEqual(await countTokens({ model: 'claude-haiku-4-5', text: 'hello', client }), { tokens: 7, method: 'provider' });
    assert.deepEqual(client.calls[0]!.request, { model: 'claude-haiku-4-5', messages: [{ role: 'user', content: 'hello' }] });
    assert.equal(client.calls[0]!.options, undefined);
  });

  it('estimates, with a note, when the client has no key', async () => {
    const count = await countTokens({ model: 'anthropic/claude-sonnet-4-5', messages, client: fakeClient(undefined) });
    assert.deepEqual(count, { tokens: estimateChatTokens(toCountableChat(messages)), method: 'estimate', note: NO_ANTHROPIC_KEY_NOTE });
    assert.match(NO_ANTHROPIC_KEY_NOTE, /ANTHROPIC_API_KEY/);
  });

  it('lets endpoint errors through', async () => {
    const error = new RateLimitError('slow down', { status: 429, provider: 'anthropic' });
    await assert.rejects(countTokens({ model: 'anthropic/claude-sonnet-4-5', messages, client: fakeClient(error) }), error);
  });

  describe('through a real client', () => {
    let server: ScriptedServer;
    before(async () => {
      server = await startScriptedServer();
    });
    after(() => server.close());

    it('posts to /v1/messages/count_tokens and returns input_tokens', async () => {
      server.push({ body: '{"input_tokens": 42}' });
      const client = createClient({ providers: { anthropic: { baseURL: server.url, apiKey: 'k' } }, env: {} });
      try {
        const count = await countTokens({ model: 'anthropic/claude-sonnet-4-5', messages, tools, client });
        assert.deepEqual(count, { tokens: 42, method: 'provider' });
      } finally {
        client.close();
      }
      const sent = server.received.at(-1)!;
      assert.equal(sent.method, 'POST');
      assert.equal(sent.url, '/v1/messages/count_tokens');
      assert.equal(sent.headers['x-api-key'], 'k');
      assert.equal(sent.json.model, 'claude-sonnet-4-5');
      assert.equal(sent.json.system, 'You are terse.');
      assert.deepEqual(sent.json.messages, [{ role: 'user', content: 'How far is the Moon?' }]);
      assert.equal(sent.json.tools[0].name, 'lookup');
      assert.equal(sent.json.max_tokens, undefined);
    });

    it('throws the typed error the endpoint answers with', async () => {
      server.push({ status: 401, body: '{"type":"error","error":{"type":"authentication_error","message":"invalid x-api-key"}}' });
      const client = createClient({ providers: { anthropic: { baseURL: server.url, apiKey: 'bad' } }, env: {}, maxRetries: 0 });
      try {
        await assert.rejects(countTokens({ model: 'anthropic/claude-sonnet-4-5', messages, client }), AuthenticationError);
      } finally {
        client.close();
      }
    });

    it('estimates, with a note, when no key is configured', async () => {
      const client = createClient({ env: {} });
      const before = server.received.length;
      const count = await countTokens({ model: 'anthropic/claude-sonnet-4-5', messages, client });
      assert.deepEqual(count, { tokens: estimateChatTokens(toCountableChat(messages)), method: 'estimate', note: NO_ANTHROPIC_KEY_NOTE });
      assert.equal(server.received.length, before);
      client.close();
    });
  });
});

describe('countTokens for other models', () => {
  const messages: ChatCompletionMessageParam[] = [{ role: 'user', content: 'Write a haiku about the sea.' }];
  const expected = { tokens: estimateChatTokens(toCountableChat(messages)), method: 'estimate' };

  it('estimates, without a note, for providers with no counting method', async () => {
    for (const model of [
      'groq/llama-3.3-70b-versatile',
      'openrouter/anthropic/claude-sonnet-4.5',
      'mistral/mistral-large-latest',
      'ollama/qwen3:8b',
    ]) {
      assert.deepEqual(await countTokens({ model, messages }), expected, model);
    }
  });

  it('never throws for a model it does not know', async () => {
    for (const model of ['llama3', 'acme/secret-model', 'bedrock/meta.llama3-70b']) {
      assert.deepEqual(await countTokens({ model, messages }), expected, model);
    }
    assert.deepEqual(await countTokens({ model: 'my-model', text: '東京タワー' }), {
      tokens: estimateTextTokens('東京タワー'),
      method: 'estimate',
    });
  });

  it('estimates images at the documented figures', async () => {
    const withImage: ChatCompletionMessageParam[] = [
      {
        role: 'user',
        content: [
          { type: 'text', text: 'What is this?' },
          { type: 'image_url', image_url: { url: 'https://example.com/a.png' } },
        ],
      },
    ];
    const count = await countTokens({ model: 'groq/llama-4-scout', messages: withImage });
    const textOnly = await countTokens({ model: 'groq/llama-4-scout', messages: [{ role: 'user', content: 'What is this?' }] });
    assert.equal(count.tokens - textOnly.tokens, TOKEN_ESTIMATE.imageTokens);
  });
});

describe('countTokens input checks', () => {
  const bad: [string, unknown][] = [
    ['neither messages nor text', { model: 'gpt-4o' }],
    ['both messages and text', { model: 'gpt-4o', text: 'a', messages: [] }],
    ['messages not an array', { model: 'gpt-4o', messages: 'hello' }],
    ['a message that is not one', { model: 'gpt-4o', messages: [{ role: 'user', content: 'a' }, null] }],
    ['a message without a role', { model: 'gpt-4o', messages: [{ content: 'a' }] }],
    ['content that is neither text nor parts', { model: 'gpt-4o', messages: [{ role: 'user', content: 42 }] }],
    ['a content part that is not an object', { model: 'gpt-4o', messages: [{ role: 'user', content: ['a'] }] }],
    [
      'a tool schema the renderer cannot walk',
      {
        model: 'gpt-4o',
        messages: [{ role: 'user', content: 'a' }],
        tools: [{ type: 'function', function: { name: 'f', parameters: { type: 'object', properties: { x: null } } } }],
      },
    ],
    ['text not a string', { model: 'gpt-4o', text: 42 }],
    ['tools with text', { model: 'gpt-4o', text: 'a', tools: [] }],
    ['tools not an array', { model: 'gpt-4o', messages: [], tools: {} }],
    ['an empty model', { model: ' ', text: 'a' }],
    ['a model that is not a string', { model: 4, text: 'a' }],
    ['no input object', undefined],
  ];
  for (const [name, input] of bad) {
    it(`rejects ${name} with a ConfigurationError`, async () => {
      await assert.rejects(countTokens(input as CountTokensInput), (error: unknown) => {
        assert.ok(error instanceof ConfigurationError);
        assert.match(error.message, /countTokens/);
        return true;
      });
    });
  }

  it('counts an empty chat as the reply primer alone', async () => {
    assert.deepEqual(await countTokens({ model: 'gpt-4o', messages: [] }), { tokens: 3, method: 'tokenizer', encoding: 'o200k_base' });
  });
});
