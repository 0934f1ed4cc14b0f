import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MOCK_MODEL, pickDefaultModel } from '../../src/cli/pick-default-model.js';

const ALL = ['openai', 'anthropic', 'openrouter', 'mock'];
const NO_ANTHROPIC = ['openai', 'openrouter', 'mock'];

describe('pickDefaultModel', () => {
  it('uses LLMUX_MODEL above everything', () => {
    assert.deepEqual(pickDefaultModel({ LLMUX_MODEL: 'groq/llama-3.1-8b', OPENAI_API_KEY: 'k' }, ALL), {
      model: 'groq/llama-3.1-8b',
      note: undefined,
    });
  });

  it('prefers OpenAI, then Anthropic, then OpenRouter', () => {
    assert.equal(
      pickDefaultModel({ OPENAI_API_KEY: 'k', ANTHROPIC_API_KEY: 'k', OPENROUTER_API_KEY: 'k' }, ALL).model,
      'openai/gpt-4o-mini',
    );
    assert.equal(pickDefaultModel({ ANTHROPIC_API_KEY: 'k', OPENROUTER_API_KEY: 'k' }, ALL).model, 'anthropic/claude-sonnet-4-5');
    assert.equal(pickDefaultModel({ OPENROUTER_API_KEY: 'k' }, ALL).model, 'openrouter/openai/gpt-4o-mini');
  });

  it('gives no note when a key decided', () => {
    assert.equal(pickDefaultModel({ OPENAI_API_KEY: 'k' }, ALL).note, undefined);
  });

  it('skips a key for a provider this build cannot serve', () => {
    assert.equal(
      pickDefaultModel({ ANTHROPIC_API_KEY: 'k', OPENROUTER_API_KEY: 'k' }, NO_ANTHROPIC).model,
      'openrouter/openai/gpt-4o-mini',
    );
    assert.equal(pickDefaultModel({ ANTHROPIC_API_KEY: 'k' }, NO_ANTHROPIC).model, MOCK_MODEL);
  });

  it('ignores empty and blank values', () => {
    assert.equal(pickDefaultModel({ LLMUX_MODEL: ' ', OPENAI_API_KEY: '', OPENROUTER_API_KEY: '  ' }, ALL).model, MOCK_MODEL);
  });

  it('falls back to the mock with a note naming the env vars to set', () => {
    const pick = pickDefaultModel({}, ALL);
    assert.equal(pick.model, 'mock/llmux-echo');
    assert.match(pick.note ?? '', /no API key found/);
    for (const name of ['OPENAI_API_KEY', 'ANTHROPIC_API_KEY', 'OPENROUTER_API_KEY', 'LLMUX_MODEL'])
      assert.ok(pick.note?.includes(name), name);
    assert.ok(!pickDefaultModel({}, NO_ANTHROPIC).note?.includes('ANTHROPIC_API_KEY'));
  });
});
