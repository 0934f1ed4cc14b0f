/**
 * The Node transport: `node:http`/`node:https` with a keep-alive agent per client. Cheaper than
 * Node's global `fetch` on first use and per request; loaded only when a request is made.
 */
import * as http from 'node:http';
import type { Duplex, Readable } from 'node:stream';
import { stopWaitingForAbort, waitForAbort } from '../util/abort-hook.js';
import { requestFollowingRedirects } from './redirects.js';
import { withoutLongBody } from './release-request-body.js';
import { deadlineError, timeoutError, tooLargeError, toTransportError } from './transport-errors.js';
import { DEFAULT_MAX_RESPONSE_BYTES, type Transport, type TransportRequest, type TransportResponse } from './transport-types.js';

export interface NodeTransportOptions {
  /** Keep connections open between requests (default true). */
  keepAlive?: boolean;
  /** Upper bound of sockets per host (default: unlimited). */
  maxSockets?: number;
  /**
   * How long a pooled connection may sit unused before it is closed, in ms (default 60,000). A
   * server that announces a shorter keep-alive (`Keep-Alive: timeout=5`) is believed, less a
   * second: a connection is never reused just as the server closes it, which fails the request
   * with a reset the server never saw.
   */
  idleSocketTimeoutMs?: number;
}

const IDLE_SOCKET_TIMEOUT_MS = 60_000;

/** Creates a transport with its own connection pool; `close()` ends the pool. */
export function createNodeTransport(options: NodeTransportOptions = {}): Transport {
  const agentOptions: http.AgentOptions = {
    keepAlive: options.keepAlive ?? true,
    keepAliveMsecs: 1000,
    // An idle limit for pooled sockets, which also makes Node honour a server's keep-alive hint
    // (without one it keeps them forever and ignores the hint). A socket in use is not affected
    // (see `idleTimerInPoolOnly`).
    timeout: options.idleSocketTimeoutMs ?? IDLE_SOCKET_TIMEOUT_MS,
    scheduling: 'lifo',
    ...(options.maxSockets === undefined ? {} : { maxSockets: options.maxSockets }),
  };
  let httpAgent: http.Agent | undefined;
  let httpsAgent: http.Agent | undefined;
  // node:https (and TLS with it) costs several ms to load: only HTTPS URLs pay for it.
  let httpsModule: Promise<typeof import('node:https')> | undefined;
  // Once loaded, an HTTPS request is sent without waiting on the module again.
  let httpsReady: Client | undefined;
  const httpsClient = async (): Promise<Client> => {
    const https = await (httpsModule ??= import('node:https'));
    return (httpsReady ??= { request: https.request, agent: (httpsAgent ??= idleTimerInPoolOnly(new https.Agent(agentOptions))) });
  };
  let httpClient: Client | undefined;
  // The scheme from the string: a URL object per request costs more than the check it serves.
  const send = (request: TransportRequest): Promise<TransportResponse> =>
    HTTPS.test(request.url)
      ? httpsReady !== undefined
        ? sendOnce(request, httpsReady)
        : httpsClient().then((client) => sendOnce(request, client))
      : sendOnce(
          request,
          (httpClient ??= { request: http.request, agent: (httpAgent ??= idleTimerInPoolOnly(new http.Agent(agentOptions))) }),
        );
  return {
    request: (request) => requestFollowingRedirects(send, request),
    close() {
      httpAgent?.destroy();
      httpsAgent?.destroy();
      httpAgent = undefined;
      httpsAgent = undefined;
      httpClient = undefined;
      httpsReady = undefined;
    },
  };
}

const HTTPS = /^https:/i;

/**
 * The pool's idle limit runs only while a connection waits in the pool. Node arms an agent's
 * `timeout` on each socket it creates and refreshes it on every read and write while a request
 * is in flight, where it does nothing (each exchange has its own timers): that was a timer per
 * connection in use and work on every network read (1,000 streams at once: 1.2% of the
 * burst's instructions, see bench/README.md, "Tenth pass"). Here a socket is created without it;
 * Node's `keepSocketAlive` arms it when the socket goes back to the pool (the server's keep-alive
 * hint included), and a socket taken from the pool has it cleared.
 */
