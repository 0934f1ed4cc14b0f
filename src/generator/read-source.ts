/**
 * Reads the docs or a reference implementation: a file, or an http(s) URL fetched through the
 * llmux transport (node:http on Node, fetch elsewhere, or the one given), size-capped.
 */
import { readFile } from 'node:fs/promises';
import type { Transport } from '../transport/transport-types.js';

const MAX_BYTES = 4 * 1024 * 1024;

export async function readSource(source: string, options: { transport?: Transport; timeoutMs?: number } = {}): Promise<string> {
  if (!/^https?:\/\//i.test(source)) {
    const text = await readFile(source, 'utf8');
    return text.length > MAX_BYTES ? text.slice(0, MAX_BYTES) : text;
  }
  const own = options.transport === undefined;
  const transport = options.transport ?? (await import('../transport/node-transport.js')).createNodeTransport();
  try {
    const response = await transport.request({ url: source, method: 'GET', headers: { accept: 'text/html, text/markdown, text/plain, */*' }, timeoutMs: options.timeoutMs ?? 30_000 });
    if (response.status >= 400) {
      response.cancel();
      throw new Error(`GET ${source} answered ${response.status}`);
    }
    const text = await response.text();
    return text.length > MAX_BYTES ? text.slice(0, MAX_BYTES) : text;
  } finally {
    if (own) transport.close?.();
  }
}
