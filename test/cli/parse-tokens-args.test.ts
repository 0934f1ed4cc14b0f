import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseTokensArgs } from '../../src/cli/parse-tokens-args.js';
import { parseHarness } from './parse-harness.js';

const { ok, fail } = parseHarness(parseTokensArgs);

describe('parseTokensArgs', () => {
  it('reads the model and the file', () => {
    assert.deepEqual(ok(['-m', 'gpt-4o', 'prompt.txt']), {
      model: 'gpt-4o',
      file: 'prompt.txt',
      json: false,
      table: undefined,
      help: false,
    });
    assert.deepEqual(ok(['prompt.txt', '--model', 'ollama/llama3.1', '--json', '--table', 't.json']), {
      model: 'ollama/llama3.1',
      file: 'prompt.txt',
      json: true,
      table: 't.json',
      help: false,
    });
  });

  it('reads stdin when no file or - is given', () => {
    assert.equal(ok(['-m', 'gpt-4o']).file, undefined);
    assert.equal(ok(['-m', 'gpt-4o', '-']).file, undefined);
    assert.equal(ok(['-m', 'gpt-4o', '--', '--odd-name.txt']).file, '--odd-name.txt');
  });

  it('needs a model and at most one file', () => {
    assert.match(fail(['prompt.txt']), /name the model whose tokens to count with -m/);
    assert.match(fail(['-m', 'gpt-4o', 'a.txt', 'b.txt']), /give one file \(or none to read stdin\); got 2: a\.txt, b\.txt/);
    assert.equal(fail(['-m', 'gpt-4o', '--table', ' ']), '--table must name a file');
    assert.match(fail(['-m', 'gpt-4o', '--text', 'hi']), /--text/);
  });

  it('allows --help alone', () => {
    assert.equal(ok(['-h']).help, true);
  });
});
