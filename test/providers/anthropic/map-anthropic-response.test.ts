import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mapAnthropicResponse } from '../../../src/providers/anthropic/map-anthropic-response.js';
import { mapAnthropicStopReason, providerFinishReason } from '../../../src/providers/anthropic/map-anthropic-stop-reason.js';
import { mapAnthropicUsage, mergeAnthropicUsage } from '../../../src/providers/anthropic/map-anthropic-usage.js';
import { readMessage } from './anthropic-test-support.js';

describe('mapAnthropicStopReason', () => {
  it('maps every documented reason', () => {
    assert.equal(mapAnthropicStopReason('end_turn'), 'stop');
    assert.equal(mapAnthropicStopReason('stop_sequence'), 'stop');
    assert.equal(mapAnthropicStopReason('max_tokens'), 'length');
    assert.equal(mapAnthropicStopReason('tool_use'), 'tool_calls');
    assert.equal(mapAnthropicStopReason('refusal'), 'content_filter');
    assert.equal(mapAnthropicStopReason('pause_turn'), 'stop');
    assert.equal(mapAnthropicStopReason('model_context_window_exceeded'), 'length');
    assert.equal(mapAnthropicStopReason(null), 'stop');
    assert.equal(mapAnthropicStopReason('something_new'), 'stop');
  });

  it('reports the raw reason only where the mapping approximates', () => {
    assert.equal(providerFinishReason('end_turn'), undefined);
    assert.equal(providerFinishReason('refusal'), undefined);
    assert.equal(providerFinishReason('pause_turn'), 'pause_turn');
    assert.equal(providerFinishReason('something_new'), 'something_new');
    assert.equal(providerFinishReason(null), undefined);
  });
});

describe('mapAnthropicUsage', () => {
  it('counts cache reads and writes in prompt_tokens and breaks them out', () => {
    assert.deepEqual(
      mapAnthropicUsage({ input_tokens: 25, cache_creation_input_tokens: 1024, cache_read_input_tokens: 2048, output_tokens: 15 }),
      {
        prompt_tokens: 25 + 1024 + 2048,
        completion_tokens: 15,
        total_tokens: 25 + 1024 + 2048 + 15,
        prompt_tokens_details: { cached_tokens: 2048, cache_creation_tokens: 1024 },
      },
    );
  });

  it('treats missing or null counts as zero', () => {
    assert.deepEqual(mapAnthropicUsage({ input_tokens: 10, output_tokens: 3, cache_read_input_tokens: null }), {
      prompt_tokens: 10,
      completion_tokens: 3,
      total_tokens: 13,
      prompt_tokens_details: { cached_tokens: 0, cache_creation_tokens: 0 },
    });
  });

  it('sums every iteration of a compacted response, not just the top-level (final step) counts', () => {
    // Spec-shaped: the top level says 181 prompt tokens; the compaction step read 55,196 more.
    assert.deepEqual(
      mapAnthropicUsage({
        input_tokens: 181,
        output_tokens: 96,
        cache_read_input_tokens: 300,
        cache_creation_input_tokens: 40,
        cache_creation: { ephemeral_5m_input_tokens: 0, ephemeral_1h_input_tokens: 40 },
        iterations: [
          {
            type: 'compaction',
            input_tokens: 55_196,
            output_tokens: 1820,
            cache_read_input_tokens: 1000,
            cache_creation_input_tokens: 500,
            cache_creation: { ephemeral_5m_input_tokens: 400, ephemeral_1h_input_tokens: 100 },
          },
          {
            type: 'message',
            input_tokens: 181,
            output_tokens: 96,
            cache_read_input_tokens: 300,
            cache_creation_input_tokens: 40,
            cache_creation: { ephemeral_5m_input_tokens: 0, ephemeral_1h_input_tokens: 40 },
          },
        ],
      }),
      {
        prompt_tokens: 55_196 + 181 + 1000 + 300 + 500 + 40,
        completion_tokens: 1820 + 96,
        total_tokens: 55_196 + 181 + 1000 + 300 + 500 + 40 + 1820 + 96,
        prompt_tokens_details: { cached_tokens: 1300, cache_creation_tokens: 540, cache_creation_1h_tokens: 140 },
      },
    );
  });

  it('uses the top-level counts when iterations is empty or null', () => {
    const expected = {
      prompt_tokens: 181,
      completion_tokens: 96,
      total_tokens: 277,
      prompt_tokens_details: { cached_tokens: 0, cache_creation_tokens: 0 },
    };
    assert.deepEqual(mapAnthropicUsage({ input_tokens: 181, output_tokens: 96, iterations: [] }), expected);
    assert.deepEqual(mapAnthropicUsage({ input_tokens: 181, output_tokens: 96, iterations: null }), expected);
  });

  it('keeps the server tool counts of a later stream usage report', () => {
    const merged = mergeAnthropicUsage(
      { input_tokens: 10, output_tokens: 1 },
      { output_tokens: 5, server_tool_use: { web_search_requests: 2 } },
    );
    assert.deepEqual(mapAnthropicUsage(merged).server_tool_use, { web_search_requests: 2 });
  });

  it('keeps the iterations of a later stream usage report', () => {
    const iterations = [{ type: 'compaction', input_tokens: 55_196, output_tokens: 1820 }];
    assert.deepEqual(mergeAnthropicUsage({ input_tokens: 181, output_tokens: 1 }, { output_tokens: 96, iterations }), {
      input_tokens: 181,
      output_tokens: 96,
      iterations,
    });
  });

  it('lets later cumulative stream counts replace earlier ones', () => {
    assert.deepEqual(mergeAnthropicUsage({ input_tokens: 25, output_tokens: 1, cache_read_input_tokens: 5 }, { output_tokens: 15 }), {
      input_tokens: 25,
      output_tokens: 15,
      cache_read_input_tokens: 5,
    });
  });
});

