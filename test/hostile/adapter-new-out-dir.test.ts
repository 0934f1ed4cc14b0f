/** `llmux adapter new --out` never destroys what is already in a folder unless told to with --force. */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { ConfigurationError } from '../../src/base/errors.js';
import { generateAdapter } from '../../src/generator/index.js';
import { cleanEnv, runCli } from '../cli/cli-harness.js';
import { startScriptedLlm } from '../generator/scripted-llm.js';

const root = mkdtempSync(join(tmpdir(), 'llmux-hostile-out-'));
after(() => rmSync(root, { recursive: true, force: true }));

const docs = join(root, 'acme-api.md');
writeFileSync(docs, '# Acme API\n\nPOST /v2/generate\n');

/** A folder holding someone's work where the generator would write its outputs. */
function occupied(name: string): string {
  const dir = join(root, name);
  mkdirSync(join(dir, 'acme'), { recursive: true });
  mkdirSync(join(dir, 'fixtures'));
  writeFileSync(join(dir, 'REPORT.md'), 'my notes\n');
  writeFileSync(join(dir, 'acme', 'hand-tuned.js'), 'export const mine = 1;\n');
  writeFileSync(join(dir, 'fixtures', 'recorded.json'), '{}\n');
  return dir;
}

describe('llmux adapter new --out <non-empty folder>', () => {
  it('refuses with exit 2 and a message naming --force, and leaves every file as it was', async () => {
    const out = occupied('refused');
    // An LLM with no answers: on the old code the loop fails at once and still writes its report over ours.
    const llm = await startScriptedLlm([]);
    try {
      const env = cleanEnv({ OPENAI_API_KEY: 'scripted-llm-key', OPENAI_BASE_URL: `${llm.url}/v1` });
      const result = await runCli(['adapter', 'new', 'acme', '--docs', docs, '-m', 'openai/scripted', '--out', out], { env });
      assert.equal(result.code, 2, result.stderr);
      assert.match(result.stderr, /already exists and is not empty/);
      assert.match(result.stderr, /--force/);
      assert.equal(llm.requests.length, 0, 'nothing was asked of the model');
      assert.equal(readFileSync(join(out, 'REPORT.md'), 'utf8'), 'my notes\n');
      assert.equal(readFileSync(join(out, 'acme', 'hand-tuned.js'), 'utf8'), 'export const mine = 1;\n');
      assert.equal(readFileSync(join(out, 'fixtures', 'recorded.json'), 'utf8'), '{}\n');
    } finally {
      await llm.close();
    }
  });

  it('generateAdapter throws a ConfigurationError before any work; with force it writes there', async () => {
    const out = occupied('forced');
    const llm = await startScriptedLlm([]);
    try {
      const { createClient } = await import('../../src/index.js');
      const client = createClient({ env: { OPENAI_API_KEY: 'k', OPENAI_BASE_URL: `${llm.url}/v1` }, maxRetries: 0, cost: false });
      await assert.rejects(
        generateAdapter({ name: 'acme', docs, outDir: out, model: 'openai/scripted', client }),
        (error: unknown) => error instanceof ConfigurationError && /--force/.test(error.message),
      );
      assert.equal(readFileSync(join(out, 'REPORT.md'), 'utf8'), 'my notes\n');
      const report = await generateAdapter({ name: 'acme', docs, outDir: out, model: 'openai/scripted', client, force: true });
      assert.equal(report.status, 'error');
      assert.match(readFileSync(join(out, 'REPORT.md'), 'utf8'), /ERROR: the generator could not finish/);
      assert.equal(
        readFileSync(join(out, 'acme', 'hand-tuned.js'), 'utf8'),
        'export const mine = 1;\n',
        'no draft was made, so the adapter folder is untouched',
      );
    } finally {
      await llm.close();
    }
  });
});
