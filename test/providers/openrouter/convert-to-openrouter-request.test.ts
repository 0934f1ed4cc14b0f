import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigurationError } from '../../../src/base/errors.js';
import { convertToOpenRouterRequest } from '../../../src/providers/openrouter/convert-to-openrouter-request.js';
import { convertToOpenRouterMessages } from '../../../src/providers/openrouter/convert-to-openrouter-messages.js';
import { mapOpenRouterReasoning } from '../../../src/providers/openrouter/map-openrouter-reasoning.js';
import type { OpenRouterExtraBody } from '../../../src/providers/openrouter/openrouter-api-types.js';
import type { ChatCompletionMessageParam, ChatRequest } from '../../../src/base/types.js';

const MODEL = 'anthropic/claude-sonnet-4.5';
const messages: ChatCompletionMessageParam[] = [{ role: 'user', content: 'What is 2+2?' }];

function convert(request: Partial<ChatRequest>, stream = false): Record<string, unknown> {
  return convertToOpenRouterRequest(
    { model: `openrouter/${MODEL}`, messages, ...request },
    { provider: 'openrouter', model: MODEL, stream, compat: {} },
  );
}

describe('mapOpenRouterReasoning', () => {
  it('reasoning_effort alone -> { effort }', () => {
    assert.deepEqual(mapOpenRouterReasoning('high', undefined), { effort: 'high' });
    assert.deepEqual(mapOpenRouterReasoning('none', undefined), { effort: 'none' });
  });

  it('neither -> nothing', () => {
    assert.equal(mapOpenRouterReasoning(undefined, undefined), undefined);
    assert.equal(mapOpenRouterReasoning(null, undefined), undefined);
  });

  it('an explicit reasoning with its own effort or budget wins', () => {
    assert.deepEqual(mapOpenRouterReasoning('high', { effort: 'low' }), { effort: 'low' });
    assert.deepEqual(mapOpenRouterReasoning('high', { max_tokens: 2000 }), { max_tokens: 2000 });
  });

  it('an explicit reasoning without effort or budget takes reasoning_effort', () => {
    assert.deepEqual(mapOpenRouterReasoning('medium', { exclude: true }), { exclude: true, effort: 'medium' });
    assert.deepEqual(mapOpenRouterReasoning(undefined, { exclude: true }), { exclude: true });
  });

  it('refuses effort and max_tokens together, and values of the wrong type', () => {
    const refused = (effort: unknown, explicit: unknown, pattern: RegExp) =>
      assert.throws(
        () => mapOpenRouterReasoning(effort as never, explicit),
        (e: unknown) => e instanceof ConfigurationError && pattern.test(e.message) && e.provider === 'openrouter',
      );
    refused(undefined, { effort: 'high', max_tokens: 1000 }, /either effort or max_tokens/);
    refused(undefined, 'high', /must be an object/);
    refused(undefined, [], /must be an object/);
    refused(undefined, { max_tokens: -5 }, /positive integer/);
    refused(undefined, { max_tokens: 1.5 }, /positive integer/);
    refused(undefined, { effort: 3 }, /effort must be a string/);
    refused(undefined, { exclude: 'yes' }, /exclude must be true or false/);
    refused(7, undefined, /reasoning_effort must be a string/);
  });
});

describe('convertToOpenRouterRequest', () => {
  it('is the OpenAI body with OpenRouter’s model id', () => {
    assert.deepEqual(convert({ temperature: 0.3, max_tokens: 100 }), { model: MODEL, messages, temperature: 0.3, max_tokens: 100 });
  });

  it('streams with stream_options (OpenRouter ignores it; relays in front of it may need it)', () => {
    const body = convert({}, true);
    assert.equal(body['stream'], true);
    assert.deepEqual(body['stream_options'], { include_usage: true });
  });

  it('reasoning_effort becomes reasoning.effort and is not sent itself', () => {
    const body = convert({ reasoning_effort: 'low' });
    assert.deepEqual(body['reasoning'], { effort: 'low' });
    assert.equal('reasoning_effort' in body, false);
  });

  it('extra_body.reasoning wins over reasoning_effort, and reasoning_effort is still not sent', () => {
    const body = convert({ reasoning_effort: 'low', extra_body: { reasoning: { max_tokens: 3000, exclude: true } } });
    assert.deepEqual(body['reasoning'], { max_tokens: 3000, exclude: true });
    assert.equal('reasoning_effort' in body, false);
  });

  it('routing fields pass through untouched', () => {
    const extra: OpenRouterExtraBody = {
      provider: { order: ['anthropic', 'amazon-bedrock'], allow_fallbacks: false, data_collection: 'deny', sort: 'throughput' },
      models: ['anthropic/claude-sonnet-4.5', 'openai/gpt-4o'],
      transforms: ['middle-out'],
      usage: { include: true },
      route: 'fallback',
    };
    const body = convert({ extra_body: extra });
    for (const [key, value] of Object.entries(extra)) assert.deepEqual(body[key], value, key);
  });

  it('refuses routing fields of the wrong shape before any request, naming the field', () => {
    const refused = (extra: Record<string, unknown>, field: string) =>
      assert.throws(
        () => convert({ extra_body: extra }),
        (e: unknown) => e instanceof ConfigurationError && e.message.includes(`extra_body.${field}`),
      );
    refused({ models: 'anthropic/claude-sonnet-4.5,openai/gpt-4o' }, 'models');
    refused({ models: [] }, 'models');
    refused({ models: ['ok', 3] }, 'models');
    refused({ provider: ['anthropic'] }, 'provider');
    refused({ provider: null }, 'provider');
    refused({ transforms: 'middle-out' }, 'transforms');
    refused({ reasoning: { effort: 'high', max_tokens: 10 } }, 'reasoning');
  });
});

