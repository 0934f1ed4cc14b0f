import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RateLimitError, BadRequestError, ContextWindowExceededError, InternalServerError } from '../../../src/base/errors.js';
import { mapResponsesFailure } from '../../../src/providers/openai-responses/map-responses-error.js';
import { mapResponsesResponse } from '../../../src/providers/openai-responses/map-responses-response.js';
import { mapResponsesUsage } from '../../../src/providers/openai-responses/map-responses-usage.js';

const base = { id: 'resp_1', object: 'response' as const, created_at: 1760000000, model: 'gpt-5-pro-2025-10-06', status: 'completed' };

describe('mapResponsesResponse', () => {
  it('text with url citations re-indexed into the joined text, usage with cached and reasoning tokens', () => {
    const res = mapResponsesResponse(
      {
        ...base,
        output: [
          { type: 'web_search_call', id: 'ws_1', status: 'completed' },
          {
            type: 'message',
            id: 'msg_1',
            role: 'assistant',
            content: [
              { type: 'output_text', text: 'Hello ', annotations: [] },
              {
                type: 'output_text',
                text: 'Paris is sunny.',
                annotations: [
                  { type: 'url_citation', start_index: 0, end_index: 5, url: 'https://w.example/p', title: 'P' },
                  { type: 'file_citation', index: 0 },
                ],
              },
            ],
          },
        ],
        usage: {
          input_tokens: 100,
          input_tokens_details: { cached_tokens: 40 },
          output_tokens: 30,
          output_tokens_details: { reasoning_tokens: 20 },
          total_tokens: 130,
        },
        service_tier: 'default',
      },
      'openai',
    );
    assert.equal(res.object, 'chat.completion');
    assert.equal(res.id, 'resp_1');
    assert.equal(res.created, 1760000000);
    assert.equal(res.model, 'gpt-5-pro-2025-10-06');
    assert.equal(res.provider, 'openai');
    assert.equal(res.service_tier, 'default');
    const choice = res.choices[0]!;
    assert.equal(choice.finish_reason, 'stop');
    assert.equal(choice.message.content, 'Hello Paris is sunny.');
    assert.deepEqual(choice.message.annotations, [
      { type: 'url_citation', url_citation: { start_index: 6, end_index: 11, url: 'https://w.example/p', title: 'P' } },
    ]);
    assert.equal(choice.message.content!.slice(6, 11), 'Paris');
    assert.deepEqual(res.usage, {
      prompt_tokens: 100,
      completion_tokens: 30,
      total_tokens: 130,
      prompt_tokens_details: { cached_tokens: 40 },
      completion_tokens_details: { reasoning_tokens: 20 },
    });
  });

  it('function calls with the reasoning that led to them, summaries as reasoning_content', () => {
    const res = mapResponsesResponse(
      {
        ...base,
        output: [
          {
            type: 'reasoning',
            id: 'rs_1',
            summary: [
              { type: 'summary_text', text: 'Need weather.' },
              { type: 'summary_text', text: 'Call tool.' },
            ],
            encrypted_content: 'ENC1',
          },
          { type: 'function_call', id: 'fc_1', call_id: 'call_1', name: 'weather', arguments: '{"city":"Paris"}', status: 'completed' },
          { type: 'reasoning', id: 'rs_2', summary: [], encrypted_content: 'ENC2' },
          { type: 'function_call', id: 'fc_2', call_id: 'call_2', name: 'weather', arguments: '{"city":"Oslo"}', status: 'completed' },
          { type: 'reasoning', id: 'rs_3', summary: [] },
        ],
      },
      'openai',
    );
    const message = res.choices[0]!.message;
    assert.equal(res.choices[0]!.finish_reason, 'tool_calls');
    assert.equal(message.content, null);
    assert.equal(message.reasoning_content, 'Need weather.\n\nCall tool.');
    assert.deepEqual(message.tool_calls, [
      { id: 'call_1', type: 'function', function: { name: 'weather', arguments: '{"city":"Paris"}' } },
      { id: 'call_2', type: 'function', function: { name: 'weather', arguments: '{"city":"Oslo"}' } },
    ]);
    assert.deepEqual(message.reasoning_details, [
      {
        type: 'reasoning.encrypted',
        id: 'rs_1',
        data: 'ENC1',
        format: 'openai-responses-v1',
        index: 0,
        summary: 'Need weather.\n\nCall tool.',
        tool_call_id: 'call_1',
      },
      { type: 'reasoning.encrypted', id: 'rs_2', data: 'ENC2', format: 'openai-responses-v1', index: 1, tool_call_id: 'call_2' },
    ]);
  });

  it('raw reasoning text (open-weight models on vLLM or Ollama) when there is no summary', () => {
    const res = mapResponsesResponse(
      {
        ...base,
        output: [
          { type: 'reasoning', id: 'rs_1', summary: [], content: [{ type: 'reasoning_text', text: 'User says hi.' }] },
          { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'Hi!' }] },
        ],
      },
      'vllm',
    );
    assert.equal(res.choices[0]!.message.reasoning_content, 'User says hi.');
    assert.equal(res.choices[0]!.message.content, 'Hi!');
    assert.equal(res.choices[0]!.message.reasoning_details, undefined, 'nothing to send back without encrypted content');
  });

  it('refusals, and incomplete answers as length or content_filter', () => {
    const refused = mapResponsesResponse(
      { ...base, output: [{ type: 'message', role: 'assistant', content: [{ type: 'refusal', refusal: 'No.' }] }] },
      'openai',
    );
    assert.equal(refused.choices[0]!.message.refusal, 'No.');
    assert.equal(refused.choices[0]!.message.content, null);
    const long = mapResponsesResponse(
      { ...base, status: 'incomplete', incomplete_details: { reason: 'max_output_tokens' }, output: [] },
      'openai',
    );
    assert.equal(long.choices[0]!.finish_reason, 'length');
    const filtered = mapResponsesResponse(
      { ...base, status: 'incomplete', incomplete_details: { reason: 'content_filter' }, output: [] },
      'openai',
    );
    assert.equal(filtered.choices[0]!.finish_reason, 'content_filter');
  });

  it('survives hostile shapes: no output, junk items, junk usage', () => {
    const res = mapResponsesResponse(
      {
        output: [null, 5, { type: 'message', content: 'x' }, { type: 'function_call' }] as never,
        usage: { input_tokens: -3, output_tokens: 'x' } as never,
      },
      'openai',
    );
    assert.equal(res.choices[0]!.message.content, null);
    assert.deepEqual(res.usage, { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 });
    assert.equal(mapResponsesUsage(null), undefined);
  });
});