function idleTimerInPoolOnly<A extends http.Agent>(agent: A): A {
  const create = agent.createConnection as (this: A, options: { timeout?: number }, ...rest: unknown[]) => unknown;
  (agent as { createConnection: typeof create }).createConnection = function (this: A, options, ...rest) {
    // A copy Node made for this socket (see `Agent.createSocket`).
    delete options.timeout;
    return create.call(this, options, ...rest);
  };
  const reuse = agent.reuseSocket;
  agent.reuseSocket = function (this: A, socket, request) {
    // A Duplex in the type; the agent's own sockets are `net.Socket`s.
    (socket as Duplex & { setTimeout?: (ms: number) => unknown }).setTimeout?.(0);
    reuse.call(this, socket, request);
  };
  return agent;
}

/** What the parts of one exchange share. */
interface ExchangeState {
  /** The request, without a long body once the response has come (see `withoutLongBody`). */
  readonly request: TransportRequest;
  /** Why the exchange was cut. */
  failure?: Error | undefined;
  /** When the body last moved (`Date.now()`). */
  active: number;
}

interface Client {
  request: typeof http.request;
  agent: http.Agent;
}

function sendOnce(request: TransportRequest, client: Client): Promise<TransportResponse> {
  const { signal } = request;
  if (signal?.aborted) return Promise.reject(toTransportError(signal.reason, request));
  // A retry that starts past the deadline is never sent: it could only be paid for and cut.
  if (request.deadlineAt !== undefined && Date.now() >= request.deadlineAt) return Promise.reject(deadlineError(request));
  return new Promise<TransportResponse>((resolve, reject) => new Exchange(request, client, resolve, reject));
}

/** Where a request's and its response's listeners find their exchange: the listeners are shared, not made per request. */
const EXCHANGE = Symbol('llmux.exchange');
type ExchangeEmitter = (http.ClientRequest | http.IncomingMessage) & { [EXCHANGE]: Exchange };

function onRequestError(this: ExchangeEmitter, error: Error): void {
  this[EXCHANGE].requestFailed(error);
}
function onResponse(this: ExchangeEmitter, res: http.IncomingMessage): void {
  this[EXCHANGE].responded(res);
}
function onResponseClose(this: ExchangeEmitter): void {
  this[EXCHANGE].cleanup();
}
// The body iterator reports failures (with the reason in the exchange); this keeps an error on a
// body nobody is reading yet from becoming an uncaught exception.
function ignoreError(): void {}
function onIdleTimer(exchange: Exchange): void {
  exchange.idle();
}
function onDeadlineTimer(exchange: Exchange): void {
  exchange.cut(deadlineError(exchange.request));
}

/**
 * One request and its response: a class with shared listeners, so a request makes a few objects
 * rather than a dozen closures (see `sse-parser.ts`). It is also the state the body readers
 * share (`ExchangeState`): why the exchange was cut, so a reader reports that rather than a bare
 * socket error, and when the body last moved, for the idle timer.
 */
class Exchange implements ExchangeState {
  request: TransportRequest;
  failure: Error | undefined = undefined;
  active = 0;
  readonly #req: http.ClientRequest;
  readonly #resolve: (response: TransportResponse) => void;
  readonly #reject: (error: Error) => void;
  #settled = false;
  #phase: 'response' | 'stream' = 'response';
  #response: http.IncomingMessage | undefined = undefined;
  // One timer per exchange (a socket timeout as well cost more than the rest of the request):
  // the headers must come within `timeoutMs` of the start (an idle timer alone would let a
  // server that trickles header bytes hold a call forever), then the body may not go quiet
  // for longer; reads stamp `active`, and the timer, when it fires, waits out the rest.
  // `deadlineAt` gets its own timer over the whole exchange.
  #idleTimer: ReturnType<typeof setTimeout> | undefined = undefined;
  #deadlineTimer: ReturnType<typeof setTimeout> | undefined = undefined;

