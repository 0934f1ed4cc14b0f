import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { listModels } from '../../src/models/index.js';
import { CLI_PATH, type CliResult, cleanEnv, collect, runCli } from './cli-harness.js';

const models = (...args: string[]): Promise<CliResult> => runCli(['models', ...args]);

/** A litellm price map in miniature: two chat models llmux serves, and entries it must skip. */
const PRICE_MAP = {
  sample_spec: { mode: 'one of: chat, embedding', litellm_provider: 'one of https://docs.litellm.ai/docs/providers' },
  'gpt-4o': {
    litellm_provider: 'openai',
    mode: 'chat',
    input_cost_per_token: 0.000001,
    output_cost_per_token: 0.000004,
    cache_read_input_token_cost: 5e-7,
    max_input_tokens: 64000,
    max_output_tokens: 8000,
    supports_function_calling: true,
    supports_vision: true,
  },
  'anthropic/claude-test-1': {
    litellm_provider: 'anthropic',
    mode: 'chat',
    input_cost_per_token: 5e-7,
    output_cost_per_token: 0.0000025,
    max_input_tokens: 100000,
  },
  'text-embedding-3-small': { litellm_provider: 'openai', mode: 'embedding', input_cost_per_token: 2e-8 },
  'some-other-cloud/model': { litellm_provider: 'some_other_cloud', mode: 'chat', input_cost_per_token: 1e-6, output_cost_per_token: 1e-6 },
};

const OPENROUTER_LIST = {
  data: [
    {
      id: 'acme/rocket-1',
      context_length: 32000,
      pricing: { prompt: '0.000002', completion: '0.000008' },
      supported_parameters: ['tools'],
    },
  ],
};

