/**
 * At the time limit the check child dies with everything it started: a draft cannot leave a
 * process behind, detached (a session of its own) or not.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { runCheck } from '../../src/generator/index.js';
import { runBoundedChild } from '../../src/generator/run-bounded-child.js';
import { processesWith, survivorsOf, writeHostileDraft } from './hostile-draft.js';

const forever = 'setInterval(() => {}, 1000)';

describe('the adapter check child at its time limit (hostile draft)', () => {
  it('a draft that spawns a detached grandchild and hangs leaves no process behind', async () => {
    const token = `llmux-grandchild-${randomUUID()}`;
    const source = `import { spawn } from 'node:child_process';
try { spawn(process.execPath, ['-e', ${JSON.stringify(forever)}, ${JSON.stringify(token)}], { detached: true, stdio: 'ignore' }).unref(); } catch {}
setInterval(() => {}, 1000);
await new Promise(() => {});
`;
    const draft = writeHostileDraft('evil', source);
    try {
      const run = await runCheck({ provider: 'evil', adapterFile: draft.adapterFile, fixturesDir: draft.fixturesDir, timeLimitMs: 3000 });
      assert.equal(run.timedOut, true);
      assert.match(run.report.results[0]?.message ?? '', /did not finish within 3000 ms/);
      assert.doesNotMatch(
        run.report.results[0]?.message ?? '',
        /ExperimentalWarning/,
        "Node's permission notice is not reported as the draft's output",
      );
      assert.deepEqual(await survivorsOf(token), [], 'a grandchild survived the check');
    } finally {
      draft.remove();
    }
  });

  it("the bounded runner kills the child's group and a grandchild in a session of its own", async () => {
    const token = `llmux-grandchild-${randomUUID()}`;
    const script = `const { spawn } = require('node:child_process');
spawn(process.execPath, ['-e', ${JSON.stringify(forever)}, ${JSON.stringify(`${token}-detached`)}], { detached: true, stdio: 'ignore' }).unref();
spawn(process.execPath, ['-e', ${JSON.stringify(forever)}, ${JSON.stringify(`${token}-grouped`)}], { stdio: 'ignore' }).unref();
setTimeout(() => console.log('spawned'), 300);
${forever};`;
    const run = await runBoundedChild({
      command: process.execPath,
      args: ['-e', script],
      env: { PATH: process.env['PATH'] ?? '' },
      timeLimitMs: 2000,
    });
    assert.equal(run.timedOut, true);
    assert.match(run.stdout, /spawned/);
    assert.deepEqual(await survivorsOf(token), [], 'a grandchild survived the time limit');
  });

  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    it(`a parent stopped by ${signal} takes the child's group with it (a group of its own gets no Ctrl-C)`, async () => {
      const token = `llmux-orphan-${randomUUID()}`;
      const runner = fileURLToPath(new URL('../../src/generator/run-bounded-child.js', import.meta.url));
      const parentScript = `const { runBoundedChild } = await import(${JSON.stringify(runner)});
await runBoundedChild({ command: process.execPath, args: ['-e', ${JSON.stringify(forever)}, Buffer.from(${JSON.stringify(Buffer.from(token).toString('base64'))}, 'base64').toString()], env: {}, timeLimitMs: 60000 });`;
      // The token is encoded above so that only the child's command line carries it.
      const parent = spawn(process.execPath, ['--input-type=module', '-e', parentScript], { stdio: 'ignore' });
      const exited = new Promise<NodeJS.Signals | null>((resolve) => parent.once('exit', (_code, sig) => resolve(sig)));
      try {
        const until = Date.now() + 10_000;
        while (processesWith(token).length === 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
        assert.equal(processesWith(token).length, 1, 'the child started (and only it carries the token)');
        parent.kill(signal);
        assert.equal(await exited, signal, 'the parent still ends by the signal');
        assert.deepEqual(await survivorsOf(token), [], 'the child outlived its parent');
      } finally {
        parent.kill('SIGKILL');
        await survivorsOf(token, 0);
      }
    });
  }
});
