/**
 * A fake provider on 127.0.0.1 that replays conformance fixtures. Each armed fixture answers the
 * request that names it in the `x-llmux-fixture` header (or, failing that, the next request in
 * order), after checking that the adapter sent what the fixture expects. Responses can be
 * written in pieces of N bytes, stall after K events (for abort tests) or be cut after K events.
 */
import * as http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { isSecretHeader } from '../util/redact.js';
import { checkRequest } from './check-request.js';
import { type ConformanceFixture, FIXTURE_HEADER } from './fixture-types.js';
import { type RenderedResponse, renderResponse } from './render-response.js';

export interface ReplayOptions {
  /** The key the adapter was given: put back for `{{API_KEY}}` and looked for in the auth header. */
  apiKey: string;
  /** Write the body in pieces of this many bytes, a tick apart (default: one piece per event). */
  splitEvery?: number | undefined;
  /** Send this many events, then hold the connection open and silent. */
  stallAfterEvents?: number | undefined;
  /** Send this many events, then destroy the connection. */
  resetAfterEvents?: number | undefined;
}

/** A request as the server saw it; credential header values are not kept. */
export interface ReceivedRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string;
  matchedBy: 'header' | 'order' | 'none';
}

export interface ReplayExchange {
  readonly fixtureId: string;
  /** Requests this fixture answered (a conforming adapter sends exactly one). */
  readonly requests: readonly ReceivedRequest[];
  /** How the requests differed from the fixture's expectations. */
  readonly mismatches: readonly string[];
  /** True once the connection of the last answer closed (body ended and released, or cut). */
  readonly closed: boolean;
  /** Resolves true once closed, false if still open after `ms`. */
  waitForClose(ms: number): Promise<boolean>;
  /** Stops answering for this fixture. */
  disarm(): void;
}

export interface ReplayServer {
  /** `http://127.0.0.1:PORT`: the adapter's base URL. */
  readonly url: string;
  arm(fixture: ConformanceFixture, options: ReplayOptions): ReplayExchange;
  /** Requests no armed fixture claimed (answered with a 599 naming the problem). */
  readonly unexpected: readonly ReceivedRequest[];
  close(): Promise<void>;
}

interface Armed {
  fixture: ConformanceFixture;
  options: ReplayOptions;
  rendered: RenderedResponse;
  requests: ReceivedRequest[];
  mismatches: string[];
  closed: boolean;
  onClose: (() => void)[];
}

export async function startReplayServer(): Promise<ReplayServer> {
  const armed: Armed[] = [];
  const unexpected: ReceivedRequest[] = [];
  const sockets = new Set<Socket>();

  const server = http.createServer((req, res) => {
    const parts: Buffer[] = [];
    req.on('data', (part: Buffer) => parts.push(part));
    req.on('end', () => {
      const body = Buffer.concat(parts).toString('utf8');
      const named = headerValue(req.headers[FIXTURE_HEADER]);
      const target = named !== undefined ? armed.find((a) => a.fixture.id === named) : armed.find((a) => a.requests.length === 0);
      const received: ReceivedRequest = {
        method: req.method ?? '',
        path: req.url ?? '',
        headers: storedHeaders(req.headers),
        body,
        matchedBy: target === undefined ? 'none' : named !== undefined ? 'header' : 'order',
      };
      if (target === undefined) {
        unexpected.push(received);
        res.writeHead(599, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({
            error: {
              message: `llmux replay server: no fixture is armed for ${received.method} ${received.path}${named === undefined ? '' : ` (${FIXTURE_HEADER}: ${named})`}`,
            },
          }),
        );
        return;
      }
      target.requests.push(received);
      if (target.requests.length > 1) {
        target.mismatches.push(
          `the adapter sent ${target.requests.length} requests for one call; expected exactly one (no retries or extra calls inside an adapter)`,
        );
      } else {
        const sent = { method: received.method, path: received.path, headers: req.headers, body };
        target.mismatches.push(...checkRequest(target.fixture.expectRequest, sent, target.options.apiKey, target.fixture.id));
      }
      target.closed = false;
      res.on('close', () => {
        target.closed = true;
        for (const notify of target.onClose.splice(0)) notify();
      });
      void play(target, res);
    });
  });
  server.on('connection', (socket) => {
    socket.setNoDelay(true);
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    unexpected,
    arm(fixture, options) {
      const entry: Armed = {
        fixture,
        options,
        rendered: renderResponse(fixture.response, options.apiKey),
        requests: [],
        mismatches: [],
        closed: false,
        onClose: [],
      };
      armed.push(entry);
      return {
        fixtureId: fixture.id,
        requests: entry.requests,
        mismatches: entry.mismatches,
        get closed() {
          return entry.closed;
        },
        waitForClose: (ms) =>
          entry.closed || entry.requests.length === 0
            ? Promise.resolve(entry.closed)
            : new Promise<boolean>((resolve) => {
                const timer = setTimeout(() => resolve(entry.closed), ms);
                entry.onClose.push(() => {
                  clearTimeout(timer);
                  resolve(true);
                });
              }),
        disarm() {
          const index = armed.indexOf(entry);
          if (index !== -1) armed.splice(index, 1);
        },
      };
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Writes the armed response as its options say: in pieces, then ends, stalls or cuts. */
async function play(entry: Armed, res: http.ServerResponse): Promise<void> {
  const { rendered, options } = entry;
  const cutAt = options.stallAfterEvents ?? options.resetAfterEvents;
  const limit = cutAt === undefined ? rendered.body.length : cutAt <= 0 ? 0 : (rendered.eventEnds[cutAt - 1] ?? rendered.body.length);
  res.writeHead(rendered.status, rendered.headers);
  res.flushHeaders();
  for (const piece of pieces(rendered, limit, options.splitEvery)) {
    if (res.destroyed) return;
    res.write(piece);
    // A tick between pieces, so they leave as separate packets rather than one coalesced write.
    await new Promise((resolve) => setImmediate(resolve));
  }
  if (options.resetAfterEvents !== undefined) {
    // Let what was written reach the client before the cut.
    await new Promise((resolve) => setTimeout(resolve, 20));
    res.socket?.destroy();
    return;
  }
  if (options.stallAfterEvents !== undefined) return;
  res.end();
}

function pieces(rendered: RenderedResponse, limit: number, splitEvery: number | undefined): Buffer[] {
  const body = rendered.body.subarray(0, limit);
  const out: Buffer[] = [];
  if (splitEvery !== undefined && splitEvery > 0) {
    for (let i = 0; i < body.length; i += splitEvery) out.push(body.subarray(i, i + splitEvery));
    return out;
  }
  let start = 0;
  for (const end of rendered.eventEnds) {
    if (end > limit) break;
    out.push(body.subarray(start, end));
    start = end;
  }
  if (start < body.length) out.push(body.subarray(start));
  return out;
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** Headers as stored: credentials reduced to the fact that they were present. */
function storedHeaders(headers: http.IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    out[name] = isSecretHeader(name) ? '[present]' : Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}
