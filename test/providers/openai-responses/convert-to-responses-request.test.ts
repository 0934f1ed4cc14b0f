import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigurationError } from '../../../src/base/errors.js';
import { convertToResponsesRequest } from '../../../src/providers/openai-responses/convert-to-responses-request.js';
import type { ChatRequest } from '../../../src/base/types.js';

const options = { model: 'gpt-5-pro', stream: false, reasoning: false };
const convert = (request: Partial<ChatRequest>, opts: Partial<typeof options> = {}): Record<string, any> =>
  convertToResponsesRequest(
    { model: 'openai/gpt-5-pro', messages: [{ role: 'user', content: 'Hi' }], ...request },
    { ...options, ...opts },
  );

describe('convertToResponsesRequest', () => {
  it('is stateless: store false, the model id, the input list', () => {
    assert.deepEqual(convert({}), { model: 'gpt-5-pro', input: [{ role: 'user', content: 'Hi' }], store: false });
  });

  it('leading system and developer messages become instructions, later ones developer items', () => {
    const body = convert({
      messages: [
        { role: 'system', content: 'Be brief.' },
        {
          role: 'developer',
          content: [
            { type: 'text', text: 'Use ' },
            { type: 'text', text: 'metric.' },
          ],
        },
        { role: 'user', content: 'Hi' },
        { role: 'system', content: 'Now in French.' },
      ],
    });
    assert.equal(body['instructions'], 'Be brief.\n\nUse metric.');
    assert.deepEqual(body['input'], [
      { role: 'user', content: 'Hi' },
      { role: 'developer', content: 'Now in French.' },
    ]);
  });

  it('user text, image URLs, base64 images and files become input parts', () => {
    const body = convert({
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'Look' },
            { type: 'image_url', image_url: { url: 'https://example.com/a.png', detail: 'low' } },
            { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBOR' } },
            { type: 'file', file: { file_data: 'data:application/pdf;base64,JVBER', filename: 'a.pdf' } },
            { type: 'file', file: { file_id: 'file-123' } },
          ],
        },
      ],
    });
    assert.deepEqual(body['input'][0].content, [
      { type: 'input_text', text: 'Look' },
      { type: 'input_image', image_url: 'https://example.com/a.png', detail: 'low' },
      { type: 'input_image', image_url: 'data:image/png;base64,iVBOR', detail: 'auto' },
      { type: 'input_file', file_data: 'data:application/pdf;base64,JVBER', filename: 'a.pdf' },
      { type: 'input_file', file_id: 'file-123' },
    ]);
  });

  it('assistant text and tool calls become items, tool results function_call_output', () => {
    const body = convert({
      messages: [
        { role: 'user', content: 'Weather?' },
        {
          role: 'assistant',
          content: 'Checking.',
          tool_calls: [
            { id: 'call_1', type: 'function', function: { name: 'weather', arguments: '{"city":"Paris"}' } },
            { id: 'call_2', type: 'function', function: { name: 'weather', arguments: '{"city":"Oslo"}' } },
          ],
        },
        { role: 'tool', tool_call_id: 'call_1', content: '18C' },
        { role: 'tool', tool_call_id: 'call_2', content: [{ type: 'text', text: '9C' }] },
      ],
    });
    assert.deepEqual(body['input'], [
      { role: 'user', content: 'Weather?' },
      { role: 'assistant', content: 'Checking.' },
      { type: 'function_call', call_id: 'call_1', name: 'weather', arguments: '{"city":"Paris"}' },
      { type: 'function_call', call_id: 'call_2', name: 'weather', arguments: '{"city":"Oslo"}' },
      { type: 'function_call_output', call_id: 'call_1', output: '18C' },
      { type: 'function_call_output', call_id: 'call_2', output: '9C' },
    ]);
  });

  it("replays Responses reasoning right before the call it led to, and drops other providers' reasoning", () => {
    const body = convert({
      messages: [
        { role: 'user', content: 'Weather?' },
        {
          role: 'assistant',
          content: null,
          tool_calls: [
            { id: 'call_1', type: 'function', function: { name: 'a', arguments: '{}' } },
            { id: 'call_2', type: 'function', function: { name: 'b', arguments: '{}' } },
          ],
          reasoning_details: [
            { type: 'thinking', thinking: 'Anthropic thoughts', signature: 'sig' },
            { type: 'reasoning.encrypted', id: 'rs_2', data: 'ENC2', format: 'openai-responses-v1', index: 1, tool_call_id: 'call_2' },
            {
              type: 'reasoning.encrypted',
              id: 'rs_1',
              data: 'ENC1',
              summary: 'Think',
              format: 'openai-responses-v1',
              index: 0,
              tool_call_id: 'call_1',
            },
          ],
        },
        { role: 'tool', tool_call_id: 'call_1', content: 'x' },
      ],
    });
    assert.deepEqual(body['input'].slice(1), [
      { type: 'reasoning', id: 'rs_1', encrypted_content: 'ENC1', summary: [{ type: 'summary_text', text: 'Think' }] },
      { type: 'function_call', call_id: 'call_1', name: 'a', arguments: '{}' },
      { type: 'reasoning', id: 'rs_2', encrypted_content: 'ENC2', summary: [] },
      { type: 'function_call', call_id: 'call_2', name: 'b', arguments: '{}' },
      { type: 'function_call_output', call_id: 'call_1', output: 'x' },
    ]);
  });

  it('reasoning that led to no call goes before the text', () => {
    const body = convert({
      messages: [
        { role: 'user', content: 'Hi' },
        {
          role: 'assistant',
          content: 'Hello',
          reasoning_details: [{ type: 'reasoning.encrypted', id: 'rs_1', data: 'E', format: 'openai-responses-v1' }],
        },
        { role: 'user', content: 'Again' },
      ],
    });
    assert.deepEqual(body['input'].slice(1, 3), [
      { type: 'reasoning', id: 'rs_1', encrypted_content: 'E', summary: [] },
      { role: 'assistant', content: 'Hello' },
    ]);
  });

  it('function tools are flattened, built-in tools pass through, tool_choice and parallel_tool_calls map', () => {
    const body = convert({
      tools: [
        {
          type: 'function',
          function: {
            name: 'weather',
            description: 'Weather',
            parameters: { type: 'object', properties: { city: { type: 'string' } } },
            strict: true,
          },
        },
        { type: 'function', function: { name: 'now' } },
        { type: 'web_search', search_context_size: 'low' } as never,
      ],
      tool_choice: { type: 'function', function: { name: 'weather' } },
      parallel_tool_calls: false,
    });
    assert.deepEqual(body['tools'], [
      {
        type: 'function',
        name: 'weather',
        description: 'Weather',
        parameters: { type: 'object', properties: { city: { type: 'string' } } },
        strict: true,
      },
      { type: 'function', name: 'now', parameters: { type: 'object', properties: {} } },
      { type: 'web_search', search_context_size: 'low' },
    ]);
    assert.deepEqual(body['tool_choice'], { type: 'function', name: 'weather' });
    assert.equal(body['parallel_tool_calls'], false);
    assert.equal(convert({ tool_choice: 'required' })['tool_choice'], 'required');
    // The typed way to add built-in tools: extra_body.tools joins the function tools.
    const joined = convert({
      tools: [{ type: 'function', function: { name: 'now' } }],
      extra_body: { tools: [{ type: 'file_search', vector_store_ids: ['vs_1'] }] },
    });
    assert.deepEqual(joined['tools'], [
      { type: 'function', name: 'now', parameters: { type: 'object', properties: {} } },
      { type: 'file_search', vector_store_ids: ['vs_1'] },
    ]);
    assert.deepEqual(convert({ extra_body: { tools: [{ type: 'web_search' }] } })['tools'], [{ type: 'web_search' }]);
  });

  it('response_format json_schema -> text.format; reasoning_effort -> reasoning.effort; token limits -> max_output_tokens', () => {
    const body = convert({
      response_format: { type: 'json_schema', json_schema: { name: 'answer', schema: { type: 'object' }, strict: true, description: 'd' } },
      reasoning_effort: 'high',
      max_tokens: 100,
      temperature: 0.2,
    });
    assert.deepEqual(body['text'], {
      format: { type: 'json_schema', name: 'answer', schema: { type: 'object' }, description: 'd', strict: true },
    });
    assert.deepEqual(body['reasoning'], { effort: 'high' });
    assert.equal(body['max_output_tokens'], 100);
    assert.equal(body['temperature'], 0.2);
    assert.equal(convert({ max_tokens: 100, max_completion_tokens: 50 })['max_output_tokens'], 50);
    assert.deepEqual(convert({ response_format: { type: 'json_object' } })['text'], { format: { type: 'json_object' } });
  });

  it('asks for encrypted reasoning only for reasoning models; streams when asked; extra_body merges one level deep', () => {
    assert.equal(convert({})['include'], undefined);
    const body = convert(
      {
        reasoning_effort: 'low',
        extra_body: { reasoning: { summary: 'auto' }, include: ['file_search_call.results'], service_tier: 'flex' },
      },
      { reasoning: true, stream: true },
    );
    assert.deepEqual(body['include'], ['reasoning.encrypted_content', 'file_search_call.results']);
    assert.deepEqual(body['reasoning'], { effort: 'low', summary: 'auto' });
    assert.equal(body['stream'], true);
    assert.equal(body['service_tier'], 'flex');
  });

  it('refuses stop and the other fields the API has no equivalent for, naming them', () => {
    assert.throws(
      () => convert({ stop: ['\n'] }),
      (e: unknown) => e instanceof ConfigurationError && /"stop"/.test(e.message) && /Responses API/.test(e.message),
    );
    assert.throws(() => convert({ stop: 'END' }), ConfigurationError);
    assert.throws(() => convert({ n: 2 }), /"n"/);
    assert.throws(() => convert({ seed: 1 }), /"seed"/);
    assert.doesNotThrow(() => convert({ stop: null, n: 1, stop_unused: undefined } as never));
    assert.throws(
      () => convert({ messages: [{ role: 'user', content: [{ type: 'input_audio', input_audio: { data: 'x', format: 'wav' } }] }] }),
      ConfigurationError,
    );
    assert.throws(() => convert({ messages: [{ role: 'function', name: 'f', content: 'x' }] }), ConfigurationError);
  });
});
