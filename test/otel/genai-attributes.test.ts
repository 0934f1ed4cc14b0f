import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CallEventBase, FallbackEvent, RequestEvent, RetryEvent } from '../../src/callbacks/callback-types.js';
import { RateLimitError } from '../../src/base/errors.js';
import {
  errorAttributes,
  errorType,
  fallbackEventAttributes,
  genAiProviderName,
  genAiRequestModel,
  genAiSpanName,
  requestAttributes,
  responseAttributes,
  retryEventAttributes,
  usageAttributes,
} from '../../src/otel/genai-attributes.js';
import { outputFinishReason, toGenAiInputMessages, toGenAiOutputMessages } from '../../src/otel/genai-messages.js';
import type { ChatRequest, ModelResponse, PartialModelResponse } from '../../src/base/types.js';

const base: CallEventBase = {
  callId: 'call-1',
  attempt: 0,
  model: 'openai/gpt-4o-mini',
  provider: 'openai',
  stream: false,
  timestamp: 1_700_000_000_000,
};

function requestEvent(request: Partial<ChatRequest>, extra: Partial<CallEventBase> = {}): RequestEvent {
  return { ...base, ...extra, request: { model: base.model, messages: [{ role: 'user', content: 'Hi' }], ...request } };
}

const response: ModelResponse = {
  id: 'chatcmpl-1',
  object: 'chat.completion',
  created: 1,
  model: 'gpt-4o-mini-2024-07-18',
  choices: [
    { index: 0, message: { role: 'assistant', content: 'Hello', refusal: null }, finish_reason: 'stop', logprobs: null },
    {
      index: 1,
      message: {
        role: 'assistant',
        content: null,
        refusal: null,
        tool_calls: [{ id: 'call_a', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } }],
      },
      finish_reason: 'tool_calls',
      logprobs: null,
    },
  ],
  usage: {
    prompt_tokens: 120,
    completion_tokens: 30,
    total_tokens: 150,
    prompt_tokens_details: { cached_tokens: 100, cache_creation_tokens: 10 },
    completion_tokens_details: { reasoning_tokens: 12 },
  },
};

describe('gen_ai.provider.name', () => {
  it('maps llmux provider ids to the well-known values', () => {
    assert.equal(genAiProviderName('openai'), 'openai');
    assert.equal(genAiProviderName('anthropic'), 'anthropic');
    assert.equal(genAiProviderName('groq'), 'groq');
    assert.equal(genAiProviderName('deepseek'), 'deepseek');
    assert.equal(genAiProviderName('xai'), 'x_ai');
    assert.equal(genAiProviderName('mistral'), 'mistral_ai');
    assert.equal(genAiProviderName('gemini'), 'gcp.gemini');
  });

  it('uses the llmux id when the conventions list no value', () => {
    for (const id of ['openrouter', 'together', 'fireworks', 'ollama', 'lmstudio', 'vllm', 'openai-compatible', 'mock', 'my-proxy']) {
      assert.equal(genAiProviderName(id), id);
    }
    // Object's own keys are not providers.
    assert.equal(genAiProviderName('constructor'), 'constructor');
  });
});

describe('request model and span name', () => {
  it('strips the provider prefix, keeping any slash inside the model name', () => {
    assert.equal(genAiRequestModel({ model: 'openai/gpt-4o-mini', provider: 'openai' }), 'gpt-4o-mini');
    assert.equal(genAiRequestModel({ model: 'openrouter/anthropic/claude-sonnet-4', provider: 'openrouter' }), 'anthropic/claude-sonnet-4');
    assert.equal(genAiRequestModel({ model: 'gpt-4o', provider: 'openai' }), 'gpt-4o');
    assert.equal(genAiSpanName({ model: 'anthropic/claude-sonnet-4-5', provider: 'anthropic' }), 'chat claude-sonnet-4-5');
  });
});