describe('llmux models (listing)', () => {
  it('lists a model with its limits, prices per million tokens and capabilities', async () => {
    const result = await models('claude-sonnet-4-5', '--provider', 'anthropic');
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stderr, '');
    const lines = result.stdout.split('\n');
    assert.match(lines[0]!, /^Model table: built in, from litellm \d{4}-\d{2}-\d{2} \([\d,]+ models\) \+ OpenRouter \([\d,]+ models\)$/);
    assert.match(result.stdout, /^MODEL +CONTEXT +MAX OUT +INPUT +OUTPUT +CACHE READ +CAPABILITIES$/m);
    assert.match(
      result.stdout,
      /^anthropic\/claude-sonnet-4-5 +200,000 +64,000 +\$3\.00 +\$15\.00 +\$0\.30 +tools vision reasoning schema cache( |$)/m,
    );
    // Exactly the table's models whose id contains the filter, and the count says so.
    const expected = listModels({ provider: 'anthropic' }).filter((m) => m.id.includes('claude-sonnet-4-5'));
    const rows = lines.filter((line) => line.startsWith('anthropic/'));
    assert.deepEqual(
      rows.map((row) => row.split(' ')[0]),
      expected.map((m) => m.id),
    );
    const total = listModels().length.toLocaleString('en-US');
    assert.match(
      result.stdout,
      new RegExp(`^${expected.length} of ${total} models match "claude-sonnet-4-5", provider anthropic\\.$`, 'm'),
    );
  });

  it('filters case-insensitively, every word having to match', async () => {
    const result = await models('CLAUDE', 'Haiku', '-p', 'anthropic');
    assert.equal(result.code, 0, result.stderr);
    const rows = result.stdout.split('\n').filter((line) => line.startsWith('anthropic/'));
    assert.ok(rows.length > 0);
    for (const row of rows) assert.match(row, /^anthropic\/claude-\S*haiku/);
  });

  it('prints the full entries as one JSON array with --json', async () => {
    const result = await models('gpt-4o', '--provider', 'openai', '--json');
    assert.equal(result.code, 0, result.stderr);
    const printed = JSON.parse(result.stdout) as { id: string; inputCostPerToken?: number }[];
    const all = listModels({ provider: 'openai' }).filter((m) => m.id.includes('gpt-4o'));
    // The exact match first, the rest by id.
    const expected = [...all.filter((m) => m.id === 'openai/gpt-4o'), ...all.filter((m) => m.id !== 'openai/gpt-4o')];
    assert.deepEqual(printed, JSON.parse(JSON.stringify(expected)));
    assert.ok(printed.some((m) => m.id === 'openai/gpt-4o' && m.inputCostPerToken === 0.0000025));
  });

  it('lists what the filter names exactly first: gpt-4o before chatgpt-4o-latest and the ft: models', async () => {
    const result = await models('gpt-4o');
    assert.equal(result.code, 0, result.stderr);
    const ids = result.stdout
      .split('\n')
      .filter((line) => /^[a-z]+\/\S+ +[\d,-]/.test(line))
      .map((line) => line.split(' ')[0]);
    assert.deepEqual(ids.slice(0, 2), ['openai/gpt-4o', 'openrouter/openai/gpt-4o']);
    assert.ok(ids.includes('openai/chatgpt-4o-latest') && ids.indexOf('openai/chatgpt-4o-latest') > 1);
    const first = JSON.parse((await models('gpt-4o', '-n', '1', '--json')).stdout) as { id: string }[];
    assert.deepEqual(
      first.map((m) => m.id),
      ['openai/gpt-4o'],
    );
    const sonnet = JSON.parse((await models('claude-sonnet-4-5', '-n', '1', '--json')).stdout) as { id: string }[];
    assert.deepEqual(
      sonnet.map((m) => m.id),
      ['anthropic/claude-sonnet-4-5'],
    );
  });

  it('shows at most --limit models and says how many it left out', async () => {
    const result = await models('gpt', '--limit', '2');
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout.split('\n').filter((line) => /^[a-z]+\/\S+ +[\d,-]/.test(line)).length, 2);
    assert.match(result.stdout, /models match "gpt"\. Showing the first 2; see --limit\.$/m);
    assert.equal((JSON.parse((await models('gpt', '-n', '3', '--json')).stdout) as unknown[]).length, 3);
  });

  it('finds a model by a spelling the table resolves although no id contains it', async () => {
    const result = await models('claude-sonnet-4.5', '--provider', 'anthropic');
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /^anthropic\/claude-sonnet-4-5 /m);
    assert.match(result.stdout, /No model id contains "claude-sonnet-4\.5"; the table resolves it to anthropic\/claude-sonnet-4-5\./);
  });

  it('exits 1 when nothing matches, naming close models', async () => {
    const result = await models('gpt-4oo', '--provider', 'openai');
    assert.equal(result.code, 1);
    assert.equal(result.stdout, '');
    assert.match(result.stderr, /^llmux models: no model of provider openai matches "gpt-4oo"\. Closest: openai\/gpt-4o, /);
    const json = await models('gpt-4oo', '--provider', 'openai', '--json');
    assert.equal(json.code, 1);
    assert.equal(json.stdout, '[]\n');
  });

  it('exits 1 for a provider the table does not have, listing those it has', async () => {
    const result = await models('--provider', 'nosuch');
    assert.equal(result.code, 1);
    assert.match(result.stderr, /the table has no models of provider "nosuch"\. Its providers: .*anthropic.*openai/);
  });

  it('prints where the table came from with --source', async () => {
    const result = await models('--source');
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /^ {2}litellmUpdated: \d{4}-\d{2}-\d{2}$/m);
    assert.match(result.stdout, /^ {2}litellm: .*litellm/m);
    const json = JSON.parse((await models('--source', '--json')).stdout) as Record<string, unknown>;
    assert.equal(typeof json['litellmModels'], 'number');
  });

  it('exits 2 on bad arguments', async () => {
    for (const args of [['--limit', '0'], ['--bogus'], ['--table']]) {
      const result = await models(...args);
      assert.equal(result.code, 2, args.join(' '));
      assert.equal(result.stdout, '');
      assert.match(result.stderr, /^llmux models: .*\n(See llmux models --help\.\n)?$/);
    }
  });
});

