import type { IncomingMessage } from 'node:http';

/** A request body read within a cap: its text, or how far it got before the cap stopped it. */
export type BodyRead = { ok: true; text: string } | { ok: false; receivedBytes: number };

/**
 * Reads a whole request body as UTF-8 text, keeping at most `maxBytes`: past that it stops
 * keeping (the rest is drained unread, so the answer can still reach the client) and resolves
 * with `ok: false`. Rejects if the client goes away mid-body.
 */
export function readBody(request: IncomingMessage, maxBytes: number): Promise<BodyRead> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size <= maxBytes) {
        chunks.push(chunk);
        return;
      }
      over = true;
      chunks.length = 0;
      request.off('data', onData);
      // Keep the socket flowing so the 413 is read, without holding what follows.
      request.resume();
      resolve({ ok: false, receivedBytes: size });
    };
    request.on('data', onData);
    request.on('end', () => {
      if (!over) resolve({ ok: true, text: Buffer.concat(chunks).toString('utf8') });
    });
    request.on('error', (error) => {
      if (!over) reject(error);
    });
    request.on('close', () => {
      if (!over && !request.complete) reject(new Error('The client closed the connection before sending the whole body.'));
    });
  });
}