  constructor(request: TransportRequest, client: Client, resolve: (response: TransportResponse) => void, reject: (error: Error) => void) {
    this.request = request;
    this.#resolve = resolve;
    this.#reject = reject;
    // The caller's headers as they are (http.request copies them), the length set on the request:
    // adding it to a spread copy would cost a hidden class per request on Node 20 (see copyWith).
    const req = client.request(request.url, { method: request.method, headers: request.headers, agent: client.agent });
    this.#req = req;
    if (request.body !== undefined) req.setHeader('content-length', String(Buffer.byteLength(request.body)));
    // An object with handleEvent, not a closure: the signal (or a stream's slot, see
    // abort-hook.ts) calls it on abort.
    const { signal } = request;
    if (signal !== undefined) waitForAbort(signal, this);
    const { timeoutMs, deadlineAt } = request;
    if (timeoutMs !== undefined && timeoutMs > 0) this.#idleTimer = setTimeout(onIdleTimer, timeoutMs, this);
    if (deadlineAt !== undefined) this.#deadlineTimer = setTimeout(onDeadlineTimer, Math.max(0, deadlineAt - Date.now()), this);
    (req as ExchangeEmitter)[EXCHANGE] = this;
    req.on('error', onRequestError);
    req.on('response', onResponse);
    req.end(request.body);
  }

  /** The caller's signal fired. */
  handleEvent(): void {
    this.cut(toTransportError(this.request.signal?.reason, this.request));
  }

  cut(error: Error): void {
    this.failure ??= error;
    // Before the response, the request carries the error to its own handler. After it, only the
    // response is ended: destroying the request then could hand the error to a socket already
    // back in the keep-alive pool, where nothing listens and the process would crash.
    const response = this.#response;
    if (response === undefined) this.#req.destroy(error);
    else response.destroy(response.complete ? undefined : error);
  }

