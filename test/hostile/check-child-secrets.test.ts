/**
 * The adapter check child cannot read the generator's secrets: not its environment (directly or
 * through /proc/<ppid>/environ), not a .env in its working directory, not its HOME.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runCheck } from '../../src/generator/index.js';
import { permissionFlags, permissionSwitch } from '../../src/generator/permission-flags.js';
import { sandboxEnv } from '../../src/generator/run-sandboxed-node.js';
import { writeHostileDraft } from './hostile-draft.js';

const project = mkdtempSync(join(tmpdir(), 'llmux-hostile-project-'));
const dotenv = join(project, '.env');
const started = process.cwd();

before(() => {
  writeFileSync(dotenv, 'ACME_API_KEY=dotenv-secret-7c1e\n');
  process.chdir(project);
});
after(() => {
  process.chdir(started);
  rmSync(project, { recursive: true, force: true });
});

const probe = `import { readFileSync } from 'node:fs';
const reads = {};
for (const p of ['/proc/' + process.ppid + '/environ', '.env', ${JSON.stringify(dotenv)}]) {
  try { reads[p] = readFileSync(p, 'utf8').length > 0 ? 'read' : 'empty'; } catch (e) { reads[p] = e.code ?? String(e); }
}
const probe = { env: Object.keys(process.env).sort(), home: process.env.HOME ?? null, cwd: process.cwd(), ppid: process.ppid, reads };
throw new Error('PROBE' + JSON.stringify(probe) + 'EBORP');
`;

describe('the adapter check child (hostile draft)', () => {
  it("reads neither /proc/<ppid>/environ nor the parent's .env, and runs with a minimal env, its own HOME and cwd", async () => {
    const draft = writeHostileDraft('evil', probe);
    try {
      const run = await runCheck({ provider: 'evil', adapterFile: draft.adapterFile, fixturesDir: draft.fixturesDir, timeLimitMs: 60_000 });
      const text = JSON.stringify(run.report);
      const match = /PROBE(.*?)EBORP/.exec(text.replace(/\\"/g, '"'));
      assert.ok(match !== null, `the draft's probe did not report: ${text.slice(0, 2000)}`);
      const seen = JSON.parse(match[1]!) as {
        env: string[];
        home: string | null;
        cwd: string;
        ppid: number;
        reads: Record<string, string>;
      };
      assert.equal(seen.ppid, process.pid, 'the probe ran in our direct child');
      for (const [path, outcome] of Object.entries(seen.reads)) assert.notEqual(outcome, 'read', `the child read ${path}`);
      assert.equal(seen.reads[`/proc/${process.pid}/environ`], 'ERR_ACCESS_DENIED');
      assert.equal(seen.reads[dotenv], 'ERR_ACCESS_DENIED');
      assert.ok(!seen.env.some((name) => /_API_KEY$|^NODE_OPTIONS$/.test(name)), `env: ${seen.env.join(', ')}`);
      assert.ok(seen.home !== null && seen.home !== homedir() && seen.home.includes('llmux-check-'), `HOME ${seen.home}`);
      assert.equal(seen.cwd, seen.home, 'its working directory is its own temporary one');
      assert.ok(!text.includes('dotenv-secret-7c1e'));
    } finally {
      draft.remove();
    }
  });

  it('sandboxEnv keeps PATH and TLS roots, points HOME and temp at the sandbox, and drops keys and NODE_OPTIONS', () => {
    const env = sandboxEnv(
      '/tmp/box',
      {
        PATH: '/bin',
        HOME: '/home/me',
        OPENAI_API_KEY: 'sk-x',
        NODE_OPTIONS: '--require /evil.js',
        NODE_EXTRA_CA_CERTS: '/ca.pem',
        AWS_SECRET_ACCESS_KEY: 'y',
      },
      { ACME_API_KEY: 'live' },
    );
    assert.deepEqual(env, {
      PATH: '/bin',
      NODE_EXTRA_CA_CERTS: '/ca.pem',
      HOME: '/tmp/box',
      USERPROFILE: '/tmp/box',
      TMPDIR: '/tmp/box',
      TMP: '/tmp/box',
      TEMP: '/tmp/box',
      ACME_API_KEY: 'live',
    });
  });

  it('turns on the permission model with the spelling this Node understands, one flag per path', () => {
    assert.equal(permissionSwitch(new Set(['--permission', '--experimental-permission']), 'v23.5.0'), '--permission');
    assert.equal(permissionSwitch(new Set(['--experimental-permission']), 'v20.20.2'), '--experimental-permission');
    assert.equal(permissionSwitch(new Set(), 'v22.13.0'), '--permission');
    assert.equal(permissionSwitch(new Set(), 'v22.5.1'), '--experimental-permission');
    assert.equal(permissionSwitch(new Set(), 'v20.0.0'), '--experimental-permission');
    assert.equal(permissionSwitch(new Set(), 'v18.19.0'), undefined);
    assert.deepEqual(permissionFlags({ read: ['/a', '/b,c'], write: ['/w'] }, '--permission', new Set()), [
      '--permission',
      '--allow-fs-read=/a',
      '--allow-fs-read=/b,c',
      '--allow-fs-write=/w',
    ]);
    assert.deepEqual(permissionFlags({ read: ['/a'], write: ['/w'] }, '--permission', new Set(['--allow-net'])), [
      '--permission',
      '--allow-fs-read=/a',
      '--allow-fs-write=/w',
      '--allow-net',
    ]);
    assert.ok(permissionSwitch() !== undefined, `this Node (${process.version}) has a permission model`);
  });
});
