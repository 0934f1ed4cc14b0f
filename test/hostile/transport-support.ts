/**
 * Shared pieces of the hostile transport tests: a local server whose handler the test writes,
 * the two transports, and a child process with a small heap that runs one call against it.
 */
import { execFile } from 'node:child_process';
import type * as http from 'node:http';
import { fileURLToPath } from 'node:url';
import { createFetchTransport } from '../../src/transport/fetch-transport.js';
import { createNodeTransport } from '../../src/transport/node-transport.js';
import type { Transport } from '../../src/transport/transport-types.js';
import { startTestServer } from '../helpers/test-server.js';

export const TRANSPORTS: readonly (readonly ['node' | 'fetch', () => Transport])[] = [
  ['node', () => createNodeTransport()],
  ['fetch', () => createFetchTransport()],
];

export interface HostileServer {
  url: string;
  /** Resolves when the connection of the request with this path closes. */
  closed(path: string): Promise<void>;
  close(): Promise<void>;
}

/** A server that hands every request to `handle`; closing it cuts whatever is still open. */
export async function startHostileServer(handle: (req: http.IncomingMessage, res: http.ServerResponse) => void): Promise<HostileServer> {
  const waiters = new Map<string, () => void>();
  const closedPaths = new Set<string>();
  const server = await startTestServer(
    (req, res) => {
      res.on('close', () => {
        const path = req.url ?? '';
        closedPaths.add(path);
        waiters.get(path)?.();
      });
      handle(req, res);
    },
    { record: false },
  );
  return {
    url: server.url,
    closed: (path) => (closedPaths.has(path) ? Promise.resolve() : new Promise<void>((resolve) => waiters.set(path, resolve))),
    close: server.close,
  };
}

/** Rejects if `promise` has not settled within `ms`: a hang fails the test instead of stalling the run. */
export function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: nothing within ${ms} ms`)), ms);
  });
  return Promise.race([promise, limit]).finally(() => clearTimeout(timer));
}

export interface ChildOutcome {
  exitCode: number | null;
  signal: string | null;
  stderr: string;
  result: { outcome: string; name?: string; code?: string; status?: number; partialText?: string } | undefined;
}

const CHILD = fileURLToPath(new URL('./transport-child.js', import.meta.url));

/** Runs one call in a child with a 128 MiB heap (see transport-child.ts). */
export function runChild(args: {
  baseURL: string;
  transport: 'node' | 'fetch';
  provider?: 'openai' | 'anthropic';
  mode: 'complete' | 'stream';
  maxResponseBytes?: number;
}): Promise<ChildOutcome> {
  const payload = JSON.stringify({ provider: 'openai', ...args });
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--max-old-space-size=128', CHILD, payload],
      { timeout: 60_000, maxBuffer: 1024 * 1024 },
      (error, stdout, stderr) => {
        const line = stdout.trim().split('\n').pop() ?? '';
        let result: ChildOutcome['result'];
        try {
          result = JSON.parse(line);
        } catch {
          result = undefined;
        }
        const failure = error as (Error & { code?: number | string; signal?: string }) | null;
        resolve({
          exitCode: failure === null ? 0 : typeof failure.code === 'number' ? failure.code : null,
          signal: failure?.signal ?? null,
          stderr: stderr.slice(-2000),
          result,
        });
      },
    );
  });
}

/** Writes `total` bytes of `fill` in 1 MiB writes, honouring backpressure, until done or the client goes. */
export function writeMany(res: http.ServerResponse, total: number, fill: Buffer, end = true): void {
  let left = total;
  const pump = (): void => {
    while (left > 0 && !res.destroyed) {
      const piece = left >= fill.length ? fill : fill.subarray(0, left);
      left -= piece.length;
      if (!res.write(piece)) return void res.once('drain', pump);
    }
    if (end && !res.destroyed) res.end();
  };
  pump();
}