describe('requestAttributes', () => {
  it('always: operation, provider, model and llmux call identity', () => {
    assert.deepEqual(requestAttributes(requestEvent({})), {
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'openai',
      'gen_ai.request.model': 'gpt-4o-mini',
      'llmux.call_id': 'call-1',
      'llmux.attempt': 0,
      'llmux.stream': false,
    });
  });

  it('request parameters when present', () => {
    const attributes = requestAttributes(
      requestEvent({
        max_tokens: 100,
        temperature: 0,
        top_p: 0.9,
        stop: 'END',
        frequency_penalty: 0.1,
        presence_penalty: -0.2,
        seed: 7,
        n: 3,
        reasoning_effort: 'low',
        response_format: { type: 'json_object' },
        extra_body: { top_k: 40 },
      }),
    );
    assert.equal(attributes['gen_ai.request.max_tokens'], 100);
    assert.equal(attributes['gen_ai.request.temperature'], 0);
    assert.equal(attributes['gen_ai.request.top_p'], 0.9);
    assert.equal(attributes['gen_ai.request.top_k'], 40);
    assert.deepEqual(attributes['gen_ai.request.stop_sequences'], ['END']);
    assert.equal(attributes['gen_ai.request.frequency_penalty'], 0.1);
    assert.equal(attributes['gen_ai.request.presence_penalty'], -0.2);
    assert.equal(attributes['gen_ai.request.seed'], 7);
    assert.equal(attributes['gen_ai.request.choice.count'], 3);
    assert.equal(attributes['gen_ai.request.reasoning.level'], 'low');
    assert.equal(attributes['gen_ai.output.type'], 'json');
  });

  it('max_completion_tokens wins; null, n=1 and empty stop lists are left out', () => {
    const attributes = requestAttributes(requestEvent({ max_tokens: 10, max_completion_tokens: 20, temperature: null, n: 1, stop: [] }));
    assert.equal(attributes['gen_ai.request.max_tokens'], 20);
    assert.equal('gen_ai.request.temperature' in attributes, false);
    assert.equal('gen_ai.request.choice.count' in attributes, false);
    assert.equal('gen_ai.request.stop_sequences' in attributes, false);
  });

  it('streams set gen_ai.request.stream; router calls carry group and deployment', () => {
    const attributes = requestAttributes(requestEvent({}, { stream: true, attempt: 2, group: 'fast', deployment: 'groq-1' }));
    assert.equal(attributes['gen_ai.request.stream'], true);
    assert.equal(attributes['llmux.stream'], true);
    assert.equal(attributes['llmux.attempt'], 2);
    assert.equal(attributes['llmux.router.group'], 'fast');
    assert.equal(attributes['llmux.router.deployment'], 'groq-1');
  });

  it('content only when asked for', () => {
    const event = requestEvent({
      tools: [{ type: 'function', function: { name: 'get_weather', description: 'Weather', parameters: { type: 'object' } } }],
    });
    const off = requestAttributes(event);
    assert.equal('gen_ai.input.messages' in off, false);
    assert.equal('gen_ai.tool.definitions' in off, false);
    const on = requestAttributes(event, true);
    assert.deepEqual(JSON.parse(on['gen_ai.input.messages'] as string), [{ role: 'user', parts: [{ type: 'text', content: 'Hi' }] }]);
    assert.deepEqual(JSON.parse(on['gen_ai.tool.definitions'] as string), [
      { type: 'function', name: 'get_weather', description: 'Weather', parameters: { type: 'object' } },
    ]);
  });

  it('describes a provider-native tool (an Anthropic server tool) by its type and name', () => {
    const native = { type: 'web_search_20250305', name: 'web_search', max_uses: 1 } as unknown as NonNullable<ChatRequest['tools']>[number];
    const on = requestAttributes(requestEvent({ tools: [native] }), true);
    assert.deepEqual(JSON.parse(on['gen_ai.tool.definitions'] as string), [{ type: 'web_search_20250305', name: 'web_search' }]);
  });
});

describe('responseAttributes', () => {
  it('response id, model, finish reasons, usage and cost', () => {
    const attributes = responseAttributes({ response, usage: response.usage, cost: { total: 0.0012, currency: 'USD', source: 'table' } });
    assert.deepEqual(attributes, {
      'gen_ai.response.model': 'gpt-4o-mini-2024-07-18',
      'gen_ai.response.id': 'chatcmpl-1',
      'gen_ai.response.finish_reasons': ['stop', 'tool_calls'],
      'gen_ai.usage.input_tokens': 120,
      'gen_ai.usage.output_tokens': 30,
      'gen_ai.usage.cache_read.input_tokens': 100,
      'gen_ai.usage.cache_write.input_tokens': 10,
      'gen_ai.usage.reasoning.output_tokens': 12,
      'llmux.cost.usd': 0.0012,
    });
  });

  it('time to first chunk in seconds', () => {
    const attributes = responseAttributes({ response: undefined, usage: undefined, cost: undefined, timeToFirstTokenMs: 250 });
    assert.deepEqual(attributes, { 'gen_ai.response.time_to_first_chunk': 0.25 });
  });

  it('a choice that never finished reports error', () => {
    const partial: PartialModelResponse = {
      ...response,
      choices: [{ index: 0, message: { role: 'assistant', content: 'Hal', refusal: null }, finish_reason: null, logprobs: null }],
    };
    assert.deepEqual(responseAttributes({ response: partial, usage: undefined, cost: undefined })['gen_ai.response.finish_reasons'], [
      'error',
    ]);
  });

  it('output messages only when asked for', () => {
    assert.equal('gen_ai.output.messages' in responseAttributes({ response, usage: undefined, cost: undefined }), false);
    const on = responseAttributes({ response, usage: undefined, cost: undefined }, true);
    assert.deepEqual(JSON.parse(on['gen_ai.output.messages'] as string), [
      { role: 'assistant', parts: [{ type: 'text', content: 'Hello' }], finish_reason: 'stop' },
      {
        role: 'assistant',
        parts: [{ type: 'tool_call', id: 'call_a', name: 'get_weather', arguments: { city: 'Paris' } }],
        finish_reason: 'tool_call',
      },
    ]);
  });

  it('usage: nothing for nothing', () => {
    assert.deepEqual(usageAttributes(undefined), {});
    assert.deepEqual(usageAttributes({ prompt_tokens: 1, completion_tokens: 2, total_tokens: 3 }), {
      'gen_ai.usage.input_tokens': 1,
      'gen_ai.usage.output_tokens': 2,
    });
  });
});