describe('llmux models import, then --table', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'llmux-models-'));
    writeFileSync(join(dir, 'prices.json'), JSON.stringify(PRICE_MAP));
    writeFileSync(join(dir, 'openrouter.json'), JSON.stringify(OPENROUTER_LIST));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  /** Runs the CLI in `dir`, where `models import` writes its default file. */
  function inDir(args: string[]): Promise<CliResult> {
    const child = spawn(process.execPath, [CLI_PATH, ...args], { cwd: dir, env: cleanEnv(), stdio: 'pipe' });
    const done = collect(child);
    child.stdin.end();
    return done;
  }

  it('writes llmux-models.json in the working directory and says what it wrote', async () => {
    const result = await inDir(['models', 'import', 'prices.json']);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /^Wrote llmux-models\.json: 2 models of 2 providers \(anthropic, openai\)\.$/m);
    const table = JSON.parse(readFileSync(join(dir, 'llmux-models.json'), 'utf8')) as {
      format: string;
      providers: Record<string, Record<string, unknown>>;
    };
    assert.equal(table.format, 'llmux-model-table');
    assert.deepEqual(Object.keys(table.providers), ['anthropic', 'openai']);
    assert.deepEqual(Object.keys(table.providers['openai']!), ['gpt-4o']);
  });

  it('shows the imported prices with --table', async () => {
    const out = join(dir, 'out.json');
    assert.equal((await runCli(['models', 'import', join(dir, 'prices.json'), '-o', out])).code, 0);
    const result = await models('gpt-4o', '--provider', 'openai', '--table', out);
    assert.equal(result.code, 0, result.stderr);
    assert.match(
      result.stdout,
      /^Model table: .*out\.json for anthropic, openai \(litellm \(2 models\), imported \d{4}-\d{2}-\d{2}\); built in for other providers$/m,
    );
    assert.match(result.stdout, /^openai\/gpt-4o +64,000 +8,000 +\$1\.00 +\$4\.00 +\$0\.50 +tools vision$/m);
    // The loaded table answers for openai: the built-in gpt-4o variants are gone.
    assert.match(result.stdout, /^1 of [\d,]+ models matches "gpt-4o", provider openai\.$/m);
    // Providers the file lacks keep the built-in entries.
    assert.match((await models('--table', out, '-p', 'groq')).stdout, /^groq\//m);
  });

  it('takes OpenRouter prices from --openrouter', async () => {
    const out = join(dir, 'with-openrouter.json');
    const imported = await runCli([
      'models',
      'import',
      join(dir, 'prices.json'),
      '--openrouter',
      join(dir, 'openrouter.json'),
      '--out',
      out,
    ]);
    assert.equal(imported.code, 0, imported.stderr);
    assert.match(imported.stdout, /3 models of 3 providers \(anthropic, openai, openrouter\)/);
    const result = await models('rocket', '--table', out);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /^openrouter\/acme\/rocket-1 +32,000 +- +\$2\.00 +\$8\.00 +- +tools$/m);
    assert.match(result.stdout, /\+ OpenRouter \(1 model\)/);
  });

  it('exits 2 with one clear line for input that is missing, not JSON or not a price map', async () => {
    writeFileSync(join(dir, 'broken.json'), '{"gpt-4o": ');
    writeFileSync(join(dir, 'list.json'), '[1, 2]');
    writeFileSync(join(dir, 'empty.json'), '{}');
    const cases: [string[], RegExp][] = [
      [['missing.json'], /^llmux models: cannot read litellm's price map .*missing\.json: no such file$/],
      [['broken.json'], /^llmux models: .*broken\.json is not JSON \(.*\); expected litellm's price map$/],
      [['list.json'], /^llmux models: .*list\.json is not litellm's price map: expected a JSON object of model entries$/],
      [['empty.json'], /^llmux models: .*empty\.json has no chat models of a provider llmux serves/],
      [['prices.json', '--openrouter', 'prices.json'], /^llmux models: .*prices\.json is not OpenRouter's model list/],
      [
        ['prices.json', '--openrouter', 'missing.json'],
        /^llmux models: cannot read OpenRouter's model list .*missing\.json: no such file$/,
      ],
    ];
    for (const [args, message] of cases) {
      const result = await inDir(['models', 'import', ...args, '-o', 'never-written.json']);
      assert.equal(result.code, 2, args.join(' '));
      assert.equal(result.stdout, '');
      assert.match(result.stderr.trimEnd(), message);
      assert.equal(result.stderr.trimEnd().split('\n').length, 1, result.stderr);
    }
    assert.throws(() => readFileSync(join(dir, 'never-written.json')));
  });

  it('exits 1 when the table cannot be written', async () => {
    const result = await inDir(['models', 'import', 'prices.json', '-o', join(dir, 'no-such-dir', 'out.json')]);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /^llmux models: cannot write .*no-such-dir.*out\.json: /);
  });

  it('exits 2 when --table cannot be read', async () => {
    const result = await models('--table', join(dir, 'missing.json'));
    assert.equal(result.code, 2);
    assert.match(result.stderr, /^llmux models: Cannot read the model table .*missing\.json/);
  });
});
