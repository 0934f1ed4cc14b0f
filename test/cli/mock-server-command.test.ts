import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cleanEnv, collect, runCli, startCli, waitForStdout } from './cli-harness.js';

async function post(url: string, key: string, content: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    body: JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content }] }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('llmux mock-server', () => {
  it('prints its URL and setup, answers requests, and exits 0 on SIGTERM', async () => {
    const child = startCli(['mock-server', '--port', '0', '--quiet', '--api-key', 'cli-test-key', '--fault', '{"status":503}'], cleanEnv());
    const done = collect(child);
    const [, url] = (await waitForStdout(child, /listening on (http:\/\/127\.0\.0\.1:\d+)\n[\s\S]*Ctrl-C/)) as [string, string];

    const faulted = await post(url, 'cli-test-key', 'first');
    assert.equal(faulted.status, 503);
    const answered = await post(url, 'cli-test-key', 'second');
    assert.equal(answered.status, 200);
    const choices = answered.body['choices'] as { message: { content: string } }[];
    assert.match(choices[0]!.message.content, /You said: second/);
    assert.equal((await post(url, 'wrong-key', 'third')).status, 401);

    child.kill('SIGTERM');
    const result = await done;
    assert.equal(result.code, 0, result.stderr);
    assert.ok(result.stdout.includes(`OPENAI_BASE_URL=${url}/v1`), result.stdout);
    assert.ok(result.stdout.includes(`ANTHROPIC_BASE_URL=${url}`), result.stdout);
    assert.match(result.stdout, /llmux chat -m openai\/gpt-4o-mini/);
    assert.ok(!result.stdout.includes('cli-test-key'), 'the required key is not echoed');
  });

  it('exits 0 on SIGINT too', async () => {
    const child = startCli(['mock-server', '--port', '0', '--quiet'], cleanEnv());
    const done = collect(child);
    await waitForStdout(child, /Ctrl-C/);
    child.kill('SIGINT');
    assert.equal((await done).code, 0);
  });

  it('exits 2 for an invalid fault, naming the field', async () => {
    const result = await runCli(['mock-server', '--port', '0', '--fault', '{"retry_after":1}']);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /retry_after/);
  });

  it('exits 2 for a bad port', async () => {
    const result = await runCli(['mock-server', '--port', 'eighty']);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /--port/);
  });
});
