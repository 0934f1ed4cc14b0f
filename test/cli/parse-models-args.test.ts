import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_TABLE_FILE, parseModelsArgs } from '../../src/cli/parse-models-args.js';
import { parseHarness } from './parse-harness.js';

const { ok, fail } = parseHarness(parseModelsArgs);

describe('parseModelsArgs: listing', () => {
  it('lists everything by default', () => {
    assert.deepEqual(ok([]), {
      command: 'list',
      filter: [],
      provider: undefined,
      json: false,
      limit: undefined,
      table: undefined,
      source: false,
      help: false,
    });
  });

  it('reads filter words and every option', () => {
    assert.deepEqual(ok(['claude', 'sonnet', '--provider', 'Anthropic', '--json', '--limit', '5', '--table', 't.json']), {
      command: 'list',
      filter: ['claude', 'sonnet'],
      provider: 'anthropic',
      json: true,
      limit: 5,
      table: 't.json',
      source: false,
      help: false,
    });
    const short = ok(['-p', 'openai', '-n', '2', '--source']);
    assert.equal(short.command === 'list' && short.provider, 'openai');
    assert.equal(short.command === 'list' && short.limit, 2);
    assert.equal(short.command === 'list' && short.source, true);
  });

  it('refuses a bad limit, an empty provider or table, and unknown flags', () => {
    assert.equal(fail(['--limit', '0']), '--limit must be a whole number >= 1; got "0"');
    assert.match(fail(['--limit', 'all']), /--limit must be a whole number/);
    assert.equal(fail(['--provider', ' ']), '--provider must not be empty');
    assert.equal(fail(['--table', '']), '--table must name a file');
    assert.match(fail(['--cheap']), /--cheap/);
  });
});

describe('parseModelsArgs: import', () => {
  it('takes the price map and writes llmux-models.json by default', () => {
    assert.deepEqual(ok(['import', 'prices.json']), {
      command: 'import',
      litellm: 'prices.json',
      openrouter: undefined,
      out: DEFAULT_TABLE_FILE,
      help: false,
    });
    assert.equal(DEFAULT_TABLE_FILE, 'llmux-models.json');
  });

  it('reads -o and --openrouter', () => {
    assert.deepEqual(ok(['import', 'p.json', '-o', 'out.json', '--openrouter', 'or.json']), {
      command: 'import',
      litellm: 'p.json',
      openrouter: 'or.json',
      out: 'out.json',
      help: false,
    });
    const long = ok(['import', '--out=x.json', 'p.json']);
    assert.equal(long.command === 'import' && long.out, 'x.json');
  });

  it('needs exactly one price map', () => {
    assert.match(fail(['import']), /import needs litellm's price map/);
    assert.match(fail(['import', 'a.json', 'b.json']), /one litellm price map; got 2 files: a\.json, b\.json/);
    assert.equal(ok(['import', '--help']).help, true);
  });

  it('refuses empty file names and list-only flags', () => {
    assert.equal(fail(['import', 'p.json', '-o', '']), '--out must name a file');
    assert.equal(fail(['import', 'p.json', '--openrouter', '']), '--openrouter must name a file');
    assert.match(fail(['import', 'p.json', '--json']), /--json/);
  });

  it('treats import as a filter word when it is not first', () => {
    assert.deepEqual(ok(['gpt', 'import']).command, 'list');
  });
});
