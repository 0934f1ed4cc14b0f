import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { estimateTextTokens } from '../../src/models/estimate-tokens.js';
import { type MockServer, startMockServer } from '../../src/mock-server/index.js';
import { type ScriptedServer, startScriptedServer } from '../helpers/scripted-server.js';
import { type CliResult, SENTINEL_KEY, cleanEnv, runCli } from './cli-harness.js';

const TEXT = 'The quick brown fox jumps over the lazy dog. Ünïcödé and emoji 🦊 count too.\n';

/** gpt-tokenizer's own count, when it is installed: the oracle for the exact method. */
async function o200kCount(text: string): Promise<number | undefined> {
  try {
    const { countTokens } = await import('gpt-tokenizer/encoding/o200k_base');
    return countTokens(text);
  } catch {
    return undefined;
  }
}

function assertNoSentinel(result: CliResult): void {
  assert.ok(
    !result.stdout.includes(SENTINEL_KEY) && !result.stderr.includes(SENTINEL_KEY),
    `the key leaked:\n${result.stdout}\n${result.stderr}`,
  );
}

describe('llmux tokens', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'llmux-tokens-'));
    writeFileSync(join(dir, 'prompt.txt'), TEXT);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('counts stdin exactly for an OpenAI model with gpt-tokenizer', async (t) => {
    const exact = await o200kCount(TEXT);
    if (exact === undefined) return t.skip('gpt-tokenizer is not installed');
    const result = await runCli(['tokens', '-m', 'gpt-4o'], { stdin: TEXT });
    assert.equal(result.code, 0, result.stderr);
    assert.equal(
      result.stdout,
      `${exact} tokens\nmethod: tokenizer (exact, gpt-tokenizer o200k_base)\ncontext: 0.02% of openai/gpt-4o's 128,000-token window\n`,
    );
  });

  it('counts a file, and - or no file reads stdin', async (t) => {
    const exact = await o200kCount(TEXT);
    if (exact === undefined) return t.skip('gpt-tokenizer is not installed');
    const fromFile = await runCli(['tokens', '-m', 'openai/gpt-4o', join(dir, 'prompt.txt')]);
    assert.equal(fromFile.code, 0, fromFile.stderr);
    assert.match(fromFile.stdout, new RegExp(`^${exact} tokens\\n`));
    const dash = await runCli(['tokens', '-m', 'openai/gpt-4o', '-'], { stdin: TEXT });
    assert.equal(dash.stdout, fromFile.stdout);
  });

  it('prints the count as JSON with --json', async (t) => {
    const exact = await o200kCount(TEXT);
    if (exact === undefined) return t.skip('gpt-tokenizer is not installed');
    const result = await runCli(['tokens', '-m', 'gpt-4o', '--json', join(dir, 'prompt.txt')]);
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(JSON.parse(result.stdout), {
      model: 'gpt-4o',
      tokens: exact,
      method: 'tokenizer',
      encoding: 'o200k_base',
      contextWindow: 128000,
    });
  });

  it('estimates for a model without a tokenizer', async () => {
    const result = await runCli(['tokens', '-m', 'ollama/llama3.1', '--json'], { stdin: TEXT });
    assert.equal(result.code, 0, result.stderr);
    const printed = JSON.parse(result.stdout) as { tokens: number; method: string; contextWindow?: number };
    assert.equal(printed.method, 'estimate');
    assert.equal(printed.tokens, estimateTextTokens(TEXT));
    const human = await runCli(['tokens', '-m', 'ollama/llama3.1'], { stdin: TEXT });
    assert.match(human.stdout, new RegExp(`^${printed.tokens} tokens\\nmethod: estimate \\(from character counts\\)\\n`));
    assert.match(human.stdout, /^context: [\d.]+% of ollama\/llama3\.1's 8,192-token window$/m);
  });

  it('estimates for Anthropic without a key, and says why', async () => {
    const result = await runCli(['tokens', '-m', 'anthropic/claude-sonnet-4-5'], { stdin: TEXT });
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /^method: estimate /m);
    assert.match(result.stdout, /^note: .*ANTHROPIC_API_KEY/m);
  });

  describe("with Anthropic's counting endpoint", () => {
    let server: ScriptedServer;
    before(async () => {
      server = await startScriptedServer();
    });
    after(() => server.close());

    it('asks the endpoint when a key is set, never printing the key', async () => {
      server.push({ status: 200, body: JSON.stringify({ input_tokens: 42 }) });
      const env = cleanEnv({ ANTHROPIC_BASE_URL: server.url, ANTHROPIC_API_KEY: SENTINEL_KEY });
      const result = await runCli(['tokens', '-m', 'anthropic/claude-sonnet-4-5', join(dir, 'prompt.txt')], { env });
      assertNoSentinel(result);
      assert.equal(result.code, 0, result.stderr);
      assert.equal(
        result.stdout,
        "42 tokens\nmethod: provider (exact, the provider's token counting endpoint)\ncontext: 0.02% of anthropic/claude-sonnet-4-5's 200,000-token window\n",
      );
      const request = server.received.at(-1)!;
      assert.equal(request.url, '/v1/messages/count_tokens');
      assert.equal(request.headers['x-api-key'], SENTINEL_KEY);
      assert.deepEqual(request.json.messages, [{ role: 'user', content: TEXT }]);
    });

    it('exits 1 when the endpoint refuses, never printing the key', async () => {
      server.push({
        status: 401,
        body: JSON.stringify({ type: 'error', error: { type: 'authentication_error', message: `invalid x-api-key ${SENTINEL_KEY}` } }),
      });
      const env = cleanEnv({ ANTHROPIC_BASE_URL: server.url, ANTHROPIC_API_KEY: SENTINEL_KEY });
      const result = await runCli(['tokens', '-m', 'anthropic/claude-sonnet-4-5'], { env, stdin: TEXT });
      assertNoSentinel(result);
      assert.equal(result.code, 1);
      assert.equal(result.stdout, '');
      assert.match(result.stderr, /^llmux tokens: .*invalid x-api-key/);
    });
  });

  describe('against llmux mock-server, configured as its banner says', () => {
    let mock: MockServer;
    before(async () => {
      mock = await startMockServer({ apiKey: SENTINEL_KEY });
    });
    after(() => mock.close());

    it("counts through the mock's count_tokens endpoint", async () => {
      const env = cleanEnv({ ANTHROPIC_BASE_URL: mock.anthropicBaseURL, ANTHROPIC_API_KEY: SENTINEL_KEY });
      const result = await runCli(['tokens', '-m', 'anthropic/claude-sonnet-4-5', '--json'], { env, stdin: TEXT });
      assertNoSentinel(result);
      assert.equal(result.code, 0, result.stderr);
      const count = JSON.parse(result.stdout) as { tokens: number; method: string };
      assert.equal(count.method, 'provider');
      assert.equal(count.tokens, Math.ceil(TEXT.length / 4));
      assert.equal(mock.requests.at(-1)?.path, '/v1/messages/count_tokens');
    });
  });

  it('uses the context window of a loaded table', async () => {
    writeFileSync(
      join(dir, 'prices.json'),
      JSON.stringify({
        'gpt-4o': {
          litellm_provider: 'openai',
          mode: 'chat',
          input_cost_per_token: 1e-6,
          output_cost_per_token: 1e-6,
          max_input_tokens: 100,
        },
      }),
    );
    const result = await runCli(['tokens', '-m', 'gpt-4o', '--table', join(dir, 'prices.json')], { stdin: 'a b c d e f g h i j' });
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /^context: \d+% of openai\/gpt-4o's 100-token window$/m);
  });

  it('exits 2 for a missing file, a missing model or two files', async () => {
    const missing = await runCli(['tokens', '-m', 'gpt-4o', join(dir, 'nope.txt')]);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /^llmux tokens: cannot read .*nope\.txt: no such file\n$/);
    const noModel = await runCli(['tokens'], { stdin: 'hi' });
    assert.equal(noModel.code, 2);
    assert.match(noModel.stderr, /name the model whose tokens to count with -m/);
    assert.equal((await runCli(['tokens', '-m', 'gpt-4o', 'a', 'b'])).code, 2);
  });
});
