// Wire rules of the OpenAI family come from compat switches, never from the provider's name.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ProviderCompat } from '../../../src/providers/adapter-types.js';
import { convertToOpenAIRequest } from '../../../src/providers/openai/convert-to-openai-request.js';
import { OPENAI_ENDPOINT } from '../../../src/providers/provider-endpoints.js';
import { PROVIDERS, type ProviderDefinition } from '../../../src/providers/registry.js';
import type { ChatCompletionMessageParam, ChatRequest } from '../../../src/base/types.js';

const replay: ChatCompletionMessageParam[] = [
  { role: 'user', content: 'Hi' },
  { role: 'assistant', content: 'Hello', reasoning_content: 'Greet back.' },
  { role: 'user', content: 'And?' },
];

function body(provider: string, model: string, compat: ProviderCompat, request: Partial<ChatRequest> = {}): Record<string, unknown> {
  return convertToOpenAIRequest(
    { model: `${provider}/${model}`, messages: replay, max_tokens: 64, ...request },
    { provider, model, stream: false, compat },
  );
}

describe('maxTokensField', () => {
  it('max_tokens (and no switch at all) sends max_tokens as given, whatever the model or name', () => {
    for (const compat of [{}, { maxTokensField: 'max_tokens' } as const]) {
      for (const provider of ['openai', 'local']) {
        const sent = body(provider, 'o3-mini', compat);
        assert.equal(sent['max_tokens'], 64);
        assert.equal('max_completion_tokens' in sent, false);
      }
    }
  });

  it('max_completion_tokens renames it for every model', () => {
    for (const model of ['o3-mini', 'gpt-4o-mini', 'my-azure-deployment']) {
      const sent = body('azure', model, { maxTokensField: 'max_completion_tokens' });
      assert.equal(sent['max_completion_tokens'], 64, model);
      assert.equal('max_tokens' in sent, false, model);
    }
  });

  it('by-model renames it for the reasoning families only (o1, o3, o4-mini, gpt-5...)', () => {
    for (const model of ['o1', 'o3-mini', 'o4-mini', 'gpt-5', 'gpt-5-mini']) {
      const sent = body('oai', model, { maxTokensField: 'by-model' });
      assert.equal(sent['max_completion_tokens'], 64, model);
      assert.equal('max_tokens' in sent, false, model);
    }
    for (const model of ['gpt-4o-mini', 'gpt-4.1', 'omni-moderation']) {
      const sent = body('oai', model, { maxTokensField: 'by-model' });
      assert.equal(sent['max_tokens'], 64, model);
      assert.equal('max_completion_tokens' in sent, false, model);
    }
  });

  it("a request's own max_completion_tokens is sent as it is, beside its max_tokens", () => {
    const sent = body('oai', 'o3-mini', { maxTokensField: 'by-model' }, { max_completion_tokens: 32 });
    assert.equal(sent['max_completion_tokens'], 32);
    assert.equal(sent['max_tokens'], 64);
  });

  it('without max_tokens nothing is added', () => {
    const sent = convertToOpenAIRequest(
      { model: 'oai/o3-mini', messages: replay },
      { provider: 'oai', model: 'o3-mini', stream: false, compat: { maxTokensField: 'max_completion_tokens' } },
    );
    assert.equal('max_tokens' in sent, false);
    assert.equal('max_completion_tokens' in sent, false);
  });
});

describe('reasoningInput', () => {
  it('none leaves reasoning out of replayed assistant turns, under any name', () => {
    for (const provider of ['openai', 'oai']) {
      const sent = body(provider, 'gpt-4o-mini', { reasoningInput: 'none' });
      assert.deepEqual((sent['messages'] as unknown[])[1], { role: 'assistant', content: 'Hello' });
    }
  });

  it('as-is (and no switch) sends it back unchanged, even under the name openai', () => {
    for (const compat of [{}, { reasoningInput: 'as-is' } as const]) {
      assert.equal(body('openai', 'gpt-4o-mini', compat)['messages'], replay);
    }
  });
});

describe("OpenAI's endpoint", () => {
  it('sets the switches, so the registry and the openai() factory share them', () => {
    assert.deepEqual(OPENAI_ENDPOINT.compat, { maxTokensField: 'by-model', reasoningInput: 'none' });
    assert.deepEqual(PROVIDERS.openai.compat, OPENAI_ENDPOINT.compat);
  });

  it('other built-in OpenAI-compatible presets keep the defaults (DeepSeek wants reasoning back)', () => {
    const presets: Readonly<Record<string, ProviderDefinition>> = PROVIDERS;
    for (const id of ['deepseek', 'groq', 'ollama', 'vllm', 'openai-compatible']) {
      assert.equal(presets[id]!.compat?.maxTokensField, undefined, id);
      assert.equal(presets[id]!.compat?.reasoningInput, undefined, id);
    }
  });
});