  idle(): void {
    const timeoutMs = this.request.timeoutMs!;
    const quiet = this.#phase === 'stream' ? Date.now() - this.active : timeoutMs;
    if (quiet < timeoutMs) this.#idleTimer = setTimeout(onIdleTimer, timeoutMs - quiet, this).unref();
    else this.cut(timeoutError(this.request, this.#phase));
  }

  cleanup(): void {
    const { signal } = this.request;
    if (signal !== undefined) stopWaitingForAbort(signal, this);
    clearTimeout(this.#idleTimer);
    clearTimeout(this.#deadlineTimer);
  }

  requestFailed(error: Error): void {
    this.cleanup();
    if (this.#settled) return;
    this.#settled = true;
    this.#reject(this.failure ?? toTransportError(error, this.request));
  }

  responded(res: http.IncomingMessage): void {
    this.request = withoutLongBody(this.request);
    this.#settled = true;
    this.#phase = 'stream';
    this.active = Date.now();
    // A body nobody reads must not keep the process alive (as the socket's own timer did not).
    this.#idleTimer?.unref();
    this.#response = res;
    (res as ExchangeEmitter)[EXCHANGE] = this;
    res.on('error', ignoreError);
    // 'close' follows 'end' (and comes alone when the body is cut): one listener clears the timers.
    res.on('close', onResponseClose);
    this.#resolve(new NodeResponse(res, this));
  }
}

/** What `request()` resolves with (see `TransportResponse`). */
class NodeResponse implements TransportResponse {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: AsyncIterable<Uint8Array>;
  readonly #res: http.IncomingMessage;
  readonly #exchange: Exchange;
  readonly #encoding: string | undefined;

  constructor(res: http.IncomingMessage, exchange: Exchange) {
    this.status = res.statusCode ?? 0;
    this.headers = flattenHeaders(res);
    this.#res = res;
    this.#exchange = exchange;
    this.#encoding = this.headers['content-encoding'];
    // Read only once iterated: the caller may read the body whole with text() instead.
    this.body = this;
  }

  [Symbol.asyncIterator](): AsyncIterator<Uint8Array> {
    const encoding = this.#encoding;
    const exchange = this.#exchange;
    return isEncoded(encoding) ? iterateDecoded(this.#res, encoding, exchange) : new BodyReader(this.#res, exchange);
  }

  // A whole body is gathered from events: an async iterator per response costs more than the
  // parse of a small JSON answer (it showed at a thousand concurrent requests).
  async text(): Promise<string> {
    const res = this.#res;
    const encoding = this.#encoding;
    const exchange = this.#exchange;
    return readAll(isEncoded(encoding) ? await decompress(res, encoding, exchange) : res, res, exchange);
  }

  cancel(): void {
    this.#exchange.cleanup();
    this.#res.destroy();
  }
}

/** What reads a body from its events: `BodyReader` (as it arrives) or `WholeBody` (all of it). One per body. */
interface BodySink {
  data(part: Uint8Array): void;
  end(): void;
  fail(error: unknown): void;
  /** The source closed: a failure unless the body had ended. */
  closed(): void;
}

/** Where a body's listeners find its sink: the listeners are shared, not made per response. */
const SINK = Symbol('llmux.bodySink');
type SinkSource = Readable & { [SINK]: BodySink };

// `on`, not `once`: each of 'end', 'error' and 'close' fires at most once, and a `once` wrapper per
// listener per response is garbage a thousand concurrent calls pay for. The sinks ignore a late
// repeat. Listeners only settle what waits: a throw from one would be uncaught.
function onSinkData(this: SinkSource, part: Uint8Array): void {
  this[SINK].data(part);
}
function onSinkEnd(this: SinkSource): void {
  this[SINK].end();
}
function onSinkError(this: SinkSource, error: Error): void {
  this[SINK].fail(error);
}
function onSinkClose(this: SinkSource): void {
  this[SINK].closed();
}

/** What a body that closes before its end fails with; made only then (an error's stack trace is dear, and every body closes). */
const closedEarly = (): Error => new Error('The connection closed before the response body ended');

/** Hands `source`'s events to `sink`. */
function attachSink(source: Readable, sink: BodySink): void {
  (source as SinkSource)[SINK] = sink;
  source.on('data', onSinkData);
  source.on('end', onSinkEnd);
  source.on('error', onSinkError);
  source.on('close', onSinkClose);
}

const DONE: IteratorReturnResult<undefined> = Object.freeze({ value: undefined, done: true });

/**
 * A plain body, read from its own events: one resolved promise per network read, where the
 * stream's async iterator (and a generator over it) cost several, and set up more per response
 * than a short stream's whole parse. The body pauses while nobody waits for the next read, so a
 * slow consumer holds back the socket as before. Ends with the read after the last byte; a
 * failure (a cut, an abort, a timeout: `state.failure` says which) rejects the next read, and a
 * body that closes before its end is a connection error. `return()` frees the socket. A class,
 * not closures per response (see `sse-parser.ts`).
 */
class BodyReader implements AsyncIterableIterator<Uint8Array>, BodySink {
  readonly #res: http.IncomingMessage;
  readonly #state: ExchangeState;
  readonly #queue: Uint8Array[] = [];
  #head = 0;
  #ended = false;
  #paused = false;
  #failure: Error | undefined = undefined;
  #resolve: ((read: IteratorResult<Uint8Array>) => void) | undefined = undefined;
  #reject: ((error: Error) => void) | undefined = undefined;

  constructor(res: http.IncomingMessage, state: ExchangeState) {
    this.#res = res;
    this.#state = state;
    attachSink(res, this);
  }

  data(part: Uint8Array): void {
    this.#state.active = Date.now();
    this.#queue.push(part);
    if (this.#resolve !== undefined) this.#settle();
    else if (!this.#paused) {
      this.#paused = true;
      this.#res.pause();
    }
  }

  end(): void {
    if (this.#failure !== undefined) return;
    this.#ended = true;
    this.#settle();
  }

  fail(error: unknown): void {
    if (this.#ended || this.#failure !== undefined) return;
    this.#failure = this.#state.failure ?? toTransportError(error, this.#state.request);
    this.#settle();
  }

  closed(): void {
    if (!this.#ended && this.#failure === undefined) this.fail(closedEarly());
  }

  next(): Promise<IteratorResult<Uint8Array>> {
    if (this.#head < this.#queue.length) return Promise.resolve(this.#take());
    if (this.#failure !== undefined && !this.#ended) {
      this.#ended = true;
      return Promise.reject(this.#failure);
    }
    if (this.#ended) return Promise.resolve(DONE);
    if (this.#paused) {
      this.#paused = false;
      this.#res.resume();
    }
    return new Promise((resolve, reject) => {
      this.#resolve = resolve;
      this.#reject = reject;
    });
  }

  /**
   * Whether the body ended whole and everything in it has been read: nothing is left to drain
   * once a stream has seen its terminator (see `drain` in `stream/stream-sse-chunks.ts`).
   */
  exhausted(): boolean {
    return this.#ended && this.#failure === undefined && this.#head >= this.#queue.length;
  }

  return(): Promise<IteratorResult<Uint8Array>> {
    // An early exit (a consumer that stops reading): free the socket.
    this.#ended = true;
    this.#queue.length = 0;
    this.#head = 0;
    if (!this.#res.complete) this.#res.destroy();
    const resolve = this.#resolve;
    this.#resolve = undefined;
    this.#reject = undefined;
    resolve?.(DONE);
    return Promise.resolve(DONE);
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  #take(): IteratorResult<Uint8Array> {
    const queue = this.#queue;
    const value = queue[this.#head]!;
    if (++this.#head === queue.length) {
      queue.length = 0;
      this.#head = 0;
    }
    return { value, done: false };
  }

  /** Settles the waiting read, if any, with what there is to say. */
  #settle(): void {
    const resolve = this.#resolve;
    if (resolve === undefined) return;
    if (this.#head < this.#queue.length) resolve(this.#take());
    else if (this.#failure !== undefined) {
      this.#ended = true;
      this.#reject!(this.#failure);
    } else if (this.#ended) resolve(DONE);
    else return;
    this.#resolve = undefined;
    this.#reject = undefined;
  }
}

/** A compressed body, through its decoder. */
async function* iterateDecoded(res: http.IncomingMessage, encoding: string, state: ExchangeState): AsyncGenerator<Uint8Array> {
  const source = await decompress(res, encoding, state);
  try {
    for await (const chunk of source) yield chunk as Uint8Array;
  } catch (error) {
    throw state.failure ?? toTransportError(error, state.request);
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
function readAll(source: Readable, res: http.IncomingMessage, state: ExchangeState): Promise<string> {
  return new Promise<string>((resolve, reject) => new WholeBody(source, res, state, resolve, reject));
}

/** `readAll`'s state: one object per response rather than a closure per event. */
class WholeBody implements BodySink {
  readonly #source: Readable;
  readonly #res: http.IncomingMessage;
  readonly #state: ExchangeState;
  readonly #resolve: (text: string) => void;
  readonly #reject: (error: Error) => void;
  readonly #limit: number;
  #parts: Uint8Array[] = [];
  #size = 0;
  #done = false;

  constructor(
    source: Readable,
    res: http.IncomingMessage,
    state: ExchangeState,
    resolve: (text: string) => void,
    reject: (error: Error) => void,
  ) {
    this.#source = source;
    this.#res = res;
    this.#state = state;
    this.#resolve = resolve;
    this.#reject = reject;
    this.#limit = state.request.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
    attachSink(source, this);
  }

  data(part: Uint8Array): void {
    this.#state.active = Date.now();
    this.#size += part.length;
    if (this.#size <= this.#limit) {
      this.#parts.push(part);
      return;
    }
    this.#state.failure ??= tooLargeError(this.#state.request, this.#limit);
    this.fail(this.#state.failure);
    this.#source.destroy();
    this.#res.destroy();
  }

  end(): void {
    if (this.#done) return;
    this.#done = true;
    const parts = this.#parts;
    try {
      this.#resolve(parts.length === 1 ? (parts[0] as Buffer).toString('utf8') : Buffer.concat(parts).toString('utf8'));
    } catch {
      // Past the engine's longest string (a cap raised beyond ~512 MiB).
      this.#reject(tooLargeError(this.#state.request, this.#size));
    }
  }

  fail(error: unknown): void {
    if (this.#done) return;
    this.#done = true;
    this.#parts = [];
    if (!this.#res.complete) this.#res.destroy();
    this.#reject(this.#state.failure ?? toTransportError(error, this.#state.request));
  }

  closed(): void {
    if (!this.#done) this.fail(closedEarly());
  }
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
