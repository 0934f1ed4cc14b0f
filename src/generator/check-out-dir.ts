/**
 * Where `llmux adapter new` writes must not hold someone's work: an existing folder with anything
 * in it is refused unless the caller says `force` (then the adapter folder, `fixtures/`,
 * `spec.json`, `report.json` and `REPORT.md` in it are replaced; nothing else is touched).
 */
import { readdir, stat } from 'node:fs/promises';
import { ConfigurationError } from '../base/errors.js';

/** Resolves when `outDir` is missing, empty, or `force` is set; otherwise throws a ConfigurationError that says what to do. */
export async function checkOutDir(outDir: string, force: boolean): Promise<void> {
  let info;
  try {
    info = await stat(outDir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw new ConfigurationError(`cannot use ${outDir} as the output folder: ${(error as Error).message}`, { cause: error });
  }
  if (!info.isDirectory()) throw new ConfigurationError(`${outDir} exists and is not a folder: choose another --out`);
  if (force) return;
  const entries = await readdir(outDir);
  if (entries.length === 0) return;
  const shown = entries.slice(0, 5).join(', ') + (entries.length > 5 ? `, ... (${entries.length} entries)` : '');
  throw new ConfigurationError(
    `${outDir} already exists and is not empty (${shown}): choose another --out, or pass --force to replace the adapter, fixtures and report in it`,
  );
}
