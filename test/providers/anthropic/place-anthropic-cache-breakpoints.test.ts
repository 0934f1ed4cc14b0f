// Automatic prompt caching on Anthropic: where `cache: 'auto' | { ttl }` places cache_control.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { convertToAnthropicRequest } from '../../../src/providers/anthropic/convert-to-anthropic-request.js';
import { placeAnthropicCacheBreakpoints } from '../../../src/providers/anthropic/place-anthropic-cache-breakpoints.js';
import type { ChatRequest } from '../../../src/base/types.js';

/** Text of about `tokens` tokens by the chars / 4 estimate. */
const big = (tokens: number, tag = 'x'): string => tag.repeat(tokens * 4);

const tools: NonNullable<ChatRequest['tools']> = [
  { type: 'function', function: { name: 'first', description: big(600, 'a'), parameters: { type: 'object' } } },
  { type: 'function', function: { name: 'second', description: big(600, 'b'), parameters: { type: 'object' } } },
];

function request(overrides: { [K in keyof ChatRequest]?: ChatRequest[K] | undefined } = {}): ChatRequest {
  const out: ChatRequest = {
    model: 'anthropic/claude-sonnet-4-5',
    max_tokens: 64,
    tools,
    messages: [
      { role: 'system', content: big(300, 's') },
      { role: 'user', content: 'first question' },
      { role: 'assistant', content: 'first answer' },
      { role: 'user', content: 'second question' },
    ],
  };
  for (const [name, value] of Object.entries(overrides)) {
    if (value === undefined) delete (out as unknown as Record<string, unknown>)[name];
    else (out as unknown as Record<string, unknown>)[name] = value;
  }
  return out;
}

/** Every cache_control in the body, in prompt order (tools, system, messages), with where it sits. */
function breakpoints(body: Record<string, unknown>): { at: string; control: unknown }[] {
  const found: { at: string; control: unknown }[] = [];
  (body['tools'] as Record<string, unknown>[] | undefined)?.forEach(
    (tool, i) => tool['cache_control'] !== undefined && found.push({ at: `tools[${i}]`, control: tool['cache_control'] }),
  );
  const system = body['system'];
  if (Array.isArray(system))
    system.forEach(
      (block: Record<string, unknown>, i) =>
        block['cache_control'] !== undefined && found.push({ at: `system[${i}]`, control: block['cache_control'] }),
    );
  (body['messages'] as { content: unknown }[]).forEach((message, m) => {
    if (!Array.isArray(message.content)) return;
    message.content.forEach(
      (block: Record<string, unknown>, b) =>
        block['cache_control'] !== undefined && found.push({ at: `messages[${m}][${b}]`, control: block['cache_control'] }),
    );
  });
  return found;
}

const convert = (req: ChatRequest, cache?: 'auto' | { ttl?: '5m' | '1h' }) =>
  convertToAnthropicRequest(req, { model: 'claude-sonnet-4-5', stream: false, cache });

