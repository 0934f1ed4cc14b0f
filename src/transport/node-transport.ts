/**
 * The Node transport: `node:http`/`node:https` with a keep-alive agent per client. Cheaper than
 * Node's global `fetch` on first use and per request; loaded only when a request is made.
 */
import * as http from 'node:http';
import type { Readable } from 'node:stream';
import { requestFollowingRedirects } from './redirects.js';
import { deadlineError, timeoutError, tooLargeError, toTransportError } from './transport-errors.js';
import { DEFAULT_MAX_RESPONSE_BYTES, type Transport, type TransportRequest, type TransportResponse } from './transport-types.js';

export interface NodeTransportOptions {
  /** Keep connections open between requests (default true). */
  keepAlive?: boolean;
  /** Upper bound of sockets per host (default: unlimited). */
  maxSockets?: number;
}

/** Creates a transport with its own connection pool; `close()` ends the pool. */
export function createNodeTransport(options: NodeTransportOptions = {}): Transport {
  const agentOptions: http.AgentOptions = {
    keepAlive: options.keepAlive ?? true,
    keepAliveMsecs: 1000,
    scheduling: 'lifo',
    ...(options.maxSockets === undefined ? {} : { maxSockets: options.maxSockets }),
  };
  let httpAgent: http.Agent | undefined;
  let httpsAgent: http.Agent | undefined;
  // node:https (and TLS with it) costs several ms to load: only HTTPS URLs pay for it.
  let httpsModule: Promise<typeof import('node:https')> | undefined;
  const httpsClient = async (): Promise<Client> => {
    const https = await (httpsModule ??= import('node:https'));
    return { request: https.request, agent: (httpsAgent ??= new https.Agent(agentOptions)) };
  };
  let httpClient: Client | undefined;
  // The scheme from the string: a URL object per request costs more than the check it serves.
  const send = (request: TransportRequest): Promise<TransportResponse> =>
    HTTPS.test(request.url)
      ? httpsClient().then((client) => sendOnce(request, client))
      : sendOnce(request, (httpClient ??= { request: http.request, agent: (httpAgent ??= new http.Agent(agentOptions)) }));
  return {
    request: (request) => requestFollowingRedirects(send, request),
    close() {
      httpAgent?.destroy();
      httpsAgent?.destroy();
      httpAgent = undefined;
      httpsAgent = undefined;
      httpClient = undefined;
    },
  };
}

const HTTPS = /^https:/i;

/** What the parts of one exchange share. */
interface ExchangeState {
  /** Why the exchange was cut. */
  failure?: Error;
  /** When the body last moved (`Date.now()`). */
  active: number;
}

interface Client {
  request: typeof http.request;
  agent: http.Agent;
}

