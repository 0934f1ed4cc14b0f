import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigurationError } from '../../../src/base/errors.js';
import { convertToAnthropicMessages } from '../../../src/providers/anthropic/convert-to-anthropic-messages.js';
import { DEFAULT_MAX_TOKENS, convertToAnthropicRequest } from '../../../src/providers/anthropic/convert-to-anthropic-request.js';
import { convertToAnthropicToolChoice } from '../../../src/providers/anthropic/convert-to-anthropic-tools.js';
import { toCountTokensBody } from '../../../src/providers/anthropic/count-anthropic-tokens.js';
import type { ChatCompletionMessageParam, ChatRequest } from '../../../src/base/types.js';

const MODEL = 'claude-sonnet-4-5-20250929';
const convert = (request: Omit<ChatRequest, 'model'>, stream = false) =>
  convertToAnthropicRequest({ model: `anthropic/${MODEL}`, ...request }, { model: MODEL, stream });
const hi: ChatCompletionMessageParam[] = [{ role: 'user', content: 'Hi' }];

describe('convertToAnthropicMessages', () => {
  it('hoists one system message as a string and leaves plain user text as a string', () => {
    const prompt = convertToAnthropicMessages([
      { role: 'system', content: 'You are terse.' },
      { role: 'user', content: 'Hi' },
    ]);
    assert.deepEqual(prompt, { system: 'You are terse.', messages: [{ role: 'user', content: 'Hi' }] });
  });

  it('hoists several system and developer messages into text blocks, keeping cache_control', () => {
    const prompt = convertToAnthropicMessages([
      { role: 'system', content: [{ type: 'text', text: 'Long shared context', cache_control: { type: 'ephemeral' } }] },
      { role: 'user', content: 'Hi' },
      { role: 'developer', content: 'Answer in French.' },
      { role: 'user', content: 'Again' },
    ]);
    assert.deepEqual(prompt.system, [
      { type: 'text', text: 'Long shared context', cache_control: { type: 'ephemeral' } },
      { type: 'text', text: 'Answer in French.' },
    ]);
    // With the developer message hoisted the two user turns touch, and Anthropic needs them merged.
    assert.deepEqual(prompt.messages, [
      {
        role: 'user',
        content: [
          { type: 'text', text: 'Hi' },
          { type: 'text', text: 'Again' },
        ],
      },
    ]);
  });

  it('a single cached system part stays an array so its cache_control survives', () => {
    const prompt = convertToAnthropicMessages([
      { role: 'system', content: [{ type: 'text', text: 'ctx', cache_control: { type: 'ephemeral', ttl: '1h' } }] },
      { role: 'user', content: 'Hi' },
    ]);
    assert.deepEqual(prompt.system, [{ type: 'text', text: 'ctx', cache_control: { type: 'ephemeral', ttl: '1h' } }]);
  });

  it('merges consecutive assistant messages too', () => {
    const prompt = convertToAnthropicMessages([
      { role: 'user', content: 'Hi' },
      { role: 'assistant', content: 'One.' },
      { role: 'assistant', content: 'Two.' },
    ]);
    assert.deepEqual(prompt.messages[1], {
      role: 'assistant',
      content: [
        { type: 'text', text: 'One.' },
        { type: 'text', text: 'Two.' },
      ],
    });
  });

  it('turns assistant tool_calls into tool_use and grouped tool messages into one user turn', () => {
    const prompt = convertToAnthropicMessages([
      { role: 'user', content: 'Weather and time in Paris?' },
      {
        role: 'assistant',
        content: 'Checking.',
        tool_calls: [
          { id: 'toolu_01A', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } },
          { id: 'toolu_01B', type: 'function', function: { name: 'get_time', arguments: '' } },
        ],
      },
      { role: 'tool', tool_call_id: 'toolu_01A', content: '18°C' },
      { role: 'tool', tool_call_id: 'toolu_01B', content: [{ type: 'text', text: '14:05', cache_control: { type: 'ephemeral' } }] },
      { role: 'user', content: 'Thanks, and tomorrow?' },
    ]);
    assert.deepEqual(prompt.messages, [
      { role: 'user', content: 'Weather and time in Paris?' },
      {
        role: 'assistant',
        content: [
          { type: 'text', text: 'Checking.' },
          { type: 'tool_use', id: 'toolu_01A', name: 'get_weather', input: { city: 'Paris' } },
          { type: 'tool_use', id: 'toolu_01B', name: 'get_time', input: {} },
        ],
      },
      {
        role: 'user',
        content: [
          { type: 'tool_result', tool_use_id: 'toolu_01A', content: '18°C' },
          {
            type: 'tool_result',
            tool_use_id: 'toolu_01B',
            content: [{ type: 'text', text: '14:05', cache_control: { type: 'ephemeral' } }],
          },
          { type: 'text', text: 'Thanks, and tomorrow?' },
        ],
      },
    ]);
  });

  it('answers a legacy function message with the id of the call of that name', () => {
    const prompt = convertToAnthropicMessages([
      { role: 'user', content: 'Weather?' },
      {
        role: 'assistant',
        content: null,
        tool_calls: [{ id: 'toolu_01A', type: 'function', function: { name: 'get_weather', arguments: '{}' } }],
      },
      { role: 'function', name: 'get_weather', content: 'sunny' },
    ]);
    assert.deepEqual(prompt.messages[2], { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_01A', content: 'sunny' }] });
  });

  it('accepts a legacy assistant function_call and its function result', () => {
    const legacy = { role: 'assistant', content: null, function_call: { name: 'get_weather', arguments: '{"city":"Oslo"}' } };
    const prompt = convertToAnthropicMessages([
      { role: 'user', content: 'Weather?' },
      legacy as ChatCompletionMessageParam,
      { role: 'function', name: 'get_weather', content: 'snow' },
    ]);
    assert.deepEqual(prompt.messages.slice(1), [
      { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_legacy_1', name: 'get_weather', input: { city: 'Oslo' } }] },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_legacy_1', content: 'snow' }] },
    ]);
  });

  it('refuses a function message with no call to answer', () => {
    assert.throws(() => convertToAnthropicMessages([...hi, { role: 'function', name: 'lookup', content: 'x' }]), ConfigurationError);
  });

  it('refuses invalid JSON arguments with a clear ConfigurationError', () => {
    const messages: ChatCompletionMessageParam[] = [
      ...hi,
      { role: 'assistant', tool_calls: [{ id: 'toolu_01A', type: 'function', function: { name: 'f', arguments: '{"city": Paris}' } }] },
    ];
    assert.throws(
      () => convertToAnthropicMessages(messages),
      (error: unknown) => {
        assert.ok(error instanceof ConfigurationError);
        assert.match(error.message, /messages\[1\]\.tool_calls\[0\]\.function\.arguments is not valid JSON/);
        return true;
      },
    );
    const notObject: ChatCompletionMessageParam[] = [
      ...hi,
      { role: 'assistant', tool_calls: [{ id: 'toolu_01A', type: 'function', function: { name: 'f', arguments: '[1,2]' } }] },
    ];
    assert.throws(() => convertToAnthropicMessages(notObject), /must be a JSON object/);
  });

  it('names the message, part or call each refusal is about (labels are built only for a refusal)', () => {
    const call = (args: string) => ({ id: 'toolu_01A', type: 'function' as const, function: { name: 'f', arguments: args } });
    const part = (content: unknown): ChatCompletionMessageParam[] => [
      ...hi,
      { role: 'user', content: [{ type: 'text', text: 'see' }, content] } as ChatCompletionMessageParam,
    ];
    const cases: [string, ChatCompletionMessageParam[], RegExp][] = [
      [
        'audio',
        part({ type: 'input_audio', input_audio: { data: 'AA', format: 'wav' } }),
        /^messages\[1\]\.content\[1\]: Anthropic does not accept audio/,
      ],
      ['unknown part', part({ type: 'video', url: 'x' }), /^messages\[1\]\.content\[1\]: unsupported content part type "video"$/],
      [
        'image URL',
        part({ type: 'image_url', image_url: { url: 'ftp://host/cat.jpg' } }),
        /^messages\[1\]\.content\[1\]: an image must be an http\(s\) URL/,
      ],
      [
        'image data URL',
        part({ type: 'image_url', image_url: { url: 'data:image/png,abc' } }),
        /^messages\[1\]\.content\[1\]: image data URLs must be base64/,
      ],
      ['file data', part({ type: 'file', file: { file_data: 'JVBERi0' } }), /^messages\[1\]\.content\[1\]: file_data must be a data URL/],
      [
        'file type',
        part({ type: 'file', file: { file_data: 'data:application/zip;base64,UEs=' } }),
        /^messages\[1\]\.content\[1\]: Anthropic accepts PDF .* not application\/zip$/,
      ],
      ['empty file', part({ type: 'file', file: {} }), /^messages\[1\]\.content\[1\]: a file part needs file_data or file_id$/],
      [
        'custom tool call',
        [
          ...hi,
          {
            role: 'assistant',
            tool_calls: [call('{}'), { id: 'c', type: 'custom', custom: { name: 'g', input: 'x' } }],
          } as ChatCompletionMessageParam,
        ],
        /^messages\[1\]\.tool_calls\[1\]: Anthropic supports function tool calls only, not "custom"$/,
      ],
      [
        'legacy call arguments',
        [...hi, { role: 'assistant', content: null, function_call: { name: 'f', arguments: '{x' } } as ChatCompletionMessageParam],
        /^messages\[1\]\.function_call\.function\.arguments is not valid JSON: "\{x"$/,
      ],
      [
        'arguments not an object',
        [...hi, { role: 'assistant', tool_calls: [call('[1]')] }],
        /^messages\[1\]\.tool_calls\[0\]\.function\.arguments must be a JSON object, got "\[1\]"$/,
      ],
      [
        'tool result without a call',
        [...hi, { role: 'tool', tool_call_id: 'toolu_x', content: '2' }],
        /^messages\[1\]: a tool result for "toolu_x" answers no tool call/,
      ],
      [
        'function result without a call',
        [...hi, { role: 'function', name: 'lookup', content: 'x' }],
        /^messages\[1\]: a "function" message answers an assistant tool call, but none named "lookup"/,
      ],
      [
        'unknown role',
        [...hi, { role: 'robot', content: 'x' } as unknown as ChatCompletionMessageParam],
        /^messages\[1\]: unknown role "robot"$/,
      ],
    ];
    for (const [name, messages, expected] of cases) {
      assert.throws(
        () => convertToAnthropicMessages(messages),
        (error: unknown) => error instanceof ConfigurationError && expected.test(error.message),
        name,
      );
    }
  });

  it('converts images: data URLs to base64 sources, http(s) URLs to url sources', () => {
    const prompt = convertToAnthropicMessages([
      {
        role: 'user',
        content: [
          { type: 'text', text: 'Compare these.' },
          { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=', detail: 'high' } },
          { type: 'image_url', image_url: { url: 'https://upload.example.org/cat.jpg' }, cache_control: { type: 'ephemeral' } },
        ],
      },
    ]);
    assert.deepEqual(prompt.messages[0]!.content, [
      { type: 'text', text: 'Compare these.' },
      { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBORw0KGgo=' } },
      { type: 'image', source: { type: 'url', url: 'https://upload.example.org/cat.jpg' }, cache_control: { type: 'ephemeral' } },
    ]);
  });

  it('refuses images it cannot express', () => {
    const bad = (url: string): ChatCompletionMessageParam[] => [{ role: 'user', content: [{ type: 'image_url', image_url: { url } }] }];
    assert.throws(() => convertToAnthropicMessages(bad('ftp://host/cat.jpg')), ConfigurationError);
    assert.throws(() => convertToAnthropicMessages(bad('data:image/svg+xml,<svg/>')), /base64/);
  });

  it('converts PDF and plain-text file parts to document blocks', () => {
    const prompt = convertToAnthropicMessages([
      {
        role: 'user',
        content: [
          { type: 'file', file: { file_data: 'data:application/pdf;base64,JVBERi0xLjQ=', filename: 'report.pdf' } },
          { type: 'file', file: { file_data: `data:text/plain;base64,${Buffer.from('héllo').toString('base64')}` } },
          { type: 'file', file: { file_id: 'file_011CNha8iCJcU1wXNR6q4V8w' } },
        ],
      },
    ]);
    assert.deepEqual(prompt.messages[0]!.content, [
      { type: 'document', source: { type: 'base64', media_type: 'application/pdf', data: 'JVBERi0xLjQ=' }, title: 'report.pdf' },
      { type: 'document', source: { type: 'text', media_type: 'text/plain', data: 'héllo' } },
      { type: 'document', source: { type: 'file', file_id: 'file_011CNha8iCJcU1wXNR6q4V8w' } },
    ]);
    const docx: ChatCompletionMessageParam[] = [
      { role: 'user', content: [{ type: 'file', file: { file_data: 'data:application/msword;base64,AAAA' } }] },
    ];
    assert.throws(() => convertToAnthropicMessages(docx), /PDF/);
  });

  it('refuses audio input', () => {
    const audio: ChatCompletionMessageParam[] = [
      { role: 'user', content: [{ type: 'input_audio', input_audio: { data: 'AAAA', format: 'wav' } }] },
    ];
    assert.throws(() => convertToAnthropicMessages(audio), /audio/);
  });

  it('sends signed reasoning back as thinking blocks before the text and tool calls', () => {
    const prompt = convertToAnthropicMessages([
      { role: 'user', content: 'GCD of 1071 and 462?' },
      {
        role: 'assistant',
        content: 'Let me compute.',
        reasoning_content: 'Euclid...',
        reasoning_details: [
          { type: 'thinking', thinking: 'Euclid...', signature: 'EqQBCgIYAhIM' },
          { type: 'redacted_thinking', data: 'EmwKAhgBEgy3' },
          { type: 'reasoning.text', thinking: 'from another provider' },
          { type: 'thinking', thinking: 'unsigned' },
        ],
        tool_calls: [{ id: 'toolu_01A', type: 'function', function: { name: 'gcd', arguments: '{"a":1071,"b":462}' } }],
      },
      { role: 'tool', tool_call_id: 'toolu_01A', content: '21' },
    ]);
    assert.deepEqual(prompt.messages[1], {
      role: 'assistant',
      content: [
        { type: 'thinking', thinking: 'Euclid...', signature: 'EqQBCgIYAhIM' },
        { type: 'redacted_thinking', data: 'EmwKAhgBEgy3' },
        { type: 'text', text: 'Let me compute.' },
        { type: 'tool_use', id: 'toolu_01A', name: 'gcd', input: { a: 1071, b: 462 } },
      ],
    });
  });

  it('keeps a last assistant message as the prefill and drops empty assistant text', () => {
    const prompt = convertToAnthropicMessages([
      { role: 'user', content: 'List three colours as JSON.' },
      { role: 'assistant', content: '' },
      { role: 'user', content: 'Go on.' },
      { role: 'assistant', content: '["red",' },
    ]);
    assert.deepEqual(prompt.messages, [
      {
        role: 'user',
        content: [
          { type: 'text', text: 'List three colours as JSON.' },
          { type: 'text', text: 'Go on.' },
        ],
      },
      { role: 'assistant', content: '["red",' },
    ]);
  });
});

describe('convertToAnthropicToolChoice', () => {
  it('maps every OpenAI choice', () => {
    assert.deepEqual(convertToAnthropicToolChoice('auto', undefined), { type: 'auto' });
    assert.deepEqual(convertToAnthropicToolChoice('none', false), { type: 'none' });
    assert.deepEqual(convertToAnthropicToolChoice('required', undefined), { type: 'any' });
    assert.deepEqual(convertToAnthropicToolChoice({ type: 'function', function: { name: 'get_weather' } }, false), {
      type: 'tool',
      name: 'get_weather',
      disable_parallel_tool_use: true,
    });
    assert.deepEqual(convertToAnthropicToolChoice(undefined, false), { type: 'auto', disable_parallel_tool_use: true });
    assert.equal(convertToAnthropicToolChoice(undefined, true), undefined);
  });
});

describe('convertToAnthropicRequest', () => {
  it('always sets max_tokens, defaulting to the documented constant', () => {
    assert.deepEqual(convert({ messages: hi }), {
      model: MODEL,
      messages: [{ role: 'user', content: 'Hi' }],
      max_tokens: DEFAULT_MAX_TOKENS,
    });
    assert.equal(convert({ messages: hi, max_tokens: 300 })['max_tokens'], 300);
    assert.equal(convert({ messages: hi, max_tokens: 300, max_completion_tokens: 500 })['max_tokens'], 500);
  });

  it('maps sampling, stop, user and stream', () => {
    const body = convert(
      {
        messages: hi,
        temperature: 0.2,
        top_p: 0.9,
        stop: 'END',
        user: 'user-42',
        seed: 7,
        presence_penalty: 0.5,
        frequency_penalty: 0.1,
        logprobs: true,
        logit_bias: { '50256': -100 },
        metadata: { run: 'a' },
      },
      true,
    );
    assert.deepEqual(body, {
      model: MODEL,
      messages: [{ role: 'user', content: 'Hi' }],
      max_tokens: DEFAULT_MAX_TOKENS,
      temperature: 0.2,
      top_p: 0.9,
      stop_sequences: ['END'],
      metadata: { user_id: 'user-42' },
      stream: true,
    });
    assert.deepEqual(convert({ messages: hi, stop: ['a', 'b'] })['stop_sequences'], ['a', 'b']);
    assert.equal('stop_sequences' in convert({ messages: hi, stop: null }), false);
  });

  it('maps tools with cache_control and the tool choice', () => {
    const body = convert({
      messages: hi,
      tools: [
        {
          type: 'function',
          function: {
            name: 'get_weather',
            description: 'Current weather',
            parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
            strict: true,
          },
        },
        { type: 'function', function: { name: 'get_time' }, cache_control: { type: 'ephemeral' } },
      ],
      tool_choice: 'required',
      parallel_tool_calls: false,
    });
    assert.deepEqual(body['tools'], [
      {
        name: 'get_weather',
        description: 'Current weather',
        input_schema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
      },
      { name: 'get_time', input_schema: { type: 'object', properties: {} }, cache_control: { type: 'ephemeral' } },
    ]);
    assert.deepEqual(body['tool_choice'], { type: 'any', disable_parallel_tool_use: true });
  });

  it('drops tool_choice when there are no tools', () => {
    assert.equal('tool_choice' in convert({ messages: hi, tool_choice: 'none' }), false);
  });

  it('maps reasoning_effort to a thinking budget that fits in max_tokens', () => {
    assert.deepEqual(convert({ messages: hi, reasoning_effort: 'low' })['thinking'], { type: 'enabled', budget_tokens: 1024 });
    assert.deepEqual(convert({ messages: hi, reasoning_effort: 'minimal' })['thinking'], { type: 'enabled', budget_tokens: 1024 });
    assert.deepEqual(convert({ messages: hi, reasoning_effort: 'medium' })['thinking'], { type: 'enabled', budget_tokens: 4096 });
    const high = convert({ messages: hi, reasoning_effort: 'high' });
    assert.deepEqual(high['thinking'], { type: 'enabled', budget_tokens: 16384 });
    assert.equal(high['max_tokens'], 16384 + DEFAULT_MAX_TOKENS);
    assert.equal(convert({ messages: hi, reasoning_effort: 'low', max_tokens: 8000 })['max_tokens'], 8000);
    assert.equal(convert({ messages: hi, reasoning_effort: 'medium', max_tokens: 500 })['max_tokens'], 4096 + 500);
    assert.equal('thinking' in convert({ messages: hi, reasoning_effort: 'none' }), false);
    assert.throws(() => convert({ messages: hi, reasoning_effort: 'extreme' as never }), ConfigurationError);
  });

  it('maps reasoning_effort on an adaptive-thinking model to thinking adaptive + output_config.effort, beside a format, under extra_body', () => {
    const adaptive = (request: Omit<ChatRequest, 'model'>) =>
      convertToAnthropicRequest(
        { model: 'anthropic/claude-opus-4-7', ...request },
        { model: 'claude-opus-4-7', stream: false, facts: { supportsReasoning: true, supportsAdaptiveThinking: true } },
      );
    const high = adaptive({ messages: hi, reasoning_effort: 'high', max_tokens: 500 });
    assert.deepEqual(high['thinking'], { type: 'adaptive' });
    assert.deepEqual(high['output_config'], { effort: 'high' });
    // No budget, so max_tokens is left as asked.
    assert.equal(high['max_tokens'], 500);
    const schema = { type: 'object', properties: {} };
    assert.deepEqual(
      adaptive({ messages: hi, reasoning_effort: 'max', response_format: { type: 'json_schema', json_schema: { name: 's', schema } } })[
        'output_config'
      ],
      { effort: 'max', format: { type: 'json_schema', schema } },
    );
    assert.deepEqual(
      adaptive({ messages: hi, reasoning_effort: 'low', extra_body: { output_config: { effort: 'medium' } } })['output_config'],
      { effort: 'medium' },
    );
    const off = adaptive({ messages: hi, reasoning_effort: 'none', temperature: 0.3 });
    assert.equal('thinking' in off || 'output_config' in off, false);
    assert.throws(() => adaptive({ messages: hi, reasoning_effort: 'low', temperature: 0.3 }), /temperature 1/);
  });

  it('takes thinking from extra_body, sizing max_tokens for its budget', () => {
    const body = convert({ messages: hi, max_tokens: 1000, extra_body: { thinking: { type: 'enabled', budget_tokens: 2000 }, top_k: 40 } });
    assert.deepEqual(body['thinking'], { type: 'enabled', budget_tokens: 2000 });
    assert.equal(body['max_tokens'], 3000);
    assert.equal(body['top_k'], 40);
  });

  it('merges extra_body last, so it wins', () => {
    const body = convert({ messages: hi, temperature: 0.5, extra_body: { temperature: 1, max_tokens: 64 } });
    assert.equal(body['temperature'], 1);
    assert.equal(body['max_tokens'], 64);
  });

  it('refuses n > 1 and response_format json_object (Anthropic has no JSON mode), but not text', () => {
    assert.throws(
      () => convert({ messages: hi, n: 2 }),
      (error: unknown) => error instanceof ConfigurationError && /one choice/.test(error.message),
    );
    assert.doesNotThrow(() => convert({ messages: hi, n: 1 }));
    assert.throws(
      () => convert({ messages: hi, response_format: { type: 'json_object' } }),
      (error: unknown) => error instanceof ConfigurationError && /no JSON mode/.test(error.message) && /json_schema/.test(error.message),
    );
    assert.equal('output_config' in convert({ messages: hi, response_format: { type: 'text' } }), false);
    // The caller's own Anthropic field (the beta output_format) is kept as it is.
    const own = convert({
      messages: hi,
      response_format: { type: 'json_object' },
      extra_body: { output_format: { type: 'json_schema', schema: {} } },
    });
    assert.deepEqual(own['output_format'], { type: 'json_schema', schema: {} });
    assert.equal('output_config' in own, false);
  });

  it('maps response_format json_schema to structured outputs in output_config.format', () => {
    const schema = { type: 'object', properties: { name: { type: 'string' } }, required: ['name'], additionalProperties: false };
    const body = convert({ messages: hi, response_format: { type: 'json_schema', json_schema: { name: 'person', schema, strict: true } } });
    assert.deepEqual(body['output_config'], { format: { type: 'json_schema', schema } });
    assert.equal('response_format' in body, false);
    assert.equal('output_format' in body, false);
    // Other output_config settings from extra_body stay beside the format.
    const withEffort = convert({
      messages: hi,
      response_format: { type: 'json_schema', json_schema: { name: 'p', schema } },
      extra_body: { output_config: { effort: 'low' } },
    });
    assert.deepEqual(withEffort['output_config'], { effort: 'low', format: { type: 'json_schema', schema } });
    // A format of the caller's own in extra_body wins.
    const theirs = { type: 'json_schema', schema: { type: 'object' } };
    const overridden = convert({
      messages: hi,
      response_format: { type: 'json_schema', json_schema: { name: 'p', schema } },
      extra_body: { output_config: { format: theirs } },
    });
    assert.deepEqual(overridden['output_config'], { format: theirs });
    assert.throws(
      () => convert({ messages: hi, response_format: { type: 'json_schema', json_schema: { name: 'p' } } }),
      (error: unknown) => error instanceof ConfigurationError && /json_schema\.schema/.test(error.message),
    );
  });

  it('count_tokens keeps only the fields the endpoint accepts', () => {
    const body = convert(
      {
        messages: [{ role: 'system', content: 'S' }, ...hi],
        temperature: 1,
        stop: 'x',
        tools: [{ type: 'function', function: { name: 'f' } }],
      },
      true,
    );
    assert.deepEqual(toCountTokensBody(body), {
      model: MODEL,
      system: 'S',
      messages: [{ role: 'user', content: 'Hi' }],
      tools: [{ name: 'f', input_schema: { type: 'object', properties: {} } }],
    });
  });
});
