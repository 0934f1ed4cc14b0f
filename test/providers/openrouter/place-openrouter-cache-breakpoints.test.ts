// Automatic prompt caching for Claude through OpenRouter: cache_control on OpenAI-shaped messages.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { placeOpenRouterCacheBreakpoints } from '../../../src/providers/openrouter/place-openrouter-cache-breakpoints.js';

const big = (tokens: number): string => 'x'.repeat(tokens * 4);

function body(system: string, model = 'anthropic/claude-sonnet-4.5'): Record<string, unknown> {
  return {
    model,
    messages: [
      { role: 'system', content: system },
      { role: 'user', content: 'q1' },
      { role: 'assistant', content: null, tool_calls: [{ id: 'c1', type: 'function', function: { name: 'f', arguments: '{}' } }] },
      { role: 'tool', tool_call_id: 'c1', content: 'result' },
      {
        role: 'user',
        content: [
          { type: 'text', text: 'q2' },
          { type: 'image_url', image_url: { url: 'https://example.com/a.png' } },
        ],
      },
    ],
  };
}

const marked = (b: Record<string, unknown>): number => JSON.stringify(b).split('cache_control').length - 1;

describe('placeOpenRouterCacheBreakpoints', () => {
  it("marks the system prompt and the last user turn's last text part (a tool turn takes none)", () => {
    const b = body(big(1100));
    placeOpenRouterCacheBreakpoints(b, 'auto');
    const messages = b['messages'] as { content: unknown }[];
    assert.deepEqual(messages[0]!.content, [{ type: 'text', text: big(1100), cache_control: { type: 'ephemeral' } }]);
    assert.deepEqual(messages[3]!.content, 'result');
    assert.deepEqual((messages[4]!.content as unknown[])[0], { type: 'text', text: 'q2', cache_control: { type: 'ephemeral' } });
    assert.equal(marked(b), 2);
  });

  it('places nothing under the minimum (Haiku: 2048 tokens) and nothing when the request has its own', () => {
    const haiku = body(big(1100), 'anthropic/claude-3.5-haiku');
    placeOpenRouterCacheBreakpoints(haiku, 'auto');
    assert.equal(marked(haiku), 0);
    const own = body(big(1100));
    (own['messages'] as { content: unknown }[])[1]!.content = [{ type: 'text', text: 'q1', cache_control: { type: 'ephemeral' } }];
    const before = JSON.stringify(own);
    placeOpenRouterCacheBreakpoints(own, { ttl: '1h' });
    assert.equal(JSON.stringify(own), before);
  });
});
