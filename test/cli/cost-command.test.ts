import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { completionCost } from '../../src/models/index.js';
import { type CliResult, runCli } from './cli-harness.js';

const cost = (...args: string[]): Promise<CliResult> => runCli(['cost', ...args]);

describe('llmux cost', () => {
  it('prints the total and the breakdown in USD', async () => {
    const result = await cost('-m', 'gpt-4o', '--input', '1000', '--output', '200');
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stderr, '');
    assert.equal(
      result.stdout,
      [
        'openai/gpt-4o: $0.004500',
        '  input   1,000 tokens at $2.50/M   $0.002500',
        '  output    200 tokens at $10.00/M  $0.002000',
        '',
      ].join('\n'),
    );
  });

  it('prices cached reads, cache writes and reasoning as parts of --input and --output', async () => {
    const args = [
      '-m',
      'anthropic/claude-sonnet-4-5',
      '--input',
      '10000',
      '--cached',
      '4000',
      '--cache-write',
      '1000',
      '--output',
      '2000',
      '--reasoning',
      '500',
    ];
    const result = await cost(...args);
    assert.equal(result.code, 0, result.stderr);
    // 5,000 uncached at $3/M + 4,000 cached at $0.30/M + 1,000 written at $3.75/M + 1,500 output and 500 reasoning at $15/M.
    assert.equal(
      result.stdout,
      [
        'anthropic/claude-sonnet-4-5: $0.049950',
        '  input        5,000 tokens at $3.00/M   $0.015000',
        '  cache read   4,000 tokens at $0.30/M   $0.001200',
        '  cache write  1,000 tokens at $3.75/M   $0.003750',
        '  output       1,500 tokens at $15.00/M  $0.022500',
        '  reasoning      500 tokens at $15.00/M  $0.007500',
        '',
      ].join('\n'),
    );
  });

  it('prints the same figures as completionCost with --json', async () => {
    const result = await cost('-m', 'gpt-4o', '--input', '1,000', '--cached', '200', '--output', '200', '--json');
    assert.equal(result.code, 0, result.stderr);
    const printed = JSON.parse(result.stdout) as {
      model: string;
      currency: string;
      total: number;
      breakdown: Record<string, number>;
      usage: unknown;
    };
    const usage = {
      prompt_tokens: 1000,
      completion_tokens: 200,
      total_tokens: 1200,
      prompt_tokens_details: { cached_tokens: 200, cache_creation_tokens: 0 },
    };
    const expected = completionCost({ model: 'openai/gpt-4o', usage })!;
    assert.equal(printed.model, 'openai/gpt-4o');
    assert.equal(printed.currency, 'USD');
    assert.deepEqual(printed.usage, usage);
    assert.ok(Math.abs(printed.total - expected.total) < 1e-12, `${printed.total} vs ${expected.total}`);
    assert.equal(printed.total, 0.00425);
    assert.deepEqual(printed.breakdown, { input: 0.002, cachedInput: 0.00025, cacheWrite: 0, output: 0.002, reasoning: 0 });
  });

  it('says when a long prompt crossed into long-context prices', async () => {
    const result = await cost('-m', 'anthropic/claude-sonnet-4-5', '--input', '250000', '--output', '1000');
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /^ {2}input +250,000 tokens at \$6\.00\/M +\$1\.500000$/m);
    assert.match(result.stdout, /^Long-context prices: the prompt is over 200,000 tokens/m);
  });

  it('exits 2 for an unknown model, naming the closest known ones', async () => {
    const result = await cost('-m', 'gpt-4oo', '--input', '10', '--output', '10');
    assert.equal(result.code, 2);
    assert.equal(result.stdout, '');
    assert.match(result.stderr, /^llmux cost: Unknown model "gpt-4oo": .*Closest known: [^.]*openai\/gpt-4o[,.]/);
    assert.match(result.stderr, /--table/);
    assert.doesNotMatch(result.stderr, /registerModel/);
    assert.equal(result.stderr.trimEnd().split('\n').length, 1);
    // The model asked for comes first among the suggestions, before shorter relatives.
    assert.match(result.stderr, /Closest known: openai\/gpt-4o, /);
    const slashed = await cost('-m', '/gpt-4o', '--input', '10', '--output', '10');
    assert.equal(slashed.code, 2);
    assert.match(slashed.stderr, /Closest known: openai\/gpt-4o, openrouter\/openai\/gpt-4o, /);
    assert.doesNotMatch(slashed.stderr, /\/\//);
  });

  it('exits 2 naming the flag of a bad count', async () => {
    const cases: [string[], string][] = [
      [['--input', 'abc', '--output', '1'], '--input must be a whole number >= 0; got "abc"'],
      [['--input', '1', '--output', '2.5'], '--output must be a whole number >= 0; got "2.5"'],
      [['--input', '1', '--cached', '1e3'], '--cached must be a whole number >= 0; got "1e3"'],
      [['--input=-1'], '--input must be a whole number >= 0; got "-1"'],
      [
        ['--input', '10', '--cached', '11'],
        '--cached (11) plus --cache-write (0) exceed --input (10); --input is the whole prompt, cached and cache-write tokens included',
      ],
      [
        ['--output', '10', '--reasoning', '11'],
        '--reasoning (11) exceeds --output (10); --output is the whole completion, reasoning included',
      ],
    ];
    for (const [args, message] of cases) {
      const result = await cost('-m', 'gpt-4o', ...args);
      assert.equal(result.code, 2, args.join(' '));
      assert.equal(result.stdout, '');
      assert.equal(result.stderr, `llmux cost: ${message}\nSee llmux cost --help.\n`);
    }
  });

  it('exits 2 without a model or counts', async () => {
    assert.match((await cost('--input', '1')).stderr, /name the model to price with -m/);
    assert.equal((await cost('-m', 'gpt-4o')).code, 2);
  });

  describe('with --table', () => {
    let dir: string;
    before(() => {
      dir = mkdtempSync(join(tmpdir(), 'llmux-cost-'));
      const prices = {
        'gpt-4o': { litellm_provider: 'openai', mode: 'chat', input_cost_per_token: 0.000001, output_cost_per_token: 0.000004 },
        'openai/unpriced-out': { litellm_provider: 'openai', mode: 'chat', input_cost_per_token: 0.000001 },
      };
      writeFileSync(join(dir, 'prices.json'), JSON.stringify(prices));
    });
    after(() => rmSync(dir, { recursive: true, force: true }));

    it('prices by the loaded table: a litellm price map or an imported file', async () => {
      const fromMap = await cost('-m', 'gpt-4o', '--input', '1000', '--output', '200', '--table', join(dir, 'prices.json'));
      assert.equal(fromMap.code, 0, fromMap.stderr);
      assert.match(fromMap.stdout, /^openai\/gpt-4o: \$0\.001800$/m);
      const out = join(dir, 'table.json');
      assert.equal((await runCli(['models', 'import', join(dir, 'prices.json'), '-o', out])).code, 0);
      assert.match(
        (await cost('-m', 'gpt-4o', '--input', '1000', '--output', '200', '--table', out)).stdout,
        /^openai\/gpt-4o: \$0\.001800$/m,
      );
    });

    it('exits 1 when the table lacks a price: unknown is not free', async () => {
      const result = await cost('-m', 'openai/unpriced-out', '--input', '10', '--output', '10', '--table', join(dir, 'prices.json'));
      assert.equal(result.code, 1);
      assert.equal(result.stdout, '');
      assert.match(
        result.stderr,
        /^llmux cost: the model table has no output price for openai\/unpriced-out, so its cost is unknown \(not zero\)$/m,
      );
    });

    it('exits 2 when the table cannot be read', async () => {
      const result = await cost('-m', 'gpt-4o', '--input', '1', '--table', join(dir, 'missing.json'));
      assert.equal(result.code, 2);
      assert.match(result.stderr, /^llmux cost: Cannot read the model table .*missing\.json/);
    });
  });
});
