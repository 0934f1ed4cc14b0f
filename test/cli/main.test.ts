import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { runCli } from './cli-harness.js';

describe('llmux (main)', () => {
  it('--help lists the commands and exits 0', async () => {
    const result = await runCli(['--help']);
    assert.equal(result.code, 0);
    for (const command of ['chat', 'models', 'cost', 'tokens', 'mock-server', 'demo'])
      assert.match(result.stdout, new RegExp(`^ {2}${command} `, 'm'));
  });

  it('<command> --help shows that command and exits 0', async () => {
    for (const command of ['chat', 'models', 'cost', 'tokens', 'mock-server', 'demo']) {
      const result = await runCli([command, '--help']);
      assert.equal(result.code, 0, command);
      assert.match(result.stdout, new RegExp(`llmux ${command}`));
    }
    assert.match((await runCli(['help', 'chat'])).stdout, /--no-stream/);
    assert.match(
      (await runCli(['help', 'cost'])).stdout,
      /--input <n> +Prompt tokens: the whole prompt, cached and cache-write tokens included/,
    );
    assert.match((await runCli(['models', 'import', '--help'])).stdout, /llmux models import <litellm-json>/);
  });

  it('--version prints the package version', async () => {
    const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string };
    const result = await runCli(['--version']);
    assert.equal(result.code, 0);
    assert.equal(result.stdout, `${pkg.version}\n`);
  });

  it('an unknown command exits 2 and lists the commands on stderr', async () => {
    const result = await runCli(['chatt']);
    assert.equal(result.code, 2);
    assert.equal(result.stdout, '');
    assert.match(result.stderr, /unknown command "chatt"/);
    assert.match(result.stderr, /chat, models, cost, tokens, mock-server, demo/);
  });

  it('no command at all exits 2 with the help on stderr', async () => {
    const result = await runCli([]);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /Commands:/);
  });
});
