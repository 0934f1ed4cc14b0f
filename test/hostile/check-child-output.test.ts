/** A draft that floods stdout cannot grow the generator's memory: output is kept up to a cap, the rest counted and dropped. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runCheck } from '../../src/generator/index.js';
import { runBoundedChild } from '../../src/generator/run-bounded-child.js';
import { writeHostileDraft } from './hostile-draft.js';

const MiB = 1024 * 1024;

describe("the adapter check child's output (hostile draft)", () => {
  it('50 MiB on stdout: the check reports the flood instead of buffering it', async () => {
    const draft = writeHostileDraft('evil', `for (let i = 0; i < 50; i++) process.stdout.write(Buffer.alloc(${MiB}, 120));\nexport {};\n`);
    try {
      const run = await runCheck({ provider: 'evil', adapterFile: draft.adapterFile, fixturesDir: draft.fixturesDir, timeLimitMs: 60_000 });
      assert.equal(run.timedOut, false);
      assert.equal(run.report.ok, false);
      assert.match(run.report.results[0]?.message ?? '', /wrote more than \d+ bytes on stdout \(\d+ more were dropped\)/);
    } finally {
      draft.remove();
    }
  });

  it('the bounded runner keeps 1 MiB of each stream and counts the rest', async () => {
    const script = `for (let i = 0; i < 50; i++) { process.stdout.write(Buffer.alloc(${MiB}, 120)); process.stderr.write(Buffer.alloc(${MiB / 2}, 121)); }`;
    const run = await runBoundedChild({
      command: process.execPath,
      args: ['-e', script],
      env: { PATH: process.env['PATH'] ?? '' },
      timeLimitMs: 60_000,
    });
    assert.equal(run.code, 0);
    assert.equal(run.stdout.length, MiB);
    assert.equal(run.stdoutDroppedBytes, 49 * MiB);
    assert.equal(run.stderr.length, MiB);
    assert.equal(run.stderrDroppedBytes, 24 * MiB);
  });
});
