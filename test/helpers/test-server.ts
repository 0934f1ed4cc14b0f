/**
 * The one local HTTP server of the test suite: listens on 127.0.0.1 on a free port, reads each
 * request's body, records the request and hands it to the test's handler. The handler owns the
 * response: it can answer normally, write raw bytes to `res.socket`, stall, or destroy the socket.
 * `close()` destroys every socket still open, so a stalled or hostile reply never keeps the test
 * process alive.
 */
import * as http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** A request as the server received it, body included. */
export interface TestRequest {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  /** The body as UTF-8 text ('' when there was none). */
  body: string;
  /** The body parsed as JSON, or undefined when it is not JSON. */
  json: any;
}

/**
 * Answers one request; called once its body has been read, unless `readBody` is false. What it
 * returns is ignored, except that a rejected promise is answered with a 500.
 */
export type TestHandler = (req: http.IncomingMessage, res: http.ServerResponse, request: TestRequest) => unknown;

export interface TestServerOptions {
  /** Keep every request in `requests` (default true). */
  record?: boolean;
  /**
   * Wait for the request body before calling the handler (default true). With false the handler
   * runs as soon as the headers arrive and `request.body` is ''.
   */
  readBody?: boolean;
}

export interface TestServer {
  /** `http://127.0.0.1:<port>`, no trailing slash. */
  url: string;
  port: number;
  /** The requests received, in order (empty when `record` is false). */
  requests: TestRequest[];
  /** Sockets open right now (to prove aborted requests free theirs). */
  openSockets(): number;
  /** Destroys every open socket and stops listening. */
  close(): Promise<void>;
}

export async function startTestServer(handler: TestHandler, options: TestServerOptions = {}): Promise<TestServer> {
  const record = options.record ?? true;
  const readBody = options.readBody ?? true;
  const requests: TestRequest[] = [];
  const sockets = new Set<Socket>();
  const answer = (req: http.IncomingMessage, res: http.ServerResponse, body: string): void => {
    let json: unknown;
    try {
      json = body === '' ? undefined : JSON.parse(body);
    } catch {
      json = undefined;
    }
    const request: TestRequest = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body, json };
    if (record) requests.push(request);
    // A client that goes away mid-reply must not crash the test process.
    res.on('error', () => undefined);
    (async () => handler(req, res, request))().catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(`test server handler failed: ${String(error)}`);
    });
  };
  const server = http.createServer((req, res) => {
    if (!readBody) {
      req.resume();
      answer(req, res, '');
      return;
    }
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (part: string) => (body += part));
    req.on('end', () => answer(req, res, body));
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    openSockets: () => sockets.size,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
