import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { modelToEncodingMap } from 'gpt-tokenizer/mapping';
import { chatEnabledModels } from 'gpt-tokenizer/modelsChatEnabled.gen';
import { tokenizerEncoding } from '../../src/models/tokenizer-encoding.js';

describe('tokenizerEncoding', () => {
  it('maps current OpenAI model families to o200k_base', () => {
    for (const model of [
      'gpt-4o',
      'gpt-4o-mini',
      'gpt-4o-2024-08-06',
      'chatgpt-4o-latest',
      'gpt-4.1',
      'gpt-4.1-nano',
      'gpt-4.5-preview',
      'gpt-5',
      'gpt-5-mini',
      'gpt-5.1',
      'gpt-5.2-codex',
      'o1',
      'o1-preview',
      'o3-mini',
      'o3-pro',
      'o4-mini',
      'gpt-oss-120b',
      'gpt-oss:20b',
      'codex-mini-latest',
      'gpt-realtime',
      'gpt-audio-mini',
      'gpt-image-1',
    ]) {
      assert.equal(tokenizerEncoding(model), 'o200k_base', model);
    }
  });

  it('maps GPT-4, GPT-3.5 and the embedding models to cl100k_base', () => {
    for (const model of [
      'gpt-4',
      'gpt-4-0613',
      'gpt-4-32k',
      'gpt-4-turbo',
      'gpt-4-1106-preview',
      'gpt-3.5-turbo',
      'gpt-3.5-turbo-16k',
      'gpt-35-turbo',
      'text-embedding-3-small',
      'text-embedding-3-large',
      'text-embedding-ada-002',
    ]) {
      assert.equal(tokenizerEncoding(model), 'cl100k_base', model);
    }
  });

  it('sees through routing prefixes, case and fine-tune ids', () => {
    assert.equal(tokenizerEncoding('openai/gpt-4o'), 'o200k_base');
    assert.equal(tokenizerEncoding('openrouter/openai/gpt-4-turbo'), 'cl100k_base');
    assert.equal(tokenizerEncoding('azure/GPT-4o'), 'o200k_base');
    assert.equal(tokenizerEncoding('openai.gpt-oss-120b-1:0'), 'o200k_base');
    assert.equal(tokenizerEncoding('ft:gpt-4o-mini-2024-07-18:acme::abc123'), 'o200k_base');
    assert.equal(tokenizerEncoding('ft:gpt-3.5-turbo-0125:acme::xyz'), 'cl100k_base');
    assert.equal(tokenizerEncoding('openai/gpt-4o:online'), 'o200k_base');
  });

  it('returns undefined for other models, including look-alikes', () => {
    for (const model of [
      'claude-sonnet-4-5',
      'anthropic/claude-opus-4-1',
      'llama-3.3-70b-versatile',
      'gemini-2.5-pro',
      'mistral-large-latest',
      'deepseek-chat',
      'gpt-j-6b',
      'EleutherAI/gpt-neox-20b',
      'o1x',
      'o2-mini',
      'text-davinci-003',
      '',
    ]) {
      assert.equal(tokenizerEncoding(model), undefined, model);
    }
  });

  // gpt-tokenizer's map lists the older encodings' models and defaults every other model to
  // o200k_base; gpt-oss's o200k_harmony shares o200k_base's vocabulary.
  it("agrees with gpt-tokenizer's model-to-encoding map for every chat model it knows", () => {
    const notOpenAINames = new Set(['chat-latest', 'daybreak-blue-latest', 'daybreak-red-latest']);
    for (const model of chatEnabledModels) {
      const theirs = (modelToEncodingMap[model as keyof typeof modelToEncodingMap] ?? 'o200k_base').replace('o200k_harmony', 'o200k_base');
      if (notOpenAINames.has(model)) continue;
      assert.equal(tokenizerEncoding(model), theirs, model);
    }
    for (const [model, theirs] of Object.entries(modelToEncodingMap)) {
      const ours = tokenizerEncoding(model);
      if (ours !== undefined) assert.equal(ours, theirs.replace('o200k_harmony', 'o200k_base'), model);
    }
  });
});
