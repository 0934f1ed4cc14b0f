/**
 * Fixture files from disk: a directory of `.json` files (one case each) and `.jsonl` files (one
 * case per line), or one such file. Cases are sorted by file name, then line; ids must be unique.
 */
import { readFile, readdir, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { ConformanceFixture } from './fixture-types.js';
import { assertFixture } from './validate-fixture.js';

export async function loadFixtures(path: string): Promise<ConformanceFixture[]> {
  let files: string[];
  try {
    const info = await stat(path);
    files = info.isDirectory()
      ? (await readdir(path, { recursive: true }))
          .map(String)
          .filter((f) => f.endsWith('.json') || f.endsWith('.jsonl'))
          .sort()
          .map((f) => join(path, f))
      : [path];
  } catch (error) {
    throw new Error(
      `cannot read fixtures at ${path}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or directory' : (error as Error).message}`,
    );
  }
  if (files.length === 0) throw new Error(`no fixture files (.json or .jsonl) in ${path}`);
  const fixtures: ConformanceFixture[] = [];
  const seen = new Map<string, string>();
  for (const file of files) {
    for (const fixture of parseFixtureFile(await readFile(file, 'utf8'), file)) {
      const other = seen.get(fixture.id);
      if (other !== undefined) throw new Error(`fixture id ${JSON.stringify(fixture.id)} appears twice (${other} and ${basename(file)})`);
      seen.set(fixture.id, basename(file));
      fixtures.push(fixture);
    }
  }
  return fixtures;
}

/** The cases in one file's text: JSON-lines when the name ends in `.jsonl`, else one JSON case. */
export function parseFixtureFile(text: string, file: string): ConformanceFixture[] {
  if (!file.endsWith('.jsonl')) return [parseCase(text, file)];
  const out: ConformanceFixture[] = [];
  text.split('\n').forEach((line, i) => {
    if (line.trim() !== '') out.push(parseCase(line, `${file}:${i + 1}`));
  });
  return out;
}

function parseCase(text: string, where: string): ConformanceFixture {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new Error(`${where}: not JSON: ${(error as Error).message}`);
  }
  assertFixture(value, where);
  return value;
}
