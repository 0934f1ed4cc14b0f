import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type MockServer, startMockServer } from '../../src/mock-server/index.js';
import { type CliResult, SENTINEL_KEY, cleanEnv, collect, runCli, startCli, waitForStdout } from './cli-harness.js';

/** Every run in this file goes through here: the key in the environment must never be printed. */
function assertNoSentinel(result: CliResult): void {
  assert.ok(!result.stdout.includes(SENTINEL_KEY), `stdout leaked the key:\n${result.stdout}`);
  assert.ok(!result.stderr.includes(SENTINEL_KEY), `stderr leaked the key:\n${result.stderr}`);
}

async function chat(args: string[], env: Record<string, string>, stdin?: string): Promise<CliResult> {
  const result = await runCli(['chat', ...args], stdin === undefined ? { env } : { env, stdin });
  assertNoSentinel(result);
  return result;
}

function lastBody(server: MockServer): Record<string, unknown> {
  return server.requests.at(-1)?.body as Record<string, unknown>;
}

describe('llmux chat against a mock server', () => {
  let server: MockServer;
  let env: Record<string, string>;

  before(async () => {
    server = await startMockServer({ apiKey: SENTINEL_KEY });
    env = cleanEnv({ OPENAI_BASE_URL: server.openaiBaseURL, OPENAI_API_KEY: SENTINEL_KEY });
  });
  after(() => server.close());

  it('streams the reply to stdout and usage to stderr, picking OpenAI from the key', async () => {
    const result = await chat(['hello', 'world'], env);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /^Hello from the llmux mock server\. You said: hello world\n$/);
    assert.match(
      result.stderr,
      /usage: \d+ prompt \+ \d+ completion = \d+ tokens, \$0\.\d{6} \(list price\) \(model gpt-4o-mini, provider openai\)/,
    );
    assert.equal(lastBody(server)['stream'], true);
    assert.equal(lastBody(server)['model'], 'gpt-4o-mini');
  });

  it('uses complete() with --no-stream', async () => {
    const result = await chat(['--no-stream', '-m', 'openai/gpt-4o-mini', 'not streamed'], env);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /You said: not streamed\n$/);
    assert.match(result.stderr, /usage: /);
    assert.notEqual(lastBody(server)['stream'], true);
  });

  it('prints the final response as JSON with --json, usage only on stderr', async () => {
    for (const flags of [['--json'], ['--json', '--no-stream']]) {
      const result = await chat([...flags, 'as json'], env);
      assert.equal(result.code, 0, result.stderr);
      const response = JSON.parse(result.stdout) as {
        object: string;
        provider: string;
        choices: { message: { content: string } }[];
        usage: { total_tokens: number };
      };
      assert.equal(response.object, 'chat.completion');
      assert.equal(response.provider, 'openai');
      assert.match(response.choices[0]!.message.content, /You said: as json$/);
      assert.ok(response.usage.total_tokens > 0);
      assert.match(result.stderr, /usage: /);
    }
  });

  it('prints a cost free of float noise with --json (1 × 2.5e-6 + 9 × 1e-5 is 0.00009250000000000001 unrounded)', async () => {
    const result = await chat(['--json', '--no-stream', '-m', 'openai/gpt-4o', 'hi'], env);
    assert.equal(result.code, 0, result.stderr);
    const response = JSON.parse(result.stdout) as {
      usage: { prompt_tokens: number; completion_tokens: number };
      cost: { total: number; breakdown: Record<string, number> };
    };
    assert.ok(response.cost.total > 0);
    for (const value of [response.cost.total, ...Object.values(response.cost.breakdown)])
      assert.equal(value, Number(value.toPrecision(12)));
    assert.equal(
      response.cost.total,
      Number((response.usage.prompt_tokens * 2.5e-6 + response.usage.completion_tokens * 1e-5).toPrecision(12)),
    );
    assert.doesNotMatch(result.stdout, /\d\.?\d*0000000000\d/);
  });

  it('sends the system message, temperature and max tokens', async () => {
    const result = await chat(['-s', 'Be terse.', '--temperature', '0.3', '--max-tokens', '3', 'a long prompt here'], env);
    assert.equal(result.code, 0, result.stderr);
    const body = lastBody(server);
    assert.deepEqual((body['messages'] as unknown[])[0], { role: 'system', content: 'Be terse.' });
    assert.equal(body['temperature'], 0.3);
    assert.ok(body['max_tokens'] === 3 || body['max_completion_tokens'] === 3, JSON.stringify(body));
    // The mock stops after three words, as a model would at its token limit.
    assert.equal(result.stdout, 'Hello from the\n');
  });

  it('reads the prompt from stdin when none is given', async () => {
    const result = await chat([], env, 'piped prompt\n');
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /You said: piped prompt\n$/);
  });

  it('with a prompt and piped stdin, sends the prompt, a blank line, then stdin', async () => {
    const result = await chat(['Summarise:'], env, 'line one\nline two\n');
    assert.equal(result.code, 0, result.stderr);
    const sent = lastBody(server)['messages'] as { role: string; content: string }[];
    assert.deepEqual(sent.at(-1), { role: 'user', content: 'Summarise:\n\nline one\nline two' });
    assert.match(result.stdout, /You said: Summarise:\n\nline one\nline two\n$/);
  });

  it('with a prompt and an empty stdin, sends the prompt alone', async () => {
    const result = await chat(['just', 'this'], env, '  \n');
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual((lastBody(server)['messages'] as unknown[]).at(-1), { role: 'user', content: 'just this' });
  });

  it('--timeout bounds the wait for a response, and the error says so', async () => {
    // Three attempts (the first and two retries), each meeting a server that is slower than the timeout.
    server.injectFaults([{ delayFirstByteMs: 4000, times: 3 }]);
    const before = server.requests.length;
    const result = await chat(['--timeout', '200', '--no-stream', 'hi'], env);
    assert.equal(result.code, 1, result.stderr);
    assert.match(result.stderr, /^error: No response from http:\/\/127\.0\.0\.1:\d+ within 200 ms/m);
    assert.equal(server.requests.length - before, 3);
  });

  it('exits 2 when stdin is empty and no prompt is given', async () => {
    const result = await chat([], env, '');
    assert.equal(result.code, 2);
    assert.match(result.stderr, /prompt/);
  });

  it('exits 1 on a 401 and never prints the key it sent', async () => {
    const other = await startMockServer({ apiKey: 'a-different-server-key' });
    try {
      const result = await chat(
        ['-m', 'openai/gpt-4o-mini', 'hi'],
        cleanEnv({ OPENAI_BASE_URL: other.openaiBaseURL, OPENAI_API_KEY: SENTINEL_KEY }),
      );
      assert.equal(result.code, 1);
      assert.match(result.stderr, /^error: .*401/m);
      assert.equal(result.stdout, '');
    } finally {
      await other.close();
    }
  });

  it('exits 1 with the error when the server fails', async () => {
    server.injectFaults([{ status: 400 }]);
    const result = await chat(['--no-stream', 'hi'], env);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /^error: /m);
  });

  it('stops cleanly on Ctrl-C, keeping what arrived, and exits 130', async () => {
    const slow = await startMockServer({ chunkDelayMs: 150 });
    try {
      const child = startCli(
        ['chat', 'one two three four five six seven eight nine ten eleven twelve'],
        cleanEnv({ OPENAI_BASE_URL: slow.openaiBaseURL, OPENAI_API_KEY: SENTINEL_KEY }),
      );
      const done = collect(child);
      child.stdin.end();
      await waitForStdout(child, /Hello/);
      child.kill('SIGINT');
      const result = await done;
      assertNoSentinel(result);
      assert.equal(result.code, 130, result.stderr);
      assert.match(result.stdout, /^Hello/);
      assert.ok(!result.stdout.includes('twelve'), result.stdout);
      assert.match(result.stderr, /interrupted/);
    } finally {
      await slow.close();
    }
  });
});