describe('errors, retries and fallbacks', () => {
  const error = new RateLimitError('Rate limit reached', { status: 429, provider: 'openai' });

  it('error.type is the llmux error class name', () => {
    assert.equal(errorType(error), 'RateLimitError');
    assert.equal(errorType(new Error('plain')), '_OTHER');
    assert.equal(errorType(undefined), '_OTHER');
    assert.deepEqual(errorAttributes({ error, willRetry: true, willFallback: false }), {
      'error.type': 'RateLimitError',
      'llmux.will_retry': true,
    });
  });

  it('retry and fallback event attributes', () => {
    const retry: RetryEvent = { ...base, error, delayMs: 500, nextDeployment: 'b' };
    assert.deepEqual(retryEventAttributes(retry), {
      'llmux.retry.previous_attempt': 0,
      'llmux.retry.delay_ms': 500,
      'error.type': 'RateLimitError',
      'llmux.router.next_deployment': 'b',
    });
    const fallback: FallbackEvent = { ...base, attempt: 3, error, fromGroup: 'big', toGroup: 'small', reason: 'error' };
    assert.deepEqual(fallbackEventAttributes(fallback), {
      'llmux.fallback.previous_attempt': 3,
      'llmux.fallback.from_group': 'big',
      'llmux.fallback.to_group': 'small',
      'llmux.fallback.reason': 'error',
      'error.type': 'RateLimitError',
    });
  });
});

describe('message shapes', () => {
  it('every llmux message role and part kind', () => {
    const messages = toGenAiInputMessages([
      { role: 'system', content: 'Be brief.' },
      { role: 'developer', content: [{ type: 'text', text: 'Use tools.' }] },
      {
        role: 'user',
        name: 'ann',
        content: [
          { type: 'text', text: 'What is this?' },
          { type: 'image_url', image_url: { url: 'https://example.com/cat.png' } },
          { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0=' } },
          { type: 'file', file: { file_id: 'file-1' } },
          { type: 'file', file: { file_data: 'data:application/pdf,hi%20there' } },
          { type: 'input_audio', input_audio: { data: 'UklGRg==', format: 'wav' } },
        ],
      },
      {
        role: 'assistant',
        content: null,
        reasoning_content: 'Think',
        tool_calls: [{ id: 'c1', type: 'function', function: { name: 'f', arguments: 'not json' } }],
      },
      { role: 'tool', tool_call_id: 'c1', content: [{ type: 'text', text: 'sunny' }] },
      { role: 'function', name: 'f', content: 'old' },
    ]);
    assert.deepEqual(messages, [
      { role: 'system', parts: [{ type: 'text', content: 'Be brief.' }] },
      { role: 'system', parts: [{ type: 'text', content: 'Use tools.' }] },
      {
        role: 'user',
        name: 'ann',
        parts: [
          { type: 'text', content: 'What is this?' },
          { type: 'uri', modality: 'image', uri: 'https://example.com/cat.png' },
          { type: 'blob', modality: 'image', mime_type: 'image/png', content: 'iVBORw0=' },
          { type: 'file', modality: 'document', file_id: 'file-1' },
          { type: 'blob', modality: 'document', mime_type: 'application/pdf', content: Buffer.from('hi there').toString('base64') },
          { type: 'blob', modality: 'audio', mime_type: 'audio/wav', content: 'UklGRg==' },
        ],
      },
      {
        role: 'assistant',
        parts: [
          { type: 'reasoning', content: 'Think' },
          { type: 'tool_call', id: 'c1', name: 'f', arguments: 'not json' },
        ],
      },
      { role: 'tool', parts: [{ type: 'tool_call_response', id: 'c1', response: 'sunny' }] },
      { role: 'tool', parts: [{ type: 'tool_call_response', id: null, name: 'f', response: 'old' }] },
    ]);
  });

  it('output finish reasons use the conventions vocabulary', () => {
    assert.equal(outputFinishReason('stop'), 'stop');
    assert.equal(outputFinishReason('length'), 'length');
    assert.equal(outputFinishReason('content_filter'), 'content_filter');
    assert.equal(outputFinishReason('tool_calls'), 'tool_call');
    assert.equal(outputFinishReason('function_call'), 'tool_call');
    assert.equal(outputFinishReason(null), 'error');
    assert.equal(toGenAiOutputMessages({ ...response, choices: [] }).length, 0);
  });
});
