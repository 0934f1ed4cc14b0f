import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const examples = fileURLToPath(new URL('../examples/', import.meta.url));

/** Runs a compiled example with no provider keys in its environment. */
async function example(name: string): Promise<string> {
  const { stdout } = await run(process.execPath, [`${examples}${name}.js`], { env: { PATH: process.env['PATH'] ?? '' } });
  return stdout;
}

describe('examples run as documented', () => {
  it('complete-and-stream', async () => {
    const out = await example('complete-and-stream');
    assert.match(out, /^complete: Hello from the llmux mock server\. You said: Hello$/m);
    assert.match(out, /^tokens: \d+$/m);
    assert.match(out, /^stream: Hello from the llmux mock server\. You said: Stream me$/m);
    assert.match(out, /^deltas: \d+ final usage: \d+$/m);
  });

  it('tools-across-providers', async () => {
    const out = await example('tools-across-providers');
    assert.match(out, /^openai\/gpt-4o-mini: called get_weather\(\{"city":"example"\}\), finish_reason=tool_calls$/m);
    assert.match(out, /^anthropic\/claude-sonnet-4-5: called get_weather\(\{"city":"example"\}\), finish_reason=tool_calls$/m);
    assert.match(out, /^openai\/gpt-4o-mini: Tool result received: 18°C and sunny$/m);
    assert.match(out, /^anthropic\/claude-sonnet-4-5: Tool result received: 18°C and sunny$/m);
  });

  it('responses-api', async () => {
    const out = await example('responses-api');
    assert.match(out, /^sent to \/v1\/responses: called get_weather, finish_reason=tool_calls$/m);
    assert.match(out, /^reasoning summary: The mock thinks briefly\.$/m);
    assert.match(out, /^reasoning carried: rs_mock_\d+ before call_mock_\d+$/m);
    assert.match(out, /^second request items: user, reasoning, function_call, function_call_output$/m);
    assert.match(out, /^answer: Tool result received: 18°C and sunny$/m);
  });

  it('cost-and-capabilities', async () => {
    const out = await example('cost-and-capabilities');
    assert.match(out, /^claude-sonnet-4-5: 200000 tokens of context, \$3\/M input$/m);
    assert.match(out, /^gpt-4o sees images: true$/m);
    // 800 × $2.50/M + 200 × $1.25/M + 300 × $10/M
    assert.match(out, /^gpt-4o estimate: \$0\.005250 \(cached part \$0\.000250\)$/m);
    assert.match(out, /^openai\/gpt-4o: \d+ tokens, \$0\.\d{8} \(table\)$/m);
    assert.match(out, /^vllm\/my-llama: \d+ tokens, \$0\.\d{8} \(table\)$/m);
    assert.match(out, /^count: \d+ tokens by (tokenizer|estimate)$/m);
  });

  it('router-fallbacks', async () => {
    const out = await example('router-fallbacks');
    assert.match(out, /^retry after ServiceUnavailableError on east$/m);
    assert.match(out, /^served by west after 2 attempts$/m);
    assert.match(out, /^fallback smart -> cheap$/m);
    assert.match(out, /^served by mini \(cheap\)$/m);
    assert.match(out, /^  attempt 0: east error 500$/m);
    assert.match(out, /^  attempt 3: mini success$/m);
    assert.match(out, /^call cost: \$0\.\d{8}$/m);
  });

  it('write-an-adapter', async () => {
    const out = await example('write-an-adapter');
    assert.match(out, /^complete: You said: Hello \(4 tokens\)$/m);
    assert.match(out, /^stream: You said: Stream me$/m);
    // The adapter built on llmux/adapter-kit passes every check its cases exercise, faults included.
    assert.match(out, /^conformance: ok, 20 passed, 0 failed, 2 skipped$/m);
    assert.doesNotMatch(out, /^ {2}fail: /m);
  });

  it('lite-composition', async () => {
    const out = await example('lite-composition');
    assert.match(out, /^onResponse: openai \d+ tokens\nopenai: Hello from the llmux mock server\. You said: Hello$/m);
    assert.match(out, /^onResponse: anthropic \d+ tokens\nanthropic: Hello from the llmux mock server\. You said: Hello$/m);
    assert.match(out, /^typed: true$/m);
  });

  it('typed-errors', async () => {
    const out = await example('typed-errors');
    assert.match(out, /^retrying after RateLimitError in 50 ms$/m);
    assert.match(out, /^recovered: stop$/m);
    assert.match(out, /^gave up: RateLimitError status=429 retryAfterMs=50$/m);
    assert.match(out, /^cut: APIConnectionError, partial text: "Hello from the"$/m);
    assert.match(out, /^isLlmuxError: true$/m);
  });

  it('structured-output', async () => {
    const out = await example('structured-output');
    assert.match(
      out,
      /^openai\/gpt-4o-mini: \{"city":"example","celsius":1,"conditions":\["sunny"\]\} via json_schema, \d+ tokens, \$0\.\d{8}$/m,
    );
    assert.match(
      out,
      /^anthropic\/claude-sonnet-4-5: \{"city":"example","celsius":1,"conditions":\["sunny"\]\} via tools, \d+ tokens, \$0\.\d{8}$/m,
    );
    const partials = out.split('\n').filter((line) => line.startsWith('partial: '));
    assert.ok(partials.length >= 3, out);
    assert.equal(partials[0], 'partial: {}');
    assert.equal(partials.at(-1), 'partial: {"city":"example","celsius":1,"conditions":["sunny"]}');
    assert.match(out, /^final: example, 1°C, sunny$/m);
  });

  it('test-with-mock-provider', async () => {
    const out = await example('test-with-mock-provider');
    assert.equal(
      out,
      ['text: Fixed answer', 'tool: {"query":"llmux"}', 'chunks: ["a b ","c d"]', 'error: AuthenticationError', ''].join('\n'),
    );
  });
});