function sendOnce(request: TransportRequest, client: Client): Promise<TransportResponse> {
  return new Promise<TransportResponse>((resolve, reject) => {
    const { signal } = request;
    if (signal?.aborted) return reject(toTransportError(signal.reason, request));
    // A retry that starts past the deadline is never sent: it could only be paid for and cut.
    if (request.deadlineAt !== undefined && Date.now() >= request.deadlineAt) return reject(deadlineError(request));
    // The caller's headers as they are (http.request copies them), the length set on the request:
    // adding it to a spread copy would cost a hidden class per request on Node 20 (see copyWith).
    const req = client.request(request.url, { method: request.method, headers: request.headers, agent: client.agent });
    if (request.body !== undefined) req.setHeader('content-length', String(Buffer.byteLength(request.body)));

    let settled = false;
    let phase: 'response' | 'stream' = 'response';
    // Why the exchange was cut, so the body iterator reports that rather than a bare socket error;
    // and when the body last moved, for the idle timer.
    const state: ExchangeState = { active: 0 };
    let response: http.IncomingMessage | undefined;
    const cut = (error: Error): void => {
      state.failure ??= error;
      // Before the response, the request carries the error to its own handler. After it, only the
      // response is ended: destroying the request then could hand the error to a socket already
      // back in the keep-alive pool, where nothing listens and the process would crash.
      if (response === undefined) req.destroy(error);
      else response.destroy(response.complete ? undefined : error);
    };
    const onAbort = (): void => cut(toTransportError(signal?.reason, request));
    signal?.addEventListener('abort', onAbort, { once: true });
    // One timer per exchange (a socket timeout as well cost more than the rest of the request):
    // the headers must come within `timeoutMs` of the start (an idle timer alone would let a
    // server that trickles header bytes hold a call forever), then the body may not go quiet
    // for longer; reads stamp `state.active`, and the timer, when it fires, waits out the rest.
    // `deadlineAt` gets its own timer over the whole exchange.
    let idleTimer: ReturnType<typeof setTimeout> | undefined;
    let deadlineTimer: ReturnType<typeof setTimeout> | undefined;
    const cleanup = (): void => {
      signal?.removeEventListener('abort', onAbort);
      clearTimeout(idleTimer);
      clearTimeout(deadlineTimer);
    };
    const { timeoutMs, deadlineAt } = request;
    if (timeoutMs !== undefined && timeoutMs > 0) {
      const onIdle = (): void => {
        const quiet = phase === 'stream' ? Date.now() - state.active : timeoutMs;
        if (quiet < timeoutMs) idleTimer = setTimeout(onIdle, timeoutMs - quiet).unref();
        else cut(timeoutError(request, phase));
      };
      idleTimer = setTimeout(onIdle, timeoutMs);
    }
    if (deadlineAt !== undefined) deadlineTimer = setTimeout(() => cut(deadlineError(request)), Math.max(0, deadlineAt - Date.now()));
    req.on('error', (error) => {
      cleanup();
      if (!settled) {
        settled = true;
        reject(state.failure ?? toTransportError(error, request));
      }
    });
    req.on('response', (res) => {
      settled = true;
      phase = 'stream';
      state.active = Date.now();
      // A body nobody reads must not keep the process alive (as the socket's own timer did not).
      idleTimer?.unref();
      response = res;
      // The body iterator reports failures (with the reason in `state`); this keeps an error on a
      // body nobody is reading yet from becoming an uncaught exception.
      res.on('error', () => undefined);
      // 'close' follows 'end' (and comes alone when the body is cut): one listener clears the timers.
      res.on('close', cleanup);
      const responseHeaders = flattenHeaders(res);
      const encoding = responseHeaders['content-encoding'];
      // Read only once iterated: the caller may read the body whole with text() instead.
      const body: AsyncIterable<Uint8Array> = {
        [Symbol.asyncIterator]: () => (isEncoded(encoding) ? iterateDecoded(res, encoding, request, state) : readBody(res, request, state)),
      };
      resolve({
        status: res.statusCode ?? 0,
        headers: responseHeaders,
        body,
        // A whole body is gathered from events: an async iterator per response costs more than the
        // parse of a small JSON answer (it showed at a thousand concurrent requests).
        text: async () => readAll(isEncoded(encoding) ? await decompress(res, encoding, state) : res, res, request, state),
        cancel: () => {
          cleanup();
          res.destroy();
        },
      });
    });
    req.end(request.body);
  });
}

/**
 * A plain body, read from its own events: one resolved promise per network read, where the
 * stream's async iterator (and a generator over it) cost several, and set up more per response
 * than a short stream's whole parse. The body pauses while nobody waits for the next read, so a
 * slow consumer holds back the socket as before. Ends with the read after the last byte; a
 * failure (a cut, an abort, a timeout: `state.failure` says which) rejects the next read, and a
 * body that closes before its end is a connection error. `return()` frees the socket.
 */
