/**
 * Trap: messages were not validated beyond `role`. Missing, null or numeric content, unknown
 * part types and misspelled keys were a raw TypeError on Anthropic and were sent unchanged to
 * OpenAI. They are a ConfigurationError naming the message, the field and what would be right,
 * before any request, on every provider and in llmux/lite.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ConfigurationError, createClient, isLlmuxError } from '../../src/index.js';
import type { ChatCompletionMessageParam } from '../../src/index.js';
import { complete as liteComplete, createClient as createLiteClient } from '../../src/lite/index.js';
import { startMockServer, type MockServer } from '../../src/mock-server/index.js';
import { anthropic } from '../../src/providers/anthropic/index.js';

const KEY = 'sk-validate-0123456789';
const hi = { role: 'user', content: 'Hi' };
const asked = {
  role: 'assistant',
  content: null,
  tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'add', arguments: '{"a":1}' } }],
};

/** `items` with a hole at `at` (a sparse array, as `delete` or `new Array(n)` leaves). */
function withHole<T>(items: T[], at: number): T[] {
  const holed = [...items];
  delete holed[at];
  return holed;
}

/** Bad conversations, and what the error must say: where, what it got, what it expected. */
const CASES: [string, unknown[], RegExp][] = [
  [
    'content missing',
    [hi, { role: 'user' }],
    /^messages\[1\]\.content is missing; expected a string, or an array of parts like \[\{ type: "text", text: "Hi" \}\]$/,
  ],
  ['content null', [{ role: 'system', content: null }, hi], /^messages\[0\]\.content is null; expected a string/],
  ['content a number', [{ role: 'user', content: 42 }], /^messages\[0\]\.content is 42; expected a string/],
  ['a message that is null', [null], /^messages\[0\] is null; expected an object like \{ role: "user", content: "Hi" \}$/],
  [
    'an unknown part type',
    [{ role: 'user', content: [{ type: 'image', url: 'https://x.test/a.png' }] }],
    /^messages\[0\]\.content\[0\]\.type is "image"; expected one of "text", "image_url", "file", "input_audio" in a user message$/,
  ],
  [
    'an image_url given as a string',
    [{ role: 'user', content: [{ type: 'image_url', image_url: 'https://x.test/a.png' }] }],
    /^messages\[0\]\.content\[0\]\.image_url is "https:\/\/x\.test\/a\.png"; expected \{ url/,
  ],
  [
    'a text part without text',
    [{ role: 'user', content: [{ type: 'text', value: 'Hi' }] }],
    /^messages\[0\]\.content\[0\]\.text is missing; expected a string$/,
  ],
  [
    'an image part in a system message',
    [{ role: 'system', content: [{ type: 'image_url', image_url: { url: 'https://x.test/a.png' } }] }, hi],
    /^messages\[0\]\.content\[0\]\.type is "image_url"; expected one of "text" in a system message$/,
  ],
  [
    'toolCallId for tool_call_id',
    [hi, asked, { role: 'tool', toolCallId: 'call_1', content: '2' }],
    /^messages\[2\] has "toolCallId", which is no message field: did you mean "tool_call_id"\?$/,
  ],
  [
    'toolCalls for tool_calls',
    [hi, { role: 'assistant', content: '', toolCalls: asked.tool_calls }],
    /^messages\[1\] has "toolCalls", which is no message field: did you mean "tool_calls"\?$/,
  ],
  [
    'contents for content',
    [{ role: 'user', contents: 'Hi' }],
    /^messages\[0\] has "contents", which is no message field: did you mean "content"\?$/,
  ],
  [
    'a tool result without its call id',
    [hi, asked, { role: 'tool', content: '2' }],
    /^messages\[2\]\.tool_call_id is missing; expected the id/,
  ],
  [
    'tool call arguments as an object',
    [hi, { role: 'assistant', content: null, tool_calls: [{ id: 'c', type: 'function', function: { name: 'add', arguments: { a: 1 } } }] }],
    /^messages\[1\]\.tool_calls\[0\]\.function\.arguments is \{"a":1\}; expected a JSON string/,
  ],
  [
    'a tool call without its function',
    [hi, { role: 'assistant', content: null, tool_calls: [{ id: 'c', name: 'add' }] }],
    /^messages\[1\]\.tool_calls\[0\] is \{"id":"c","name":"add"\}; expected \{ id, type: "function", function: \{ name, arguments: "\{\}" \} \}$/,
  ],
  [
    'an unknown role',
    [{ role: 'robot', content: 'Hi' }],
    /^messages\[0\]\.role is "robot"; expected one of system, developer, tool, user, assistant, function$/,
  ],
  [
    'a part that is a bare string',
    [{ role: 'user', content: ['Hi'] }],
    /^messages\[0\]\.content\[0\] is "Hi"; expected one of "text", "image_url", "file", "input_audio" in a user message$/,
  ],
  [
    'a file part that is not an object',
    [{ role: 'user', content: [{ type: 'file', file: 'a.pdf' }] }],
    /^messages\[0\]\.content\[0\]\.file is "a\.pdf"; expected an object$/,
  ],
  [
    'parts in a function message',
    [hi, { role: 'function', name: 'add', content: [{ type: 'text', text: '2' }] }],
    /^messages\[1\]\.content is \[\{"type":"text","text":"2"\}\]; expected a string or null$/,
  ],
  [
    'a hole in the conversation',
    withHole([hi, hi, hi], 1),
    /^messages\[1\] is missing; expected an object like \{ role: "user", content: "Hi" \}$/,
  ],
  [
    'a hole among the parts',
    [
      {
        role: 'user',
        content: withHole(
          [
            { type: 'text', text: 'a' },
            { type: 'text', text: 'b' },
            { type: 'text', text: 'c' },
          ],
          1,
        ),
      },
    ],
    /^messages\[0\]\.content\[1\] is missing; expected one of "text", "image_url", "file", "input_audio" in a user message$/,
  ],
  ['a name that is not a string', [{ role: 'user', content: 'Hi', name: 7 }], /^messages\[0\]\.name is 7; expected a string$/],
  [
    'a function message without its name',
    [hi, { role: 'function', content: '2' }],
    /^messages\[1\]\.name is missing; expected the function's name$/,
  ],
  [
    'tool calls that are not a list',
    [hi, { role: 'assistant', content: null, tool_calls: asked.tool_calls[0] }],
    /^messages\[1\]\.tool_calls is \{"id":"call_1",.*; expected an array of \{ id, type: "function", function: \{ name, arguments: "\{\}" \} \}$/,
  ],
];

describe('trap: messages are validated once, before any request', () => {
  let server: MockServer;
  before(async () => {
    server = await startMockServer({ apiKey: KEY });
  });
  after(() => server.close());
  const env = (): Record<string, string> => ({
    OPENAI_API_KEY: KEY,
    OPENAI_BASE_URL: server.openaiBaseURL,
    ANTHROPIC_API_KEY: KEY,
    ANTHROPIC_BASE_URL: server.anthropicBaseURL,
  });

  for (const model of ['openai/gpt-4o-mini', 'anthropic/claude-sonnet-4-5']) {
    it(`${model}: each mistake is a ConfigurationError saying where and what is expected, and nothing is sent`, async () => {
      const client = createClient({ env: env(), maxRetries: 0 });
      const start = server.requests.length;
      for (const [name, messages, expected] of CASES) {
        for (const call of ['complete', 'stream'] as const) {
          const request = { model, messages: messages as ChatCompletionMessageParam[] };
          const attempt = async (): Promise<unknown> =>
            call === 'complete' ? client.complete(request) : client.stream(request).finalResponse();
          await assert.rejects(attempt, (error: unknown) => {
            assert.ok(isLlmuxError(error), `${name} (${call}): ${String(error)}`);
            assert.ok(error instanceof ConfigurationError, `${name} (${call}): ${String(error)}`);
            assert.match(error.message, expected, `${name} (${call})`);
            return true;
          });
        }
      }
      assert.equal(server.requests.length, start, 'no request was sent');
      client.close();
    });
  }

  it('llmux/lite validates the same way', async () => {
    const client = createLiteClient({ providers: { claude: anthropic() }, env: env(), maxRetries: 0 });
    const start = server.requests.length;
    await assert.rejects(
      liteComplete(client, { model: 'claude/claude-sonnet-4-5', messages: [{ role: 'user', content: null } as never] }),
      /^ConfigurationError: messages\[0\]\.content is null/,
    );
    assert.equal(server.requests.length, start);
    client.close();
  });

  it('a response message sent back as it came (content null, refusal null, tool_calls) is valid', async () => {
    const client = createClient({ env: env(), maxRetries: 0 });
    const first = await client.complete({
      model: 'openai/gpt-4o-mini',
      messages: [{ role: 'user', content: 'Hi' }],
      mock_response: { tool_calls: [{ name: 'add', arguments: { a: 1 } }] },
    });
    const reply = first.choices[0]!.message;
    assert.equal(reply.content, null);
    const conversation: ChatCompletionMessageParam[] = [
      { role: 'system', content: [{ type: 'text', text: 'Be brief.' }] },
      {
        role: 'user',
        content: [
          { type: 'text', text: 'Add' },
          { type: 'image_url', image_url: { url: 'https://x.test/a.png' } },
        ],
      },
      reply,
      { role: 'tool', tool_call_id: reply.tool_calls![0]!.id, content: '1' },
    ];
    for (const model of ['openai/gpt-4o-mini', 'anthropic/claude-sonnet-4-5']) {
      const res = await client.complete({ model, messages: conversation });
      assert.equal(typeof res.choices[0]?.message.content, 'string');
    }
    // The same conversation with one key in camelCase is refused.
    await assert.rejects(
      client.complete({
        model: 'openai/gpt-4o-mini',
        messages: [...conversation.slice(0, 3), { role: 'tool', toolCallId: 'x', content: '1' } as never],
      }),
      /did you mean "tool_call_id"/,
    );
    client.close();
  });
});
