// Test support for the mock-server suites: plain node:http requests with no connection reuse,
// so a fault that kills one socket cannot leak into the next request.
import { request as httpRequest } from 'node:http';
import type { IncomingHttpHeaders } from 'node:http';

export interface HttpResult {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
  json: () => any;
}

export interface SendOptions {
  method?: string;
  /** An object is sent as JSON; a string is sent as is. */
  body?: unknown;
  headers?: Record<string, string>;
}

export function send(url: string, options: SendOptions = {}): Promise<HttpResult> {
  const { method = options.body === undefined ? 'GET' : 'POST', body, headers = {} } = options;
  const payload = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const request = httpRequest(url, { method, agent: false, headers: { 'content-type': 'application/json', ...headers } });
    request.on('error', reject);
    request.on('response', (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (text += chunk));
      response.on('error', reject);
      response.on('end', () =>
        resolve({ status: response.statusCode ?? 0, headers: response.headers, text, json: () => JSON.parse(text) }),
      );
    });
    request.end(payload);
  });
}

interface ParsedEvent {
  event?: string;
  data: string;
}

/** Splits complete `text/event-stream` blocks; a trailing partial block is left out. */
function parseSse(raw: string): ParsedEvent[] {
  const blocks = raw.split('\n\n');
  blocks.pop();
  return blocks.map((block) => {
    const parsed: ParsedEvent = { data: '' };
    for (const line of block.split('\n')) {
      if (line.startsWith('event: ')) parsed.event = line.slice('event: '.length);
      if (line.startsWith('data: ')) parsed.data = line.slice('data: '.length);
    }
    return parsed;
  });
}

export interface StreamEnd {
  /** Set when the connection ended without a complete response. */
  error: Error | undefined;
  raw: string;
  events: ParsedEvent[];
}

export interface OpenStream {
  status: number;
  headers: IncomingHttpHeaders;
  /** Events received so far. */
  events: () => ParsedEvent[];
  /** Resolves once `count` events arrived; rejects if the stream ends first. */
  waitForEvents: (count: number) => Promise<void>;
  /** Settles when the response ends or the connection dies; never rejects. */
  done: Promise<StreamEnd>;
  /** The client giving up. */
  destroy: () => void;
}

/** POSTs a body and resolves at the response headers, leaving the body to be watched. */
export function openStream(url: string, body: unknown, headers: Record<string, string> = {}): Promise<OpenStream> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(url, { method: 'POST', agent: false, headers: { 'content-type': 'application/json', ...headers } });
    request.on('error', reject);
    request.on('response', (response) => {
      let raw = '';
      let ended = false;
      const waiters: { count: number; resolve: () => void; reject: (error: Error) => void }[] = [];
      const check = (): void => {
        const count = parseSse(raw).length;
        for (const waiter of waiters.slice()) {
          if (count >= waiter.count) waiter.resolve();
          else if (ended) waiter.reject(new Error(`stream ended after ${count} events, expected ${waiter.count}`));
          else continue;
          waiters.splice(waiters.indexOf(waiter), 1);
        }
      };
      let settle: (end: StreamEnd) => void = () => {};
      const done = new Promise<StreamEnd>((resolveDone) => {
        settle = (end) => {
          if (ended) return;
          ended = true;
          check();
          resolveDone(end);
        };
      });
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        raw += chunk;
        check();
      });
      response.on('end', () => settle({ error: undefined, raw, events: parseSse(raw) }));
      response.on('error', (error) => settle({ error, raw, events: parseSse(raw) }));
      response.on('close', () => {
        if (!response.complete) settle({ error: new Error('connection closed mid-response'), raw, events: parseSse(raw) });
      });
      resolve({
        status: response.statusCode ?? 0,
        headers: response.headers,
        events: () => parseSse(raw),
        waitForEvents: (count) =>
          new Promise<void>((resolveWait, rejectWait) => {
            waiters.push({ count, resolve: resolveWait, reject: rejectWait });
            check();
          }),
        done,
        destroy: () => request.destroy(),
      });
    });
    request.end(JSON.stringify(body));
  });
}

/** Reads a whole stream. */
export async function readStream(
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<StreamEnd & { status: number; headers: IncomingHttpHeaders }> {
  const stream = await openStream(url, body, headers);
  const end = await stream.done;
  return { ...end, status: stream.status, headers: stream.headers };
}