function readBody(res: http.IncomingMessage, request: TransportRequest, state: ExchangeState): AsyncIterableIterator<Uint8Array> {
  const queue: Uint8Array[] = [];
  let head = 0;
  let ended = false;
  let paused = false;
  let failure: Error | undefined;
  let waiting: { resolve: (read: IteratorResult<Uint8Array>) => void; reject: (error: Error) => void } | undefined;
  const done = (): IteratorResult<Uint8Array> => ({ value: undefined, done: true });
  const take = (): IteratorResult<Uint8Array> => {
    const value = queue[head]!;
    if (++head === queue.length) {
      queue.length = 0;
      head = 0;
    }
    return { value, done: false };
  };
  // Listeners only settle the waiting read: a throw from one would be uncaught.
  const settle = (): void => {
    const waiter = waiting;
    if (waiter === undefined) return;
    if (head < queue.length) waiter.resolve(take());
    else if (failure !== undefined) {
      ended = true;
      waiter.reject(failure);
    } else if (ended) waiter.resolve(done());
    else return;
    waiting = undefined;
  };
  const fail = (error: unknown): void => {
    if (ended || failure !== undefined) return;
    failure = state.failure ?? toTransportError(error, request);
    settle();
  };
  res.on('data', (part: Uint8Array) => {
    state.active = Date.now();
    queue.push(part);
    if (waiting !== undefined) settle();
    else if (!paused) {
      paused = true;
      res.pause();
    }
  });
  // `on`, not `once`: each of these fires at most once, and a `once` wrapper per listener per
  // response is garbage a thousand concurrent calls pay for. The handlers ignore a late repeat.
  res.on('end', () => {
    if (failure !== undefined) return;
    ended = true;
    settle();
  });
  res.on('error', fail);
  res.on('close', () => fail(new Error('The connection closed before the response body ended')));
  return {
    next() {
      if (head < queue.length) return Promise.resolve(take());
      if (failure !== undefined && !ended) {
        ended = true;
        return Promise.reject(failure);
      }
      if (ended) return Promise.resolve(done());
      if (paused) {
        paused = false;
        res.resume();
      }
      return new Promise((resolve, reject) => (waiting = { resolve, reject }));
    },
    return() {
      // An early exit (a consumer that stops reading): free the socket.
      ended = true;
      queue.length = 0;
      head = 0;
      if (!res.complete) res.destroy();
      const waiter = waiting;
      waiting = undefined;
      waiter?.resolve(done());
      return Promise.resolve(done());
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}

/** A compressed body, through its decoder. */
async function* iterateDecoded(
  res: http.IncomingMessage,
  encoding: string,
  request: TransportRequest,
  state: ExchangeState,
): AsyncGenerator<Uint8Array> {
  const source = await decompress(res, encoding, state);
  try {
    for await (const chunk of source) yield chunk as Uint8Array;
  } catch (error) {
    throw state.failure ?? toTransportError(error, request);
  } finally {
    // Reached on early exit too (a consumer that stops reading): free the socket.
    if (!res.complete) res.destroy();
  }
}

/**
 * The whole body as text, within `maxResponseBytes` counted per read after decompression, so a
 * huge body or a small compressed bomb fails typed instead of filling memory. Listeners here only
 * settle the promise: a throw from one would be uncaught and end the process.
 */
function readAll(source: Readable, res: http.IncomingMessage, request: TransportRequest, state: ExchangeState): Promise<string> {
  const limit = request.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  return new Promise<string>((resolve, reject) => {
    let parts: Buffer[] = [];
    let size = 0;
    let done = false;
    const fail = (error: unknown): void => {
      if (done) return;
      done = true;
      parts = [];
      if (!res.complete) res.destroy();
      reject(state.failure ?? toTransportError(error, request));
    };
    source.on('data', (part: Buffer) => {
      state.active = Date.now();
      size += part.length;
      if (size <= limit) {
        parts.push(part);
        return;
      }
      state.failure ??= tooLargeError(request, limit);
      fail(state.failure);
      source.destroy();
      res.destroy();
    });
    // `on`, not `once`, as in readBody: `done` makes a late repeat harmless.
    source.on('end', () => {
      if (done) return;
      done = true;
      try {
        resolve(parts.length === 1 ? parts[0]!.toString('utf8') : Buffer.concat(parts).toString('utf8'));
      } catch {
        // Past the engine's longest string (a cap raised beyond ~512 MiB).
        reject(tooLargeError(request, size));
      }
    });
    source.on('error', fail);
    source.on('close', () => fail(new Error('The connection closed before the response body ended')));
  });
}

function isEncoded(encoding: string | undefined): encoding is 'gzip' | 'deflate' | 'br' | 'x-gzip' {
  return encoding === 'gzip' || encoding === 'deflate' || encoding === 'br' || encoding === 'x-gzip';
}

async function decompress(res: http.IncomingMessage, encoding: string, state: ExchangeState): Promise<Readable> {
  const zlib = await import('node:zlib');
  const decoder = encoding === 'br' ? zlib.createBrotliDecompress() : encoding === 'deflate' ? zlib.createInflate() : zlib.createGunzip();
  res.on('error', (error) => decoder.destroy(error));
  // Compressed bytes arriving are the body moving, even before they decode to anything.
  res.on('data', () => (state.active = Date.now()));
  return res.pipe(decoder);
}

/**
 * The response headers by lower-cased name. Read from `rawHeaders`: asking for `res.headers`
 * builds Node's own object first, and this runs once per response. A name seen twice (or one an
 * object already has, like `constructor`) takes Node's reading instead, which knows which
 * headers join and which keep their first value.
 */
function flattenHeaders(res: http.IncomingMessage): Record<string, string> {
  const raw = res.rawHeaders;
  const out: Record<string, string> = {};
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i]!.toLowerCase();
    if (out[name] !== undefined) return joinedHeaders(res.headers);
    out[name] = raw[i + 1]!;
  }
  return out;
}

function joinedHeaders(headers: http.IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) out[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}
