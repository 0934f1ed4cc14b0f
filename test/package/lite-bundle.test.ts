import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
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
  // them; making them smaller is tracked with the benchmarks, not by dropping them. Since then
  // the helpers every entry uses (chunk checks, header merge, retry timing, model-id rules) come
  // from the shared core instead of one copy per entry (13.97 -> 13.93 KB with the server tools),
  // and the per-call cuts (one timer per exchange, no async redirect loop) took about as much back.
  // The pricing memo and string-free rounding add about 50 bytes for about 1 µs less per priced
  // response (1.0-1.6 -> 0.3 µs). The header merge assigns each header instead of defining it
  // (defined only for a header named `__proto__`): 35 bytes for 0.45 µs less per call (0.65 -> 0.2).
  // Request validation in plain loops instead of callbacks allocates nothing per message and
  // reports a hole in an array (6.4 KB less allocated per call with 60 messages): 8 bytes.
  // The full client loads its callback reporter with the first call that has callbacks (so
  // `import "llmux"` carries none of it, about 5% of the root's import): the shared call loop
  // takes a reporter that may still be loading, 19 bytes here and 22 in the three-provider app.
  // The shipped files are minified (whitespace and syntax, names kept), which an app's bundler
  // then minifies a little better: 14,166 -> 14,127 bytes here, 25,285 -> 25,215 for three.
  // complete() awaits the reporter only while it loads (an await per call cost every call about
  // 0.6 KB of allocation): 14,138 and 25,224 bytes. A call's chain holds no async function's
  // promise once its adapter, transport and pricer have loaded (`complete()`, `postJson`, the
  // adapters' requests), and a completion's attempt is one object of shared methods instead of
  // four closures: 0.85 KB less held per completion in flight (0.9 MiB less peak RSS for a
  // thousand at once), for 351 bytes here and 380 in the three-provider app (14,489 and 25,604).
  // The completion's steps as methods of that one object, instead of free functions each handed
  // the call's six parts: 33 and 60 bytes more once an app bundler has shortened the parameters
  // (14,522 and 25,767), and a slightly smaller root file.
  it('a one-call OpenAI app stays within its budget of 14.53 KB gzipped (the figure bench/bundle-size.mjs reports)', async () => {
    const code = await bundle(ONE_CALL, 'node');
    const gzipped = gzipSync(code, { level: 9 }).length;
    assert.ok(
      gzipped <= 14_525,
      `${gzipped} bytes gzipped: a change pulled more into every lite bundle than the 14,525-byte budget allows`,
    );
  });

  // Three adapters share the call loop and its helpers, and OpenRouter the OpenAI adapter's Chat
  // Completions code; what each adds is its own mapping (26.2 KB when each adapter carried its
  // own copy of the chunk checks, header merge, retry timing and, for OpenRouter, the OpenAI code;
  // 25.0 KB with OpenRouter's own finish-reason mapping; 25.1 KB with a stream that can take its
  // fold from the stream it wraps and the wire API chosen without an async step once the model
  // table is at hand; 25.25 KB with the header merge that assigns instead of defining, and with
  // request validation and the Anthropic conversion naming a message only when they fail;
  // 25.265 KB with validation in plain loops, as above; 25.29 KB with a callback reporter that may
  // still be loading; 25.23 KB with the shipped files minified; 25.60 KB with calls that hold no
  // async function's promise, as above; 25.71 KB with the Anthropic stream mapper keeping a
  // block's text deltas as a list, joined only for `provider_blocks`: 3% fewer instructions and
  // 0.38 MB less heap over a 20,000-event stream; 25.77 KB with the completion's steps as methods).
  it('an app with OpenAI, Anthropic and OpenRouter stays within 25.77 KB gzipped', async () => {
    const code = await bundle(
      `import { complete, createClient } from 'llmux/lite';
import { anthropic } from 'llmux/anthropic';
import { openai } from 'llmux/openai';
import { openrouter } from 'llmux/openrouter';
const client = createClient({ providers: { openai: openai(), anthropic: anthropic(), openrouter: openrouter() } });
const res = await complete(client, { model: globalThis.process?.env.MODEL ?? 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'Say hello.' }] });
console.log(res.choices[0].message.content);`,
      'node',
    );
    const gzipped = gzipSync(code, { level: 9 }).length;
    assert.ok(gzipped <= 25_770, `${gzipped} bytes gzipped: over the 25,770-byte budget of the three-provider app`);
  });

  it('callbacks come only with withCallbacks', async () => {
    const plain = await bundle(ONE_CALL, 'node');
    const withThem = await bundle(
      ONE_CALL.replace(
        "import { complete, createClient } from 'llmux/lite';",
        "import { complete, createClient, withCallbacks } from 'llmux/lite';",
      ).replace(
        'providers: { openai: openai() }',
        'providers: { openai: openai() }, callbacks: withCallbacks({ onResponse: (e) => console.log(e.latencyMs) })',
      ),
      'node',
    );
    assert.doesNotMatch(plain, /timeToFirstTokenMs/);
    assert.match(withThem, /timeToFirstTokenMs/);
  });
});

describe('one identity for the error classes under every condition', () => {
  // Under `node` the root, llmux/lite and the adapters share one file (dist/index.js); under any
  // other condition (a browser or edge bundle) they share dist/default/shared.js. Mixing the two would
  // give an app two AuthenticationError classes.
  // A 401 from a scripted transport: the OpenAI adapter maps it to an AuthenticationError.
  const APP = `
import { AuthenticationError as Root, createClient as full } from 'llmux';
import { AuthenticationError as Lite, complete, createClient } from 'llmux/lite';
import { openai } from 'llmux/openai';
const body = '{"error":{"message":"bad key","code":"invalid_api_key"}}';
const transport = { request: async () => ({ status: 401, headers: { 'content-type': 'application/json' }, body: (async function* () {})(), text: async () => body, cancel() {} }) };
const client = createClient({ providers: { openai: openai({ apiKey: 'k' }) }, transport, maxRetries: 0 });
const thrown = await complete(client, { model: 'openai/gpt-4o', messages: [{ role: 'user', content: 'hi' }] }).catch((error) => error);
console.log(typeof full, Root === Lite, thrown instanceof Root, thrown.name);
`;
  for (const platform of ['node', 'browser'] as const) {
    it(`a ${platform} bundle of the root, llmux/lite and an adapter has one ConfigurationError`, async () => {
      const entry = join(work, `identity-${platform}.mjs`);
      writeFileSync(entry, APP);
      const result = await build({
        entryPoints: [entry],
        bundle: true,
        format: 'esm',
        platform,
        external: ['node:*'],
        write: false,
        logLevel: 'silent',
        absWorkingDir: work,
      });
      const out = join(work, `identity-${platform}.out.mjs`);
      writeFileSync(out, result.outputFiles[0]!.text);
      // The browser bundle took dist/default/shared.js, not the merged root.
      const code = result.outputFiles[0]!.text;
      assert.equal(/dist\/default\/shared\.js/.test(code), platform === 'browser');
      const printed = execFileSync(process.execPath, [out], { env: { PATH: process.env['PATH'] ?? '' } })
        .toString()
        .trim();
      assert.equal(printed, 'function true true AuthenticationError');
    });
  }
});
