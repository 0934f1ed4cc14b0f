/**
 * `llmux/structured` is one more file, and loads the model table only when a decision needs it
 * (mode `auto` or `tools`, or `json` on Anthropic, which asks whether the model takes a prefill):
 * what a process loads is recorded by a module hook in a fresh node.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'llmux-structured-'));
after(() => rmSync(work, { recursive: true, force: true }));

writeFileSync(
  join(work, 'hooks.mjs'),
  `import { appendFileSync } from 'node:fs';
export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  appendFileSync(process.env.LLMUX_IMPORT_LOG, result.url + '\\n');
  return result;
}`,
);
writeFileSync(
  join(work, 'register.mjs'),
  `import { register } from 'node:module'; register(${JSON.stringify(new URL('hooks.mjs', `file://${work}/`).href)});`,
);

/** Runs `code` in a fresh node from the package root; returns the llmux files it loaded and what it printed. */
function run(code: string): { ours: string[]; out: string } {
  const log = join(work, `log-${Math.random().toString(36).slice(2)}.txt`);
  writeFileSync(log, '');
  const out = execFileSync(process.execPath, ['--import', join(work, 'register.mjs'), '--input-type=module', '-e', code], {
    cwd: root,
    env: { PATH: process.env['PATH'] ?? '', LLMUX_IMPORT_LOG: log },
    encoding: 'utf8',
  });
  const urls = [...new Set(readFileSync(log, 'utf8').trim().split('\n').filter(Boolean))];
  return { ours: urls.filter((u) => u.includes('/dist/')).map((u) => u.slice(u.indexOf('/dist/') + 6)), out };
}

const call = (mode: string): string => `
  const { createClient } = await import('llmux');
  const { completeObject } = await import('llmux/structured');
  const client = createClient({ cost: false, env: {} });
  const schema = { jsonSchema: { type: 'object', properties: { name: { type: 'string' } }, required: ['name'] } };
  const { object } = await completeObject({ model: 'mock/m', mode: '${mode}', messages: [{ role: 'user', content: 'hi' }], mock_response: '{"name":"Ada"}', schema, client });
  console.log(JSON.stringify(object));`;

describe('llmux/structured loads little', () => {
  it('importing it adds its one file to the root (which holds the shared core)', () => {
    const { ours } = run(`await import('llmux/structured');`);
    assert.deepEqual(ours.sort(), ['index.js', 'structured/index.js']);
  });

  it('an explicit json_schema call does not load the model table', () => {
    const { ours, out } = run(call('json_schema'));
    assert.equal(out.trim(), '{"name":"Ada"}');
    // The mock adapter only streams: its answer is folded by the fold module, loaded with it.
    assert.deepEqual(ours.sort(), ['index.js', 'providers/mock/mock-adapter.js', 'stream/fold-stream.js', 'structured/index.js']);
  });

  it('auto loads the model table to choose', () => {
    const { ours, out } = run(call('auto'));
    assert.equal(out.trim(), '{"name":"Ada"}');
    assert.ok(ours.includes('models/index.js'), ours.join(', '));
  });
});
