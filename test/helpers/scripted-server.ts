/**
 * A local HTTP server that answers each request with the next scripted reply: status, headers,
 * a body written in given pieces, or a connection reset. Used to replay recorded and
 * spec-derived provider responses, including failures, over real HTTP.
 */
import type * as http from 'node:http';
import { type TestRequest, startTestServer } from './test-server.js';

export interface ScriptedReply {
  status?: number;
  headers?: Record<string, string>;
  /** The body, written as these pieces in order (a string is one piece). */
  body?: string | readonly (string | Uint8Array)[];
  /** Destroy the socket after writing this many pieces (0 = before the headers). */
  resetAfter?: number;
  /** Stop writing after this many pieces and keep the socket open. */
  stallAfter?: number;
}

export interface ReceivedRequest extends TestRequest {
  /** True once the response's connection closed (a stalled reply closes only when the client lets go). */
  closed: boolean;
}

export interface ScriptedServer {
  url: string;
  received: ReceivedRequest[];
  /** Appends replies; when the script is exhausted the last reply repeats. */
  push(...replies: ScriptedReply[]): void;
  /** Open sockets right now (to prove aborted requests free theirs). */
  openSockets(): number;
  close(): Promise<void>;
}

export async function startScriptedServer(...initial: ScriptedReply[]): Promise<ScriptedServer> {
  const script: ScriptedReply[] = [...initial];
  const received: ReceivedRequest[] = [];
  let last: ScriptedReply | undefined;
  const server = await startTestServer(
    (_req, res, request) => {
      const entry: ReceivedRequest = { ...request, closed: false };
      received.push(entry);
      res.on('close', () => (entry.closed = true));
      const reply = script.shift() ?? last ?? { status: 500, body: 'no scripted reply' };
      last = reply;
      return play(reply, res);
    },
    { record: false },
  );
  return {
    url: server.url,
    received,
    push: (...replies) => void script.push(...replies),
    openSockets: server.openSockets,
    close: server.close,
  };
}

async function play(reply: ScriptedReply, res: http.ServerResponse): Promise<void> {
  if (reply.resetAfter === 0) {
    res.socket?.destroy();
    return;
  }
  const pieces = reply.body === undefined ? [] : typeof reply.body === 'string' ? [reply.body] : reply.body;
  res.writeHead(reply.status ?? 200, { 'content-type': 'application/json', ...reply.headers });
  res.flushHeaders();
  for (let i = 0; i < pieces.length; i++) {
    if (reply.resetAfter === i) {
      // Let the written pieces reach the client before the reset.
      await new Promise((r) => setTimeout(r, 20));
      res.socket?.destroy();
      return;
    }
    if (reply.stallAfter === i) return;
    res.write(pieces[i]!);
    // A tick between pieces so they arrive as separate reads.
    await new Promise((r) => setImmediate(r));
  }
  if (reply.resetAfter !== undefined && reply.resetAfter >= pieces.length) {
    await new Promise((r) => setTimeout(r, 20));
    res.socket?.destroy();
    return;
  }
  if (reply.stallAfter !== undefined && reply.stallAfter >= pieces.length) return;
  res.end();
}

/** Formats payloads as SSE `data:` events, optionally with `[DONE]`. */
export function sse(payloads: readonly unknown[], done = true): string[] {
  const events = payloads.map((p) => `data: ${typeof p === 'string' ? p : JSON.stringify(p)}\n\n`);
  if (done) events.push('data: [DONE]\n\n');
  return events;
}

/** Resolves true once the request's connection has closed, false if it is still open after ~2 s. */
export async function waitForClose(request: ReceivedRequest): Promise<boolean> {
  for (let i = 0; i < 200 && !request.closed; i++) await new Promise((r) => setTimeout(r, 10));
  return request.closed;
}

/** OpenAI, OpenRouter and Anthropic all pointed at `server`, with `key`: a client's `providers`. */
export function scriptedProviders(
  server: ScriptedServer,
  key: string,
): Record<'openai' | 'openrouter' | 'anthropic', { baseURL: string; apiKey: string }> {
  return {
    openai: { baseURL: `${server.url}/v1`, apiKey: key },
    openrouter: { baseURL: `${server.url}/v1`, apiKey: key },
    anthropic: { baseURL: server.url, apiKey: key },
  };
}
