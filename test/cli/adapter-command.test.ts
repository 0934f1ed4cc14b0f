import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { type AdapterTestArgs, parseAdapterArgs } from '../../src/cli/parse-adapter-args.js';
import { type MockServer, startMockServer } from '../../src/mock-server/index.js';
import type { ConformanceReport } from '../../src/testing/index.js';
import { type CliResult, SENTINEL_KEY, cleanEnv, runCli } from './cli-harness.js';
import { parseHarness } from './parse-harness.js';

// Compiled tests run from .test-build/test/cli/; the fixtures stay in the source tree.
const SAMPLE = fileURLToPath(new URL('../../../test/__fixtures__/conformance/openai-sample/', import.meta.url));
const NAIVE = fileURLToPath(new URL('../testing/naive-openai-adapter.js', import.meta.url));

const { ok, fail } = parseHarness(parseAdapterArgs);

function assertNoSentinel(result: CliResult): void {
  assert.ok(
    !result.stdout.includes(SENTINEL_KEY) && !result.stderr.includes(SENTINEL_KEY),
    `the key leaked:\n${result.stdout}\n${result.stderr}`,
  );
}

describe('parseAdapterArgs', () => {
  it('reads test and its options', () => {
    assert.deepEqual(ok(['test', 'openai']), {
      action: 'test',
      provider: 'openai',
      fixtures: undefined,
      adapter: undefined,
      live: false,
      model: undefined,
      baseURL: undefined,
      json: false,
      quiet: false,
      timeoutMs: undefined,
    });
    assert.deepEqual(ok(['test', 'acme', '--adapter', './acme.js', '--fixtures', 'fx', '--json', '-q', '--timeout', '2000']), {
      action: 'test',
      provider: 'acme',
      fixtures: 'fx',
      adapter: './acme.js',
      live: false,
      model: undefined,
      baseURL: undefined,
      json: true,
      quiet: true,
      timeoutMs: 2000,
    });
    assert.equal((ok(['test', 'anthropic', '--live']) as AdapterTestArgs).model, 'claude-haiku-4-5');
    assert.equal(
      (ok(['test', 'groq', '--live', '-m', 'llama-3.3-70b-versatile', '--base-url', 'http://127.0.0.1:9/v1']) as AdapterTestArgs).baseURL,
      'http://127.0.0.1:9/v1',
    );
    assert.deepEqual(ok(['--help']), { action: 'help' });
  });

  it('reads record and its options', () => {
    assert.deepEqual(ok(['record', 'openai', '--model', 'gpt-4o-mini']), {
      action: 'record',
      provider: 'openai',
      model: 'gpt-4o-mini',
      out: 'llmux-fixtures/openai',
      baseURL: undefined,
      adapter: undefined,
      timeoutMs: undefined,
    });
    assert.equal((ok(['record', 'openai', '-m', 'm', '-o', 'here']) as { out: string }).out, 'here');
  });

  it('refuses what cannot work, saying why', () => {
    assert.match(fail([]), /^name what to do: llmux adapter test \| record <provider>/);
    assert.match(fail(['new', 'acme']), /give the provider's API docs with --docs/);
    assert.match(fail(['tset', 'openai']), /unknown action "tset": expected test or record/);
    assert.match(fail(['test']), /name the provider, e.g\. llmux adapter test openai/);
    assert.match(fail(['test', 'openai', 'anthropic']), /one provider at a time/);
    assert.match(fail(['test', 'openai', '--live', '--fixtures', 'x']), /give one or the other/);
    assert.match(fail(['test', 'openai', '--model', 'gpt-4o']), /--model is for --live/);
    assert.match(fail(['test', 'groq', '--live']), /name the model to call with --model/);
    assert.match(fail(['test', 'openai', '--out', 'x']), /--out is for llmux adapter record/);
    assert.match(fail(['test', 'openai', '--timeout', '0']), /--timeout must be a positive number of milliseconds; got "0"/);
    assert.match(
      fail(['record', 'openai']),
      /name the model to record with --model, e\.g\. llmux adapter record openai --model gpt-4o-mini/,
    );
    assert.match(fail(['record', 'openai', '-m', 'm', '--live']), /--live is for llmux adapter test, not record/);
    assert.match(fail(['record', 'openai', '-m', 'm', '--base-url', 'ftp://x']), /--base-url must be an http\(s\) URL/);
    assert.match(fail(['test', 'openai', '--nope']), /--nope/);
  });
});

describe('llmux adapter', () => {
  let server: MockServer;
  let dir: string;
  before(async () => {
    server = await startMockServer({ apiKey: SENTINEL_KEY, chunkDelayMs: 5 });
    dir = mkdtempSync(join(tmpdir(), 'llmux-adapter-cli-'));
  });
  after(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('test <provider> runs the built-in set and exits 0 when every check passes', async () => {
    const result = await runCli(['adapter', 'test', 'openai']);
    assert.equal(result.code, 0, result.stderr);
    assert.match(
      result.stdout,
      /^conformance of built-in openai as "openai" against built-in openai set \(19 cases\): \d+ passed, 0 failed, 0 skipped in \d+ ms\n/,
    );
    assert.match(
      result.stdout,
      /^ {2}ok {4}unicode split \[openai-unicode-stream\]: same result with the body delivered one byte at a time/m,
    );
    assert.match(result.stdout, /\nOK\n$/);
    const quiet = await runCli(['adapter', 'test', 'mistral', '-q']);
    assert.equal(quiet.code, 0, quiet.stderr);
    assert.match(
      quiet.stdout,
      /^conformance of built-in mistral as "mistral" against built-in openai set \+ 1 mistral case \(20 cases\): \d+ passed, 0 failed, 0 skipped in \d+ ms\nOK\n$/,
    );
    const responses = await runCli(['adapter', 'test', 'openai-responses', '-q']);
    assert.equal(responses.code, 0, responses.stderr);
    assert.match(
      responses.stdout,
      /^conformance of built-in openai-responses as "openai-responses" against built-in openai-responses set \(17 cases\): \d+ passed, 0 failed, 0 skipped in \d+ ms\nOK\n$/,
    );
  });

  it('--json prints the whole report as data', async () => {
    const result = await runCli(['adapter', 'test', 'openrouter', '--json']);
    assert.equal(result.code, 0, result.stderr);
    const report = JSON.parse(result.stdout) as ConformanceReport;
    assert.equal(report.ok, true);
    assert.equal(report.provider, 'openrouter');
    assert.equal(report.counts.failed, 0);
    assert.ok(report.results.some((r) => r.check === 'abort-mid-stream' && r.status === 'pass'));
  });

  it('a generated adapter in a module, with a fixture directory: the report a generator would read', async () => {
    const result = await runCli(['adapter', 'test', 'acme', '--adapter', NAIVE, '--fixtures', SAMPLE, '--json']);
    assert.equal(result.code, 1, result.stderr);
    const report = JSON.parse(result.stdout) as ConformanceReport;
    assert.equal(report.adapter, NAIVE);
    assert.equal(report.provider, 'acme');
    const failed = report.results.filter((r) => r.status === 'fail');
    assert.ok(failed.length > 0);
    const unicode = failed.find((r) => r.name === 'unicode split [sample-text-stream]');
    assert.ok(unicode, JSON.stringify(failed.map((r) => r.name)));
    assert.match(unicode.message, /U\+FFFD replacement characters/);
    assert.deepEqual((unicode.expected as { content: string }).content, 'Grüße aus Köln 👋');
    // The same without --json: a readable failure list and exit 1.
    const text = await runCli(['adapter', 'test', 'acme', '--adapter', NAIVE, '--fixtures', SAMPLE, '-q']);
    assert.equal(text.code, 1);
    assert.match(text.stdout, /^ {2}FAIL {2}unicode split \[sample-text-stream\]: .*\n {10}expected: \{"content":"Grüße aus Köln 👋"/m);
    assert.match(text.stdout, /\nFAILED: \d+ checks?\n$/);
  });

  it('refuses providers it cannot test, with exit 2', async () => {
    const mock = await runCli(['adapter', 'test', 'mock']);
    assert.equal(mock.code, 2);
    assert.match(mock.stderr, /the mock provider makes no HTTP calls, so there is nothing to replay/);
    const unknown = await runCli(['adapter', 'test', 'acme']);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /"acme" is not a built-in provider: give its adapter module with --adapter/);
    const noFixtures = await runCli(['adapter', 'test', 'acme', '--adapter', NAIVE]);
    assert.equal(noFixtures.code, 2);
    assert.match(noFixtures.stderr, /no built-in fixtures for "acme": give a directory with --fixtures \(llmux adapter record makes one\)/);
    const usage = await runCli(['adapter', 'new', 'acme']);
    assert.equal(usage.code, 2);
    assert.match(usage.stderr, /See llmux adapter --help/);
  });

  it('--live runs against <PROVIDER>_BASE_URL with the key from the env, which appears nowhere', async () => {
    const env = cleanEnv({ OPENAI_API_KEY: SENTINEL_KEY, OPENAI_BASE_URL: server.openaiBaseURL });
    const result = await runCli(['adapter', 'test', 'openai', '--live'], { env });
    assert.equal(result.code, 0, `${result.stdout}\n${result.stderr}`);
    assert.match(
      result.stdout,
      /^live conformance of built-in openai as "openai" against live endpoint http:\/\/127\.0\.0\.1:\d+ \(gpt-4o-mini\)/,
    );
    assert.match(result.stdout, /ok {4}error mapping \[live-401\]: the invalid key gave AuthenticationError \(401\)/);
    assertNoSentinel(result);
    const json = await runCli(['adapter', 'test', 'anthropic', '--live', '--json', '-m', 'claude-x'], {
      env: cleanEnv({ ANTHROPIC_API_KEY: SENTINEL_KEY, ANTHROPIC_BASE_URL: server.anthropicBaseURL }),
    });
    assert.equal(json.code, 0, json.stderr);
    assert.equal((JSON.parse(json.stdout) as ConformanceReport).mode, 'live');
    assertNoSentinel(json);
    // Every live request went to the local server, with the key where the provider wants it.
    assert.ok(server.requests.some((r) => r.api === 'anthropic' && r.headers['x-api-key'] === '[redacted]'));
  });

  it('--live without a key is a configuration error naming the variable', async () => {
    const result = await runCli(['adapter', 'test', 'openai', '--live'], { env: cleanEnv({ OPENAI_BASE_URL: server.openaiBaseURL }) });
    assert.equal(result.code, 2);
    assert.match(result.stderr, /No API key for provider "openai"\. Set it in your shell first: export OPENAI_API_KEY=<your key>\./);
    assert.doesNotMatch(result.stderr, /createClient/);
  });

  it('record writes fixtures with the key stripped, and test --fixtures replays them', async () => {
    const out = join(dir, 'recorded');
    const env = cleanEnv({ OPENAI_API_KEY: SENTINEL_KEY });
    const result = await runCli(
      ['adapter', 'record', 'openai', '--model', 'gpt-4o-mini', '--out', out, '--base-url', server.openaiBaseURL],
      { env },
    );
    assert.equal(result.code, 0, result.stderr);
    assertNoSentinel(result);
    assert.match(result.stdout, new RegExp(`^wrote ${out.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/openai-text\\.json$`, 'm'));
    assert.match(result.stdout, /Replay them with: llmux adapter test openai --fixtures /);
    const files = readdirSync(out);
    assert.equal(files.length, 5);
    for (const file of files) {
      const text = readFileSync(join(out, file), 'utf8');
      assert.ok(!text.includes(SENTINEL_KEY), `${file} holds the key`);
      assert.ok(!/bearer/i.test(text), `${file} holds a bearer header`);
    }
    const replay = await runCli(['adapter', 'test', 'openai', '--fixtures', out, '-q']);
    assert.equal(replay.code, 0, replay.stdout);
    assert.match(replay.stdout, /\(5 cases\): \d+ passed, 0 failed, 0 skipped/);
  });

  it('help lists the adapter command and explains it', async () => {
    const main = await runCli(['--help']);
    assert.match(main.stdout, /^ {2}adapter {7}Test a provider adapter with the conformance kit/m);
    const help = await runCli(['adapter', '--help']);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /llmux adapter test <provider> \[--fixtures <dir\|file>\]/);
    assert.match(help.stdout, /llmux adapter record <provider> --model <model>/);
  });
});