describe('llmux chat configuration', () => {
  it('answers with the mock provider when no key is set, and says so', async () => {
    const result = await chat(['hi', 'mock'], cleanEnv());
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, 'Mock reply to: hi mock\n');
    assert.match(result.stderr, /no API key found.*mock\/llmux-echo/);
    assert.match(result.stderr, /OPENAI_API_KEY/);
    assert.match(result.stderr, /provider mock/);
  });

  it('exits 2 for an unknown provider and lists the known ones', async () => {
    const result = await chat(['-m', 'nosuch/model', 'hi'], cleanEnv({ OPENAI_API_KEY: SENTINEL_KEY }));
    assert.equal(result.code, 2);
    assert.match(result.stderr, /^error: .*Unknown provider "nosuch"/m);
    assert.match(result.stderr, /Known providers: .*openai.*openrouter/);
  });

  it('exits 2 for a missing key and tells a shell user what to export', async () => {
    const result = await chat(['-m', 'groq/llama', 'hi'], cleanEnv({ OPENAI_API_KEY: SENTINEL_KEY }));
    assert.equal(result.code, 2);
    assert.match(
      result.stderr,
      /^error: No API key for provider "groq"\. Set it in your shell first: export GROQ_API_KEY=<your key>, or choose another model with -m provider\/model\.$/m,
    );
    assert.doesNotMatch(result.stderr, /createClient|apiKey/);
    const together = await chat(['-m', 'together/llama', 'hi'], cleanEnv());
    assert.match(together.stderr, /export TOGETHER_API_KEY=<your key> \(TOGETHERAI_API_KEY works too\)/);
  });

  it('exits 2 for a model with an empty provider, suggesting the right spelling', async () => {
    const result = await chat(['-m', '/gpt-4o', 'hi'], cleanEnv({ OPENAI_API_KEY: SENTINEL_KEY }));
    assert.equal(result.code, 2);
    assert.match(
      result.stderr,
      /^error: Cannot tell which provider serves "\/gpt-4o"\. Write it as "provider\/model" \(e\.g\. "openai\/gpt-4o"\)/m,
    );
    assert.doesNotMatch(result.stderr, /ollama\/\//);
  });

  it('exits 2 for bad options', async () => {
    const result = await chat(['--max-tokens', 'lots', 'hi'], cleanEnv());
    assert.equal(result.code, 2);
    assert.match(result.stderr, /--max-tokens must be a positive integer/);
    assert.match(result.stderr, /llmux chat --help/);
  });
});