describe('mapAnthropicResponse', () => {
  it('maps a text message with cache usage', () => {
    const response = mapAnthropicResponse(readMessage('text'), { provider: 'anthropic', created: 1_750_000_000 });
    assert.deepEqual(response, {
      id: 'msg_01XFDUDYJgAACzvnptvVoYEL',
      object: 'chat.completion',
      created: 1_750_000_000,
      model: 'claude-sonnet-4-5-20250929',
      provider: 'anthropic',
      choices: [
        {
          index: 0,
          message: { role: 'assistant', content: 'Bonjour 👋 — café naïve, 你好世界!', refusal: null },
          finish_reason: 'stop',
          logprobs: null,
        },
      ],
      usage: {
        prompt_tokens: 3097,
        completion_tokens: 15,
        total_tokens: 3112,
        prompt_tokens_details: { cached_tokens: 2048, cache_creation_tokens: 1024 },
      },
    });
  });

  it('maps tool_use blocks to tool_calls with ids kept and input serialised', () => {
    const response = mapAnthropicResponse(readMessage('tool-use'), { provider: 'anthropic' });
    const choice = response.choices[0]!;
    assert.equal(choice.finish_reason, 'tool_calls');
    assert.equal(choice.message.content, "Okay, let's check the weather and the time in San Francisco, CA:");
    assert.deepEqual(choice.message.tool_calls, [
      {
        id: 'toolu_01T1x1fJ34qAmk2tNTrN7Up6',
        type: 'function',
        function: { name: 'get_weather', arguments: '{"location":"San Francisco, CA","unit":"fahrenheit"}' },
      },
      { id: 'toolu_01HbC8qWJ5WqAn3Mu4eT9ZpE', type: 'function', function: { name: 'get_time', arguments: '{}' } },
    ]);
    assert.ok(Math.abs(response.created - Date.now() / 1000) < 5);
  });

  it('maps thinking to reasoning_content and signed reasoning_details', () => {
    const message = readMessage('thinking');
    const response = mapAnthropicResponse(message, { provider: 'anthropic' });
    const out = response.choices[0]!.message;
    assert.equal(out.content, 'The greatest common divisor of 1071 and 462 is **21**.');
    assert.equal(out.reasoning_content, message.content[0]!.thinking);
    assert.deepEqual(out.reasoning_details, [
      {
        type: 'thinking',
        thinking: message.content[0]!.thinking,
        signature: message.content[0]!.signature,
        origin: { provider: 'anthropic', model: 'claude-sonnet-4-5-20250929' },
      },
      { type: 'redacted_thinking', data: message.content[1]!.data, origin: { provider: 'anthropic', model: 'claude-sonnet-4-5-20250929' } },
    ]);
  });

  it('keeps pause_turn visible as provider_finish_reason, and maps refusal to content_filter', () => {
    const base = readMessage('text');
    const paused = mapAnthropicResponse({ ...base, stop_reason: 'pause_turn' }, { provider: 'anthropic' });
    assert.equal(paused.choices[0]!.finish_reason, 'stop');
    assert.equal((paused.choices[0] as { provider_finish_reason?: string }).provider_finish_reason, 'pause_turn');
    const refused = mapAnthropicResponse({ ...base, content: [], stop_reason: 'refusal' }, { provider: 'anthropic' });
    assert.equal(refused.choices[0]!.finish_reason, 'content_filter');
    assert.equal(refused.choices[0]!.message.content, null);
    assert.equal('provider_finish_reason' in refused.choices[0]!, false);
  });

  it('skips server-tool blocks it has no form for', () => {
    const base = readMessage('text');
    const response = mapAnthropicResponse(
      {
        ...base,
        content: [
          { type: 'server_tool_use', id: 'srvtoolu_1', name: 'web_search', input: { query: 'x' } },
          { type: 'text', text: 'Found it.' },
        ],
      },
      { provider: 'anthropic' },
    );
    assert.equal(response.choices[0]!.message.content, 'Found it.');
    assert.equal(response.choices[0]!.message.tool_calls, undefined);
  });
});
