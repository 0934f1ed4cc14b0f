/**
 * `llmux adapter new` on a terminal quotes failed checks in its progress lines; a draft (or a
 * provider) whose failure message carries escape sequences cannot drive the user's terminal.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, describe, it } from 'node:test';
import { CLI_PATH, cleanEnv } from '../cli/cli-harness.js';
import { startScriptedLlm } from '../generator/scripted-llm.js';

const FIXTURES = fileURLToPath(new URL('../../../test/__fixtures__/generator/', import.meta.url));
const load = (name: string): any => JSON.parse(readFileSync(join(FIXTURES, name), 'utf8'));
const root = mkdtempSync(join(tmpdir(), 'llmux-hostile-progress-'));
after(() => rmSync(root, { recursive: true, force: true }));

describe('llmux adapter new progress on a terminal (hostile draft)', () => {
  it('shows a failed check without the escape sequences its message carried', async () => {
    const hooks = "throw new Error('\\u001b]52;c;ZXZpbA==\\u0007\\u001b[2J\\u001b]0;pwned\\u0007hostile-hook-failure');\nexport {};\n";
    const llm = await startScriptedLlm([{ ...load('acme-spec.json'), hooks }, load('acme-examples.json')]);
    try {
      const env = cleanEnv({
        OPENAI_API_KEY: 'scripted-llm-key',
        OPENAI_BASE_URL: `${llm.url}/v1`,
        SHELL: '/bin/sh',
        NODE_BIN: process.execPath,
        CLI: CLI_PATH,
        DOCS: join(FIXTURES, 'acme-api.md'),
        OUT: join(root, 'out'),
      });
      const command = '"$NODE_BIN" "$CLI" adapter new acme --docs "$DOCS" -m openai/scripted --max-iterations 1 --out "$OUT" 2>/dev/null';
      const child = spawn('script', ['-q', '-c', command, '/dev/null'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
      let shown = '';
      child.stdout.setEncoding('utf8').on('data', (t: string) => (shown += t));
      await new Promise((resolve, reject) => {
        child.once('error', reject);
        child.once('close', resolve);
      });
      assert.ok(shown.includes('hostile-hook-failure'), `the failure was not shown: ${JSON.stringify(shown.slice(-3000))}`);
      // The display's own spinner uses CSI K and carriage returns; nothing else may reach the terminal.
      const foreign = shown.replace(/\r\u001b\[K/g, '');
      assert.ok(
        !/\u001b\]|\u001b\[2J|\u0007/.test(foreign),
        `an escape sequence from the draft reached the terminal: ${JSON.stringify(foreign.slice(-3000))}`,
      );
    } finally {
      await llm.close();
    }
  });
});
