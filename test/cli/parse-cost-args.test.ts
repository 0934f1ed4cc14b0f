import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseCostArgs } from '../../src/cli/parse-cost-args.js';
import { parseHarness } from './parse-harness.js';

const { ok, fail } = parseHarness(parseCostArgs);

describe('parseCostArgs', () => {
  it('reads the model and counts, absent kinds being 0', () => {
    assert.deepEqual(ok(['-m', 'gpt-4o', '--input', '1000', '--output', '200']), {
      model: 'gpt-4o',
      input: 1000,
      output: 200,
      cached: 0,
      cacheWrite: 0,
      reasoning: 0,
      json: false,
      table: undefined,
      help: false,
    });
    assert.equal(ok(['--model=gpt-4o', '--output', '5']).input, 0);
  });

  it('reads cache, reasoning, --json and --table', () => {
    assert.deepEqual(
      ok([
        '-m',
        'a/b',
        '--input',
        '200,000',
        '--cached',
        '1000',
        '--cache-write',
        '500',
        '--output',
        '300',
        '--reasoning',
        '100',
        '--json',
        '--table',
        't.json',
      ]),
      {
        model: 'a/b',
        input: 200000,
        output: 300,
        cached: 1000,
        cacheWrite: 500,
        reasoning: 100,
        json: true,
        table: 't.json',
        help: false,
      },
    );
  });

  it('names the flag of a bad count', () => {
    assert.equal(fail(['-m', 'x', '--input=-5', '--output', '1']), '--input must be a whole number >= 0; got "-5"');
    assert.match(fail(['-m', 'x', '--input', '-5']), /--input/);
    assert.equal(fail(['-m', 'x', '--input', '1', '--output', '2.5']), '--output must be a whole number >= 0; got "2.5"');
    assert.equal(fail(['-m', 'x', '--input', '1', '--cached', 'lots']), '--cached must be a whole number >= 0; got "lots"');
    assert.equal(fail(['-m', 'x', '--input', '1', '--cache-write', '']), '--cache-write must be a whole number >= 0; got ""');
    assert.equal(fail(['-m', 'x', '--output', '1', '--reasoning', '1e2']), '--reasoning must be a whole number >= 0; got "1e2"');
  });

  it('needs a model and at least one count', () => {
    assert.match(fail(['--input', '1']), /name the model to price with -m/);
    assert.match(fail(['-m', ' ', '--input', '1']), /name the model/);
    assert.match(fail(['-m', 'gpt-4o']), /--input <n> and\/or --output <n>/);
  });

  it('refuses parts larger than their whole: --input and --output include them', () => {
    assert.match(
      fail(['-m', 'x', '--input', '100', '--cached', '80', '--cache-write', '30']),
      /--cached \(80\) plus --cache-write \(30\) exceed --input \(100\); --input is the whole prompt/,
    );
    assert.match(
      fail(['-m', 'x', '--output', '10', '--reasoning', '11']),
      /--reasoning \(11\) exceeds --output \(10\); --output is the whole completion/,
    );
    assert.equal(ok(['-m', 'x', '--input', '100', '--cached', '70', '--cache-write', '30']).cached, 70);
  });

  it('refuses positionals, unknown flags and an empty table', () => {
    assert.match(fail(['-m', 'x', '--input', '1', 'extra']), /extra/);
    assert.match(fail(['-m', 'x', '--prompt', '1']), /--prompt/);
    assert.equal(fail(['-m', 'x', '--input', '1', '--table', '']), '--table must name a file');
  });

  it('allows --help alone', () => {
    assert.equal(ok(['--help']).help, true);
  });
});
