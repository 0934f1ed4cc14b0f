/**
 * Lays out a drafted adapter the way the generator does (`<dir>/<name>/<name>-adapter.js`, its
 * `package.json`, `<dir>/fixtures/`), with whatever top-level code a hostile model might write,
 * and finds processes by a token in their command line (Linux `/proc`).
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

// One hand-written kit case, so the kit gets as far as loading the draft.
const SAMPLE_CASE = fileURLToPath(new URL('../../../test/__fixtures__/conformance/openai-sample/text.json', import.meta.url));

export interface HostileDraft {
  dir: string;
  adapterFile: string;
  fixturesDir: string;
  remove(): void;
}

export function writeHostileDraft(name: string, source: string): HostileDraft {
  const dir = mkdtempSync(join(tmpdir(), 'llmux-hostile-draft-'));
  mkdirSync(join(dir, name));
  mkdirSync(join(dir, 'fixtures'));
  copyFileSync(SAMPLE_CASE, join(dir, 'fixtures', 'text.json'));
  writeFileSync(join(dir, name, 'package.json'), '{ "type": "module" }\n');
  const adapterFile = join(dir, name, `${name}-adapter.js`);
  writeFileSync(adapterFile, source);
  return { dir, adapterFile, fixturesDir: join(dir, 'fixtures'), remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Pids of live (non-zombie) processes whose command line contains `token`. */
export function processesWith(token: string): number[] {
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      if (!readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(token)) continue;
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      if (stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z')) continue;
      found.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return found;
}

/** Waits up to `boundMs` for no process to carry `token`; returns the survivors (killed, so none is left behind). */
export async function survivorsOf(token: string, boundMs = 3000): Promise<number[]> {
  const until = Date.now() + boundMs;
  let left = processesWith(token);
  while (left.length > 0 && Date.now() < until) {
    await new Promise((r) => setTimeout(r, 50));
    left = processesWith(token);
  }
  for (const pid of left) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  return left;
}