describe('convertToOpenRouterMessages', () => {
  it('passes messages without reasoning on as the same objects', () => {
    const input: ChatCompletionMessageParam[] = [
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'Hi' },
      { role: 'assistant', content: 'Hello' },
    ];
    const out = convertToOpenRouterMessages(input);
    input.forEach((m, i) => assert.equal(out[i], m));
  });

  it("translates Anthropic's signed thinking and redacted thinking to OpenRouter's details", () => {
    const [out] = convertToOpenRouterMessages([
      {
        role: 'assistant',
        content: null,
        reasoning_content: 'Let me check the weather.',
        reasoning_details: [
          { type: 'thinking', thinking: 'Let me check the weather.', signature: 'sig-abc' },
          { type: 'redacted_thinking', data: 'ENCRYPTED' },
        ],
        tool_calls: [{ id: 'toolu_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } }],
      },
    ]);
    assert.deepEqual(out, {
      role: 'assistant',
      content: null,
      reasoning_details: [
        { type: 'reasoning.text', text: 'Let me check the weather.', format: 'anthropic-claude-v1', signature: 'sig-abc' },
        { type: 'reasoning.encrypted', data: 'ENCRYPTED', format: 'anthropic-claude-v1' },
      ],
      tool_calls: [{ id: 'toolu_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } }],
    });
  });

  it("keeps OpenRouter's own details exactly as they came", () => {
    const details = [
      { type: 'reasoning.text', text: 'Hmm.', signature: 'sig', format: 'anthropic-claude-v1', index: 0 },
      { type: 'reasoning.encrypted', data: 'gAAAA', format: 'openai-responses-v1', id: 'rs_1', index: 1 },
      { type: 'reasoning.summary', summary: 'Thought briefly.', format: 'openai-responses-v1', index: 2 },
    ];
    const [out] = convertToOpenRouterMessages([
      { role: 'assistant', content: 'Ok', reasoning_content: 'Hmm.', reasoning_details: details },
    ]);
    assert.deepEqual(out, { role: 'assistant', content: 'Ok', reasoning_details: details });
  });

  it('plain reasoning_content (no details) goes back as reasoning', () => {
    const [out] = convertToOpenRouterMessages([{ role: 'assistant', content: '4', reasoning_content: '2+2 is 4' }]);
    assert.deepEqual(out, { role: 'assistant', content: '4', reasoning: '2+2 is 4' });
  });

  it('the request keeps the caller’s messages unmodified', () => {
    const assistant: ChatCompletionMessageParam = {
      role: 'assistant',
      content: 'A',
      reasoning_details: [{ type: 'thinking', thinking: 't', signature: 's' }],
    };
    const snapshot = structuredClone(assistant);
    convert({ messages: [...messages, assistant, { role: 'user', content: 'Go on' }] });
    assert.deepEqual(assistant, snapshot);
  });
});

describe('convertToOpenRouterMessages: provider_blocks', () => {
  it("never sends Anthropic's native blocks (server tool calls and results) to OpenRouter", () => {
    const assistant: ChatCompletionMessageParam = {
      role: 'assistant',
      content: 'Found it.',
      provider_blocks: {
        provider: 'anthropic',
        model: 'claude-sonnet-4-20250514',
        blocks: [{ type: 'server_tool_use', id: 'srvtoolu_1', name: 'web_search', input: { query: 'x' } }],
      },
    };
    for (const model of ['anthropic/claude-sonnet-4', 'openai/gpt-4o']) {
      assert.deepEqual(convertToOpenRouterMessages([{ role: 'user', content: 'Hi' }, assistant], model), [
        { role: 'user', content: 'Hi' },
        { role: 'assistant', content: 'Found it.' },
      ]);
    }
  });
});
