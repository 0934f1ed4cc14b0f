/**
 * Reads the docs or a reference implementation: a file, or an http(s) URL fetched through the
 * llmux transport (node:http on Node, fetch elsewhere, or the one given). At most 4 MiB is read:
 * the file read and the response body stop at the cap (the connection is released), so a huge
 * file or an endless body never reaches memory; what is past the cap is left out.
 */
import { open } from 'node:fs/promises';
import type { Transport } from '../transport/transport-types.js';

/** Bytes of a source read at most. */
const MAX_SOURCE_BYTES = 4 * 1024 * 1024;

export async function readSource(
  source: string,
  options: { transport?: Transport; timeoutMs?: number; maxBytes?: number } = {},
): Promise<string> {
  const maxBytes = options.maxBytes ?? MAX_SOURCE_BYTES;
  if (!/^https?:\/\//i.test(source)) return readFileHead(source, maxBytes);
  const own = options.transport === undefined;
  const transport = options.transport ?? (await import('../transport/node-transport.js')).createNodeTransport();
  try {
    const response = await transport.request({
      url: source,
      method: 'GET',
      headers: { accept: 'text/html, text/markdown, text/plain, */*' },
      timeoutMs: options.timeoutMs ?? 30_000,
    });
    if (response.status >= 400) {
      response.cancel();
      throw new Error(`GET ${source} answered ${response.status}`);
    }
    const chunks: Uint8Array[] = [];
    let size = 0;
    let full = false;
    try {
      for await (const chunk of response.body) {
        const room = maxBytes - size;
        chunks.push(chunk.length > room ? chunk.subarray(0, room) : chunk);
        size += Math.min(chunk.length, room);
        if (size >= maxBytes) {
          full = true;
          break;
        }
      }
    } finally {
      // Leaving the loop early (the cap, or an error) must not leave the rest of the body coming.
      if (full) response.cancel();
    }
    return decode(chunks, size);
  } finally {
    if (own) transport.close?.();
  }
}

/** The first `maxBytes` of a file, read into a buffer of that size at most. */
async function readFileHead(path: string, maxBytes: number): Promise<string> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(Math.min(maxBytes, Math.max(0, (await handle.stat()).size) || maxBytes));
    let size = 0;
    while (size < buffer.length) {
      const { bytesRead } = await handle.read(buffer, size, buffer.length - size, null);
      if (bytesRead === 0) break;
      size += bytesRead;
    }
    return decode([buffer.subarray(0, size)], size);
  } finally {
    await handle.close();
  }
}

/** UTF-8 text of the bytes; a character cut at the cap is dropped rather than shown as U+FFFD. */
function decode(chunks: readonly Uint8Array[], size: number): string {
  const bytes = Buffer.concat(chunks, size);
  let end = bytes.length;
  // Back up over a trailing partial sequence: at most 3 continuation bytes after a lead byte.
  for (let i = bytes.length - 1; i >= 0 && i >= bytes.length - 4; i--) {
    const byte = bytes[i]!;
    if ((byte & 0xc0) === 0x80) continue;
    const need = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
    if (bytes.length - i < need) end = i;
    break;
  }
  return bytes.subarray(0, end).toString('utf8');
}
