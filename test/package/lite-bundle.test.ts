import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'llmux-lite-bundle-'));
// The app sees the built package by name, through its exports map, as an installed dependency.
mkdirSync(join(work, 'node_modules'));
symlinkSync(root, join(work, 'node_modules', 'llmux'), 'dir');
after(() => rmSync(work, { recursive: true, force: true }));

/** Bundles `code` (importing the built package by name) for `platform`, as an app's bundler would. */
async function bundle(code: string, platform: 'browser' | 'node'): Promise<string> {
  const entry = join(work, `app-${Math.random().toString(36).slice(2)}.mjs`);
  writeFileSync(entry, code);
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    minify: true,
    format: 'esm',
    platform,
    write: false,
    logLevel: 'silent',
    absWorkingDir: work,
  });
  return result.outputFiles[0]!.text;
}

const ONE_CALL = `
import { complete, createClient } from 'llmux/lite';
import { openai } from 'llmux/openai';
const client = createClient({ providers: { openai: openai() } });
const res = await complete(client, { model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'Hi' }] });
console.log(res.choices[0].message.content);
`;

describe('llmux/lite bundles for any runtime', () => {
  it('a one-call OpenAI app bundles for the browser platform (edge workers), with no node: import', async () => {
    const code = await bundle(ONE_CALL, 'browser');
    assert.doesNotMatch(code, /["']node:/);
  });

  it('keeps only what the app names: no other adapter, no registry, no model table, no node:http transport', async () => {
    const code = await bundle(ONE_CALL, 'node');
    assert.doesNotMatch(code, /content_block_delta|x-api-key/, 'the Anthropic adapter');
    assert.doesNotMatch(code, /openrouter\.ai/, 'the OpenRouter adapter or the registry');
    assert.doesNotMatch(code, /api\.groq\.com/, 'the registry of built-in providers');
    assert.doesNotMatch(code, /claude-sonnet|gpt-4o-2024/, 'the model table');
    assert.doesNotMatch(code, /node:http/);
    assert.match(code, /api\.openai\.com\/v1/, 'the OpenAI endpoint it was given');
  });

  // The budget was 8 KB until the hardening: the transport bounds what it reads (body, line and
  // event caps, stream terminators, deadlines), every error field is redacted, messages, headers
  // and stream indexes are validated before use, headers merged by one rule, the wire API
  // chosen per model (Chat Completions or Responses), the reasoning scale and one attempt
  // engine (about 5.7 KB gzipped in all: 7.8 KB before, 13.6 KB after). No bundle goes without
  // them; making them smaller is tracked with the benchmarks, not by dropping them.
  it('a one-call OpenAI app stays within its budget of 14 KB gzipped (the figure bench/bundle-size.mjs reports)', async () => {
    const code = await bundle(ONE_CALL, 'node');
    const gzipped = gzipSync(code, { level: 9 }).length;
    assert.ok(gzipped <= 14_000, `${gzipped} bytes gzipped: a change pulled more into every lite bundle than the 14,000-byte budget allows`);
  });

  it('callbacks come only with withCallbacks', async () => {
    const plain = await bundle(ONE_CALL, 'node');
    const withThem = await bundle(
      ONE_CALL.replace("import { complete, createClient } from 'llmux/lite';", "import { complete, createClient, withCallbacks } from 'llmux/lite';").replace(
        'providers: { openai: openai() }',
        'providers: { openai: openai() }, callbacks: withCallbacks({ onResponse: (e) => console.log(e.latencyMs) })',
      ),
      'node',
    );
    assert.doesNotMatch(plain, /timeToFirstTokenMs/);
    assert.match(withThem, /timeToFirstTokenMs/);
  });
});
