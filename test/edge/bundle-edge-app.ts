/**
 * Bundles an app that imports the built package by name (`llmux/lite`, `llmux/openai`) for the
 * browser platform, as a Worker's or a web page's bundler would: esbuild resolves the package
 * through its exports map from a throwaway folder whose node_modules/llmux is this repository.
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('../../../', import.meta.url));

/** The ES module esbuild makes of `code` (platform browser, no `node:` import possible). */
export async function bundleEdgeApp(code: string): Promise<string> {
  const work = mkdtempSync(join(tmpdir(), 'llmux-edge-app-'));
  try {
    mkdirSync(join(work, 'node_modules'));
    symlinkSync(root, join(work, 'node_modules', 'llmux'), 'dir');
    writeFileSync(join(work, 'app.mjs'), code);
    const result = await build({
      entryPoints: [join(work, 'app.mjs')],
      bundle: true,
      format: 'esm',
      platform: 'browser',
      target: 'es2022',
      write: false,
      logLevel: 'silent',
      absWorkingDir: work,
    });
    return result.outputFiles[0]!.text;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** The mock server's deterministic answer to a user message `text`. */
export const mockReply = (text: string): string => `Hello from the llmux mock server. You said: ${text}`;

/** Splits an SSE body into its events' data (and names), failing on anything else. */
export function parseSseEvents(text: string): { event: string | undefined; data: string }[] {
  if (!text.endsWith('\n\n')) throw new Error(`an SSE body ends with a blank line: ${JSON.stringify(text.slice(-40))}`);
  return text
    .slice(0, -2)
    .split('\n\n')
    .map((block) => {
      let event: string | undefined;
      let data = '';
      for (const line of block.split('\n')) {
        if (line.startsWith('event: ')) event = line.slice(7);
        else if (line.startsWith('data: ')) data = line.slice(6);
        else throw new Error(`unexpected SSE line ${JSON.stringify(line)}`);
      }
      return { event, data };
    });
}
