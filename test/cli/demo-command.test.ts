import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runCli } from './cli-harness.js';

describe('llmux demo', () => {
  it('runs all five parts against the mock server and exits 0 by itself', async () => {
    const result = await runCli(['demo']);
    assert.equal(result.code, 0, `${result.stdout}\n${result.stderr}`);
    const out = result.stdout;
    const expected = [
      // 1. completion with usage
      /1\. Completion\n {2}Hello from the llmux mock server\. You said: .+\n {2}usage: \d+ prompt/,
      // 2. stream, then usage from finalResponse()
      /2\. Stream\n {2}Hello from the llmux mock server\.[^\n]+\n {2}\d+ deltas arrived[^\n]*\n {2}usage: /,
      // 3. tool call and the answer to its result
      /3\. Tool call\n {2}the model called get_weather with \{"city":"[^"]*","unit":"celsius"\}/,
      /final answer: Tool result received: /,
      // 4. a 429 recovered by one retry
      /4\. Recovered 429\n[^\n]*\n {2}429 -> retrying in 200 ms\n {2}recovered after 2 requests: Hello/,
      // 5. a cut stream as a typed error with its partial text
      /5\. Stream cut mid-way\n/,
      /caught APIConnectionError: /,
      /partial text carried by the error: "Hello[^"]*"/,
      /Demo complete\./,
    ];
    for (const pattern of expected) assert.match(out, pattern);
    // No key in the test environment: no real call is attempted.
    assert.match(out, /Set OPENAI_API_KEY/);
    assert.doesNotMatch(out, /A real call/);
    assert.doesNotMatch(out, /\u001b\[/, 'no escape codes when stdout is not a terminal');
  });

  it('rejects arguments', async () => {
    const result = await runCli(['demo', '--fast']);
    assert.equal(result.code, 2);
  });
});