describe('placeAnthropicCacheBreakpoints', () => {
  it("'auto' places 4 breakpoints: the last tool, the system prompt, and the last two turns' last blocks", () => {
    const body = convert(request(), 'auto');
    assert.deepEqual(breakpoints(body), [
      { at: 'tools[1]', control: { type: 'ephemeral' } },
      { at: 'system[0]', control: { type: 'ephemeral' } },
      { at: 'messages[1][0]', control: { type: 'ephemeral' } },
      { at: 'messages[2][0]', control: { type: 'ephemeral' } },
    ]);
    assert.deepEqual(body['system'], [{ type: 'text', text: big(300, 's'), cache_control: { type: 'ephemeral' } }]);
    assert.deepEqual((body['messages'] as unknown[])[2], {
      role: 'user',
      content: [{ type: 'text', text: 'second question', cache_control: { type: 'ephemeral' } }],
    });
  });

  it("ttl '1h' marks every breakpoint 1h, so no 1h entry follows a 5m one", () => {
    const found = breakpoints(convert(request(), { ttl: '1h' }));
    assert.equal(found.length, 4);
    for (const b of found) assert.deepEqual(b.control, { type: 'ephemeral', ttl: '1h' });
  });

  it('without cache nothing is placed', () => {
    assert.deepEqual(breakpoints(convert(request())), []);
    assert.equal(typeof convert(request())['system'], 'string');
  });

  it('never more than 4, and never on a prefix shorter than the minimum (Sonnet: 1024 tokens)', () => {
    // Tools (~1200 tokens) reach the minimum; a short system prompt alone would not, but it follows them.
    const small = convert(
      request({
        tools: undefined,
        messages: [
          { role: 'system', content: big(500) },
          { role: 'user', content: 'hi' },
        ],
      }),
      'auto',
    );
    assert.deepEqual(breakpoints(small), [], 'about 500 tokens in all: nothing worth caching');
    const grows = convert(
      request({
        tools: undefined,
        messages: [
          { role: 'system', content: big(500) },
          { role: 'user', content: big(400) },
          { role: 'assistant', content: 'ok' },
          { role: 'user', content: big(300) },
        ],
      }),
      'auto',
    );
    assert.deepEqual(
      breakpoints(grows).map((b) => b.at),
      ['messages[2][0]'],
      'up to the assistant turn the prefix is ~910 tokens, too small; with the last turn it passes 1024',
    );
    assert.equal(breakpoints(grows).length <= 4, true);
  });

  it('uses the Haiku minimum (2048 tokens) for a Haiku model', () => {
    const req = request({
      tools: undefined,
      messages: [
        { role: 'system', content: big(1500) },
        { role: 'user', content: 'hi' },
      ],
    });
    assert.deepEqual(breakpoints(convertToAnthropicRequest(req, { model: 'claude-haiku-4-5', stream: false, cache: 'auto' })), []);
    assert.deepEqual(
      breakpoints(convertToAnthropicRequest(req, { model: 'claude-sonnet-4-5', stream: false, cache: 'auto' })).map((b) => b.at),
      ['system[0]', 'messages[0][0]'],
    );
  });

  it('hand-placed cache_control wins: a request with any is sent as it is', () => {
    const req = request({
      messages: [
        { role: 'system', content: [{ type: 'text', text: big(300, 's'), cache_control: { type: 'ephemeral', ttl: '1h' } }] },
        { role: 'user', content: 'first question' },
        { role: 'assistant', content: 'first answer' },
        { role: 'user', content: 'second question' },
      ],
    });
    assert.deepEqual(convert(req, 'auto'), convert(req));
    assert.deepEqual(breakpoints(convert(req, 'auto')), [{ at: 'system[0]', control: { type: 'ephemeral', ttl: '1h' } }]);
    // On a tool, or inside a tool result, too.
    const onTool = request({ tools: [{ ...tools[0]!, cache_control: { type: 'ephemeral' } }] });
    assert.deepEqual(convert(onTool, 'auto'), convert(onTool));
  });

  it("skips thinking blocks (they cannot carry cache_control) and marks the turn's last other block", () => {
    const body: Record<string, unknown> = {
      model: 'claude-sonnet-4-5',
      system: big(1100),
      messages: [
        { role: 'user', content: 'q' },
        {
          role: 'assistant',
          content: [
            { type: 'text', text: 'calling' },
            { type: 'tool_use', id: 't1', name: 'first', input: {} },
            { type: 'thinking', thinking: 'late', signature: 's' },
          ],
        },
      ],
    };
    placeAnthropicCacheBreakpoints(body, 'auto');
    const assistant = (body['messages'] as { content: Record<string, unknown>[] }[])[1]!.content;
    assert.deepEqual(assistant[1]!['cache_control'], { type: 'ephemeral' });
    assert.equal(assistant[2]!['cache_control'], undefined);
    assert.equal(breakpoints(body).length, 3);
  });
});
