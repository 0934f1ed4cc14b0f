/**
 * The package version, read from package.json at run time so it never drifts from a release.
 */
import { readFileSync } from 'node:fs';

/**
 * Walks up from this file: package.json sits two levels up when built to dist/cli and three when
 * built to .test-build/src/cli.
 */
export function readVersion(): string {
  for (let up = 1; up <= 4; up++) {
    try {
      const pkg = JSON.parse(readFileSync(new URL(`${'../'.repeat(up)}package.json`, import.meta.url), 'utf8')) as {
        name?: unknown;
        version?: unknown;
      };
      if (pkg.name === 'llmux' && typeof pkg.version === 'string') return pkg.version;
    } catch {
      // Not at this level; keep climbing.
    }
  }
  return 'unknown';
}