describe('mapResponsesFailure', () => {
  const context = { provider: 'openai', model: 'gpt-5-pro', secrets: ['sk-secret-key-123456'] };
  it('types failures by code; insufficient_quota is a RateLimitError not worth retrying', () => {
    const quota = mapResponsesFailure({ code: 'insufficient_quota', message: 'You exceeded your current quota' }, context, 'req_1');
    assert.ok(quota instanceof RateLimitError);
    assert.equal(quota.retryable, false);
    assert.equal(quota.code, 'insufficient_quota');
    assert.equal(quota.requestId, 'req_1');
    const limited = mapResponsesFailure({ code: 'rate_limit_exceeded', message: 'slow down' }, context, undefined);
    assert.ok(limited instanceof RateLimitError);
    assert.equal(limited.retryable, true);
    assert.ok(mapResponsesFailure({ code: 'server_error', message: 'oops' }, context, undefined) instanceof InternalServerError);
    assert.ok(
      mapResponsesFailure({ code: 'context_length_exceeded', message: 'too long' }, context, undefined) instanceof
        ContextWindowExceededError,
    );
    assert.ok(mapResponsesFailure({ code: 'invalid_prompt', message: 'bad' }, context, undefined) instanceof BadRequestError);
    assert.ok(mapResponsesFailure(null, context, undefined) instanceof InternalServerError);
    const leaky = mapResponsesFailure({ code: 'server_error', message: 'key sk-secret-key-123456 leaked' }, context, undefined);
    assert.ok(!JSON.stringify({ m: leaky.message, b: leaky.body, p: leaky.providerMessage }).includes('sk-secret-key-123456'));
  });
});
