// The one reading of a model string, rule by rule, and the readers that use it.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigurationError } from '../../src/base/errors.js';
import { resolveModel } from '../../src/core/resolve-model.js';
import { splitModelId } from '../../src/models/model-id-candidates.js';
import { findModel, registerModel } from '../../src/models/model-table.js';
import { wireOf } from '../../src/structured/choose-modes.js';
import {
  claudeFamily,
  providerOfBareName,
  reportedProvider,
  splitModelString,
  takesOnlyMaxCompletionTokens,
} from '../../src/util/model-id.js';

describe('splitModelString', () => {
  it('cuts at the first slash only', () => {
    assert.deepEqual(splitModelString('openai/gpt-4o'), { prefix: 'openai', rest: 'gpt-4o' });
    assert.deepEqual(splitModelString('openrouter/anthropic/claude-sonnet-4.5'), {
      prefix: 'openrouter',
      rest: 'anthropic/claude-sonnet-4.5',
    });
    assert.deepEqual(splitModelString('ollama/llama3.1:8b'), { prefix: 'ollama', rest: 'llama3.1:8b' });
  });

  it('a leading slash or no slash is no prefix; a trailing one an empty rest', () => {
    assert.deepEqual(splitModelString('gpt-4o'), { prefix: undefined, rest: 'gpt-4o' });
    assert.deepEqual(splitModelString('/gpt-4o'), { prefix: undefined, rest: '/gpt-4o' });
    assert.deepEqual(splitModelString('openai/'), { prefix: 'openai', rest: '' });
  });
});

describe('providerOfBareName', () => {
  it('OpenAI names: gpt-, chatgpt-, o1/o3/o4, codex-, fine-tunes, embeddings, legacy completions', () => {
    for (const name of [
      'gpt-4o',
      'chatgpt-4o-latest',
      'o1',
      'o3-mini',
      'o4-mini',
      'codex-mini-latest',
      'ft:gpt-4o-mini:acme::abc',
      'text-embedding-3-small',
      'davinci-002',
      'babbage-002',
    ]) {
      assert.equal(providerOfBareName(name), 'openai', name);
      assert.equal(providerOfBareName(name, { routedOnly: true }), 'openai', name);
    }
  });

  it("Anthropic's claude- names", () => {
    assert.equal(providerOfBareName('claude-sonnet-4-5', { routedOnly: true }), 'anthropic');
  });

  it('names the table places but the client does not route', () => {
    const cases: [string, string][] = [
      ['deepseek-chat', 'deepseek'],
      ['gemini-2.5-pro', 'gemini'],
      ['grok-4', 'xai'],
      ['mistral-large-latest', 'mistral'],
      ['codestral-latest', 'mistral'],
      ['open-mistral-nemo', 'mistral'],
    ];
    for (const [name, provider] of cases) {
      assert.equal(providerOfBareName(name), provider, name);
      assert.equal(providerOfBareName(name, { routedOnly: true }), undefined, name);
    }
  });

  it('no provider for other names, and names match as given (lower-case them for a lenient lookup)', () => {
    for (const name of ['llama3.1', 'o2-foo', 'omni', 'my-gpt-4o', 'qwen2.5']) assert.equal(providerOfBareName(name), undefined, name);
    assert.equal(providerOfBareName('GPT-4o'), undefined);
    assert.equal(providerOfBareName('GPT-4o'.toLowerCase()), 'openai');
  });
});

describe('takesOnlyMaxCompletionTokens (family rule)', () => {
  it('the o-series and gpt-5 families', () => {
    for (const model of ['o1', 'o1-mini', 'o3-mini', 'o4-mini', 'gpt-5', 'gpt-5-mini', 'gpt-5.1'])
      assert.equal(takesOnlyMaxCompletionTokens(model), true, model);
    for (const model of ['gpt-4o', 'gpt-4.1-mini', 'chatgpt-4o-latest', 'omni-moderation-latest', 'openai/o3-mini'])
      assert.equal(takesOnlyMaxCompletionTokens(model), false, model);
  });
});

describe('reportedProvider', () => {
  it('the prefix, else the routed provider of a bare name, else empty', () => {
    assert.equal(reportedProvider('groq/llama-3.3-70b'), 'groq');
    assert.equal(reportedProvider('gpt-4o-mini'), 'openai');
    assert.equal(reportedProvider('claude-sonnet-4-5'), 'anthropic');
    assert.equal(reportedProvider('llama3.1'), '');
  });
});

describe('the readers agree', () => {
  const known = ['openai', 'anthropic', 'openrouter', 'ollama'];

  it('resolveModel routes bare fine-tunes to OpenAI and refuses a name only the table places', () => {
    assert.deepEqual(resolveModel('ft:gpt-4o-mini:acme::abc', known), { provider: 'openai', model: 'ft:gpt-4o-mini:acme::abc' });
    assert.deepEqual(resolveModel('openrouter/anthropic/claude-sonnet-4.5', known), {
      provider: 'openrouter',
      model: 'anthropic/claude-sonnet-4.5',
    });
    assert.throws(() => resolveModel('deepseek-chat', known), ConfigurationError);
    assert.throws(() => resolveModel('/gpt-4o', known), ConfigurationError);
  });

  it('the model table finds a bare embedding model under OpenAI, where the client routes it', () => {
    assert.deepEqual(splitModelId('text-embedding-3-small', new Set(['openai'])), { provider: 'openai', model: 'text-embedding-3-small' });
    registerModel('openai/text-embedding-3-small', { inputCostPerToken: 2e-8, outputCostPerToken: 0 });
    assert.equal(findModel('text-embedding-3-small')?.id, 'openai/text-embedding-3-small');
  });

  it('structured output picks the wire the client would call', () => {
    assert.equal(wireOf('claude-sonnet-4-5'), 'anthropic');
    assert.equal(wireOf('anthropic/claude-sonnet-4-5'), 'anthropic');
    assert.equal(wireOf('openrouter/openai/gpt-4o'), 'openrouter');
    assert.equal(wireOf('ft:gpt-4o-mini:acme::abc'), 'openai');
    assert.equal(wireOf('text-embedding-3-small'), 'openai');
    assert.equal(wireOf('groq/llama-3.3-70b'), 'openai');
    assert.equal(wireOf('o2-foo'), 'unknown');
    assert.equal(wireOf('fast'), 'unknown');
  });
});

describe('claudeFamily (what Anthropic binds thinking signatures to)', () => {
  it('reads a dated id, its alias, a gateway id and a versioned id as one family, and other models as others', () => {
    for (const id of ['claude-sonnet-4-5-20250929', 'claude-sonnet-4-5', 'anthropic/claude-sonnet-4.5', 'claude-sonnet-4-5-v1:0'])
      assert.equal(claudeFamily(id), 'claude-sonnet-4-5', id);
    assert.equal(claudeFamily('claude-3-7-sonnet-latest'), 'claude-3-7-sonnet');
    assert.notEqual(claudeFamily('claude-opus-4-7'), claudeFamily('claude-opus-4-6'));
  });
});
