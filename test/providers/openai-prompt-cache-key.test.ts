import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { setOpenAIPromptCacheKey } from '../../src/providers/openai-prompt-cache-key.js';

const tool = { type: 'function', function: { name: 'lookup', description: 'Looks a city up.', parameters: { type: 'object' } } };
const SYSTEM = 'You are a careful agent. '.repeat(40);

/** The key `cache: 'auto'` gives a Chat Completions body with this system prompt, tools and last user message. */
function keyOf(system: string, tools: unknown[] = [tool], user = 'Hi'): string {
  const body: Record<string, unknown> = {
    model: 'gpt-4o',
    tools,
    messages: [
      { role: 'system', content: system },
      { role: 'user', content: user },
    ],
  };
  setOpenAIPromptCacheKey(body, 'auto');
  return String(body['prompt_cache_key']);
}

/** `text` with the character at `at` replaced by the next code unit. */
const changed = (text: string, at: number): string => text.slice(0, at) + String.fromCharCode(text.charCodeAt(at) + 1) + text.slice(at + 1);

describe('setOpenAIPromptCacheKey', () => {
  it('keys the prefix every turn repeats (tools and system prompt), not the turn', () => {
    assert.match(keyOf(SYSTEM), /^llmux-[0-9a-f]{16}$/);
    assert.equal(keyOf(SYSTEM, [tool], 'And then?'), keyOf(SYSTEM));
    assert.notEqual(keyOf(SYSTEM, [{ ...tool, function: { ...tool.function, description: 'Looks a town up.' } }]), keyOf(SYSTEM));
  });

  it('gives another key for a prompt that differs in one character, at its start, middle or end', () => {
    const keys = [SYSTEM, changed(SYSTEM, 0), changed(SYSTEM, SYSTEM.length >> 1), changed(SYSTEM, SYSTEM.length - 1)].map((s) => keyOf(s));
    assert.equal(new Set(keys).size, keys.length, keys.join(' '));
    // Both halves of the key move, whichever character changed.
    for (const key of keys.slice(1)) {
      assert.notEqual(key.slice(6, 14), keys[0]!.slice(6, 14));
      assert.notEqual(key.slice(14), keys[0]!.slice(14));
    }
  });

  it('is the same key on every run and runtime (a changed hash would send every cached prefix to a new cache once)', () => {
    assert.equal(keyOf('You are terse.', []), 'llmux-bbf7051feb29148d');
  });

  it('leaves a key the body already has, and sets none without cache', () => {
    const body: Record<string, unknown> = { messages: [], prompt_cache_key: 'mine' };
    setOpenAIPromptCacheKey(body, 'auto');
    assert.equal(body['prompt_cache_key'], 'mine');
    const plain: Record<string, unknown> = { messages: [] };
    setOpenAIPromptCacheKey(plain, undefined);
    assert.equal('prompt_cache_key' in plain, false);
  });
});
