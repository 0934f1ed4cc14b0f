import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseChatArgs } from '../../src/cli/parse-chat-args.js';
import { parseHarness } from './parse-harness.js';

const { ok, fail } = parseHarness(parseChatArgs);

describe('parseChatArgs', () => {
  it('has streaming defaults and no prompt when given nothing', () => {
    assert.deepEqual(ok([]), {
      model: undefined,
      system: undefined,
      json: false,
      stream: true,
      temperature: undefined,
      maxTokens: undefined,
      timeoutMs: undefined,
      prompt: undefined,
      help: false,
    });
  });

  it('joins the positional words into the prompt', () => {
    assert.equal(ok(['why', 'is', 'the', 'sky', 'blue?']).prompt, 'why is the sky blue?');
  });

  it('reads every option, short and long', () => {
    const args = ok([
      '-m',
      'openai/gpt-4o',
      '-s',
      'be brief',
      '--json',
      '--no-stream',
      '--temperature',
      '0.2',
      '--max-tokens',
      '50',
      '--timeout',
      '30000',
      'hi',
    ]);
    assert.deepEqual(args, {
      model: 'openai/gpt-4o',
      system: 'be brief',
      json: true,
      stream: false,
      temperature: 0.2,
      maxTokens: 50,
      timeoutMs: 30000,
      prompt: 'hi',
      help: false,
    });
    assert.equal(ok(['--model=groq/llama', '--system=x']).model, 'groq/llama');
    assert.equal(ok(['-t', '0']).temperature, 0);
  });

  it('treats everything after -- as prompt text', () => {
    assert.equal(ok(['--', '--json', 'is', 'a', 'flag']).prompt, '--json is a flag');
    assert.equal(ok(['--', '--json']).json, false);
  });

  it('reports --help', () => {
    assert.equal(ok(['--help']).help, true);
    assert.equal(ok(['-h']).help, true);
  });

  it('rejects unknown options', () => {
    assert.match(fail(['--bogus']), /bogus/);
  });

  it('rejects an option without its value', () => {
    assert.match(fail(['-m']), /model|-m/);
  });

  it('rejects a bad temperature', () => {
    assert.match(fail(['--temperature', 'warm']), /--temperature must be a number >= 0; got "warm"/);
    assert.match(fail(['--temperature=-1']), /--temperature must be a number >= 0/);
    assert.match(fail(['--temperature', '']), /--temperature/);
  });

  it('rejects max tokens that are not a positive integer', () => {
    for (const bad of ['0', '-5', '1.5', 'many', ''])
      assert.match(fail([`--max-tokens=${bad}`]), /--max-tokens must be a positive integer/);
  });

  it('rejects a timeout that is not a positive number of milliseconds', () => {
    for (const bad of ['0', '-5', 'soon', ''])
      assert.match(fail([`--timeout=${bad}`]), /--timeout must be a positive number of milliseconds/);
  });

  it('rejects an empty model', () => {
    assert.match(fail(['-m', ' ']), /--model must not be empty/);
  });
});
