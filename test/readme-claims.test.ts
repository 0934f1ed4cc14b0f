/**
 * What the README states about defaults, dropped parameters and exported types matches the code,
 * so the documentation cannot drift from it unnoticed.
 */
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { describe, it } from 'node:test';
import { DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT_MS } from '../src/index.js';
import { convertToAnthropicRequest } from '../src/providers/anthropic/convert-to-anthropic-request.js';
import type { ChatRequest } from '../src/base/types.js';

const root = new URL('../../', import.meta.url);
const read = (path: string): string => readFileSync(new URL(path, root), 'utf8');
const readme = read('README.md');

/** The README's `## <title>` section, up to the next `## ` heading. */
function section(title: string): string {
  const start = readme.indexOf(`\n## ${title}\n`);
  assert.notEqual(start, -1, `the README has no "## ${title}" section`);
  const end = readme.indexOf('\n## ', start + 1);
  return readme.slice(start, end === -1 ? undefined : end);
}

describe('README claims', () => {
  it('documents the default timeout and retries as the code sets them', () => {
    const timeouts = section('Timeouts');
    assert.ok(timeouts.includes(`default **${DEFAULT_TIMEOUT_MS}**`), 'the default timeout in ms');
    assert.ok(timeouts.includes(`default ${DEFAULT_MAX_RETRIES} retries`), 'the default retries');
    assert.match(timeouts, /AbortSignal\.timeout\(ms\)/);
    assert.match(timeouts, /llmux chat --timeout <ms>/);
  });

  it('lists every OpenAI parameter the Anthropic mapping drops without a word', () => {
    // Each parameter alone on a request: the ones that leave no trace in Anthropic's body are dropped.
    const candidates: Partial<ChatRequest> = {
      seed: 7,
      logprobs: true,
      top_logprobs: 3,
      presence_penalty: 0.5,
      frequency_penalty: 0.5,
      logit_bias: { '50256': -100 },
      metadata: { tag: 'x' },
      temperature: 0.5,
      top_p: 0.9,
      stop: ['END'],
      user: 'u-1',
    };
    const base: ChatRequest = { model: 'anthropic/claude-sonnet-4-5', messages: [{ role: 'user', content: 'hi' }] };
    const plain = JSON.stringify(convertToAnthropicRequest(base, { model: 'claude-sonnet-4-5', stream: false }));
    const dropped = Object.entries(candidates)
      .filter(
        ([field, value]) =>
          JSON.stringify(convertToAnthropicRequest({ ...base, [field]: value }, { model: 'claude-sonnet-4-5', stream: false })) === plain,
      )
      .map(([field]) => field);
    assert.ok(dropped.includes('seed') && dropped.includes('logprobs'), `dropped: ${dropped.join(', ')}`);
    const providers = section('Models and providers');
    for (const field of dropped) assert.ok(providers.includes(`\`${field}\``), `the README does not say that Anthropic drops ${field}`);
  });

  it('names only types the package exports', () => {
    const types = section('Types');
    const index = read('src/index.ts');
    // The wire types (src/base/types.ts re-exports each concern's file) and the error classes.
    const declared = readdirSync(new URL('src/base/', root))
      .filter((f) => f === 'errors.ts' || f.endsWith('types.ts'))
      .map((f) => read(`src/base/${f}`))
      .join('\n');
    const names = [...types.matchAll(/`([A-Z][A-Za-z]+)(?:\[\])?`/g)].map((m) => m[1]!);
    for (const name of [
      'ChatRequest',
      'ModelResponse',
      'ChatCompletionChunk',
      'LlmStream',
      'LlmuxClient',
      'ClientOptions',
      'CallOptions',
      'ProviderAdapter',
    ]) {
      assert.ok(names.includes(name), `the Types section does not name ${name}`);
    }
    for (const name of names.filter((n) => !/^(?:ChatCompletionFunctionTool|ChatCompletion)$/.test(n))) {
      const exported =
        new RegExp(`\\b${name}\\b`).test(index.slice(0, index.indexOf('let defaultClient'))) ||
        new RegExp(`export (?:interface|type|class) ${name}\\b`).test(declared);
      assert.ok(exported, `the README names ${name}, which "llmux" does not export`);
    }
  });
});
