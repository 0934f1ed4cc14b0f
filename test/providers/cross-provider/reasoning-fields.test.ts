// Which provider is sent which reasoning fields of earlier assistant turns (pure request mapping).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { convertToOpenAIRequest } from '../../../src/providers/openai/convert-to-openai-request.js';
import { OPENAI_ENDPOINT } from '../../../src/providers/provider-endpoints.js';
import { convertToOpenRouterRequest } from '../../../src/providers/openrouter/convert-to-openrouter-request.js';
import type { ChatCompletionMessageParam } from '../../../src/base/types.js';

const withReasoning: ChatCompletionMessageParam[] = [
  { role: 'user', content: 'Hi' },
  {
    role: 'assistant',
    content: 'Hello',
    reasoning_content: 'Greet back.',
    reasoning_details: [{ type: 'thinking', thinking: 'Greet back.', signature: 'sig' }],
  },
  { role: 'user', content: 'How are you?' },
];

// Each provider's compat as its endpoint sets it: OpenAI's says it takes no reasoning input.
const openaiBody = (provider: string, messages: ChatCompletionMessageParam[]) =>
  convertToOpenAIRequest(
    { model: `${provider}/m`, messages },
    { provider, model: 'm', stream: false, compat: provider === 'openai' ? { ...OPENAI_ENDPOINT.compat } : {} },
  );

describe('reasoning fields on the way out', () => {
  it('OpenAI gets none (it takes no reasoning input and rejects unknown message fields)', () => {
    const body = openaiBody('openai', withReasoning);
    assert.deepEqual(body['messages'], [
      { role: 'user', content: 'Hi' },
      { role: 'assistant', content: 'Hello' },
      { role: 'user', content: 'How are you?' },
    ]);
    // The caller's messages are not modified.
    assert.equal((withReasoning[1] as { reasoning_content?: string }).reasoning_content, 'Greet back.');
  });

  it('OpenAI gets the very same array when no message carries reasoning', () => {
    const plain: ChatCompletionMessageParam[] = [
      { role: 'user', content: 'Hi' },
      { role: 'assistant', content: 'Hello' },
    ];
    assert.equal(openaiBody('openai', plain)['messages'], plain);
  });

  it('OpenAI-compatible presets get the messages as they are (DeepSeek wants reasoning_content back)', () => {
    assert.equal(openaiBody('deepseek', withReasoning)['messages'], withReasoning);
  });

  it('OpenRouter gets the details in its own vocabulary and no duplicate reasoning text', () => {
    const body = convertToOpenRouterRequest(
      { model: 'openrouter/anthropic/claude-sonnet-4.5', messages: withReasoning },
      { provider: 'openrouter', model: 'anthropic/claude-sonnet-4.5', stream: false, compat: {} },
    );
    assert.deepEqual((body['messages'] as unknown[])[1], {
      role: 'assistant',
      content: 'Hello',
      reasoning_details: [{ type: 'reasoning.text', text: 'Greet back.', signature: 'sig', format: 'anthropic-claude-v1' }],
    });
  });
});
