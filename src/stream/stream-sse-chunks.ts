/**
 * The streaming loop every SSE provider shares: send the request on the first pull, decode each
 * network read into events, map them to chunks, and hand the chunks out batch by batch. A
 * failure found in a read that also held good chunks waits until those are delivered; the body
 * is released on an early stop or a failure; a stream that ends before its terminator is a
 * truncation, never a silent success; a stream ends at its terminator, whatever the server does
 * with the connection afterwards; a line or event past the size cap fails the stream. An answer
 * that is not an event stream at all (an HTML page) is an `InvalidResponseError` before any of
 * that (see `require-event-stream.ts`).
 */
import { InvalidResponseError, type LlmuxError } from '../base/errors.js';
import { type StreamOrigin, eventStreamBody } from './require-event-stream.js';
import { type BatchSource, iterateBatches } from './iterate-batches.js';
import { type SSEEvent, type SSEParseError, type SSEParserCallbacks, SSEStreamDecoder } from '../transport/sse-parser.js';
import { DEFAULT_MAX_RESPONSE_BYTES, type TransportResponse } from '../transport/transport-types.js';
import type { ChatCompletionChunk } from '../base/types.js';
import { objectList } from '../util/object-list.js';

// A stream folds its chunks with the accumulator, loaded with this module on the first stream
// (see llm-stream.ts): one module for both, and none of it in `import "llmux"`.
export { createChunkAccumulator } from './accumulate-chunks.js';

export interface SSEChunkSource {
  /** Sends the request; resolves with a successful response. */
  open(): Promise<TransportResponse>;
  /**
   * Told the successful response before its body is read (to keep its request id for errors),
   * instead of a `.then` on `open()`'s promise: one promise and promise job less per stream.
   */
  opened?(response: TransportResponse): void;
  /** Maps one event into `out`; may throw a typed error. Returns false once the terminator is seen. */
  map(event: SSEEvent, out: ChatCompletionChunk[]): boolean;
  /**
   * Called when the body ends: whether the stream reached a proper end. `unterminated` is the
   * final event the body stopped inside of, if any (a cut, even when the connection closed
   * cleanly), with what of it had arrived.
   */
  complete(unterminated: SSEEvent | undefined): boolean;
  /** The error for a body that ended too early. */
  truncated(): LlmuxError;
  /** Provider, model and keys of the call, for the error when the answer is no event stream. */
  origin?: StreamOrigin | undefined;
}

export interface SSEChunkOptions {
  /** Longest SSE line or event (see `ClientOptions.maxResponseBytes`); default 32 MiB. */
  maxEventLength?: number | undefined;
  /** Name the call in the error for an event past the cap. */
  provider?: string | undefined;
  model?: string | undefined;
}

/** How long the rest of a body is read after the terminator before the connection is cut (it is reused if the server ends in time). */
const DRAIN_MS = 1000;
/** How much of it is read: a server that keeps talking after the end is not waited for. */
const DRAIN_BYTES = 64 * 1024;

export function streamSSEChunks(source: SSEChunkSource, options: SSEChunkOptions = {}): AsyncIterableIterator<ChatCompletionChunk> {
  const stream = new SSEChunkStream(source, options);
  return iterateBatches(stream, () => stream.release());
}

/**
 * One stream's state: the batch source `iterateBatches` pulls from, and the parser's callbacks.
 * A class, not closures per stream (see `sse-parser.ts`).
 */
class SSEChunkStream implements BatchSource<ChatCompletionChunk>, SSEParserCallbacks {
  readonly #source: SSEChunkSource;
  readonly #options: SSEChunkOptions;
  readonly #maxEventLength: number;
  readonly #decoder: SSEStreamDecoder;
  /**
   * The events of the last read, mapped at the next take. An object list from the start (see
   * `objectList`): with many streams open, a `[]` here deoptimized the SSE scanner.
   */
  readonly #pending: SSEEvent[] = objectList();
  #response: TransportResponse | undefined = undefined;
  #body: AsyncIterator<Uint8Array> | undefined = undefined;
  /** The terminator was seen: whatever follows is ignored. */
  #ended = false;
  #failure: unknown = undefined;
  #failed = false;
  #unterminated: SSEEvent | undefined = undefined;
  #bodyEnded = false;
  #tooLong: InvalidResponseError | undefined = undefined;

  constructor(source: SSEChunkSource, options: SSEChunkOptions) {
    this.#source = source;
    this.#options = options;
    this.#maxEventLength = options.maxEventLength ?? DEFAULT_MAX_RESPONSE_BYTES;
    this.#decoder = new SSEStreamDecoder(this, { maxEventLength: this.#maxEventLength });
  }

  onEvent(event: SSEEvent): void {
    this.#pending.push(event);
  }

  onError({ length }: SSEParseError): void {
    this.#tooLong = new InvalidResponseError(
      `A line or event of the stream is longer than ${this.#maxEventLength} characters (maxResponseBytes; it reached ${length})`,
      {
        provider: this.#options.provider,
        model: this.#options.model,
        retryable: false,
        code: 'RESPONSE_TOO_LARGE',
      },
    );
  }

  // What has arrived, mapped; an empty batch asks for a read, undefined ends the stream.
  take(): readonly ChatCompletionChunk[] | undefined {
    if (this.#failed) throw this.#failure;
    const chunks = this.#mapPending();
    const tooLong = this.#tooLong;
    if (chunks.length > 0) {
      // Events before an oversized one are delivered first, then the failure.
      if (tooLong !== undefined && !this.#failed) {
        this.#failure = tooLong;
        this.#failed = true;
      }
      return chunks;
    }
    if (tooLong !== undefined) {
      this.#failure = tooLong;
      this.#failed = true;
      throw tooLong;
    }
    if (this.#ended) {
      // The protocol says the answer is whole: the stream ends now, and the rest of the body
      // is read in the background only so the connection can go back to the pool.
      if (this.#body !== undefined) drain(this.#response!, this.#body);
      this.#body = undefined;
      return undefined;
    }
    if (this.#bodyEnded) {
      if (!this.#source.complete(this.#unterminated)) throw this.#source.truncated();
      return undefined;
    }
    return chunks;
  }

  // Opens the request, or reads once more into the decoder. A read is taken in a callback: a
  // stream waiting for the network holds no suspended frame here.
  read(): Promise<void> {
    const body = this.#body;
    if (body === undefined) return this.#open();
    return body.next().then((read) => {
      if (!read.done) this.#decoder.push(read.value);
      else if (!this.#bodyEnded) {
        // An event cut off without its blank line is dropped here: a truncation, reported by `take`.
        this.#bodyEnded = true;
        this.#unterminated = this.#decoder.end();
      }
    });
  }

  /**
   * Sends the request; the body is read once the answer is known to be an event stream. The
   * answer is taken in a callback: a stream waiting for it (a model thinking before its first
   * token) holds no suspended frame here, nor an async function's promise. A source that throws
   * rejects.
   */
  #open(): Promise<void> {
    let answer: Promise<TransportResponse>;
    try {
      answer = this.#source.open();
    } catch (error) {
      return Promise.reject(error as Error);
    }
    return answer.then((response) => {
      this.#response = response;
      this.#source.opened?.(response);
      const checked = eventStreamBody(response, this.#source.origin);
      // A body labelled otherwise is peeked at first (see require-event-stream.ts).
      if (checked instanceof Promise) {
        return checked.then((body) => {
          this.#body = body;
        });
      }
      this.#body = checked;
      return undefined;
    });
  }

  /** The consumer stopped early or the stream failed: the body goes. */
  release(): void {
    void this.#body?.return?.(undefined);
  }

  // Maps the events one read delivered; after the terminator, whatever follows is ignored.
  #mapPending(): ChatCompletionChunk[] {
    const chunks: ChatCompletionChunk[] = [];
    const pending = this.#pending;
    try {
      for (let i = 0; i < pending.length && !this.#ended; i++) this.#ended = !this.#source.map(pending[i]!, chunks);
    } catch (error) {
      if (chunks.length === 0) throw error;
      this.#failure = error;
      this.#failed = true;
    } finally {
      pending.length = 0;
    }
    return chunks;
  }
}

/** A body being read after its terminator (see `drain`). */
interface Draining {
  response: TransportResponse;
  size: number;
  /** When it is cut if still talking (`Date.now()`). */
  until: number;
}

/**
 * The bodies being drained, and the one timer that cuts those past their time: a timer per
 * stream (made, then cleared a moment later by almost every stream) cost a burst of a thousand
 * streams more than their drains. The timer runs while any body drains, unref'd, and stops with
 * the last drain.
 */
const draining = new Set<Draining>();
let sweeper: ReturnType<typeof setInterval> | undefined;

function sweep(): void {
  const now = Date.now();
  for (const entry of draining) if (entry.until <= now) stopDraining(entry);
}

/**
 * A drain is over. The last one stops the timer at once: where timers cannot be unref'd (Deno),
 * a timer left running would hold the process open after its last stream.
 */
function drained(entry: Draining): void {
  draining.delete(entry);
  if (draining.size === 0 && sweeper !== undefined) {
    clearInterval(sweeper);
    sweeper = undefined;
  }
}

/** Runs from timers and promise callbacks, where a throw (from an injected transport) would be uncaught. */
function stopDraining(entry: Draining): void {
  drained(entry);
  try {
    entry.response.cancel();
  } catch {
    // Nothing left to release.
  }
}

/**
 * Reads what is left of a body after the terminator, within a size bound and about `DRAIN_MS`
 * (up to twice that: the shared timer's period), then cuts it.
 */
function drain(response: TransportResponse, body: AsyncIterator<Uint8Array> & { exhausted?: () => boolean }): void {
  // The node transport's body says when it has ended whole and been read to its end, which is
  // how most streams end: then there is nothing to read, and no entry, callbacks or promises
  // are made for it (they were about 0.7 KB and four promise jobs per stream).
  if (body.exhausted?.() === true) return;
  const entry: Draining = { response, size: 0, until: Date.now() + DRAIN_MS };
  draining.add(entry);
  const stop = (): void => stopDraining(entry);
  const step = (read: IteratorResult<Uint8Array>): unknown => {
    if (!draining.has(entry)) return undefined;
    if (read.done === true) return drained(entry);
    entry.size += read.value.byteLength;
    if (entry.size > DRAIN_BYTES) return stop();
    return body.next().then(step, stop);
  };
  try {
    body.next().then(step, stop).catch(stop);
  } catch {
    // An injected body that throws instead of rejecting.
    stop();
    return;
  }
  // A body that cannot say (fetch's) has usually ended by then too: the first read's callback, queued
  // just above, then runs before this check and the drain is over without a timer (arming and
  // clearing one per stream cost a burst of streams about 7 µs each). A promise reaction, not
  // `queueMicrotask`: Node makes an async resource and a bound function for each of those.
  void Promise.resolve(entry).then(armSweeper);
}

/** Starts the shared timer for a body still draining after its first read (see `drain`). */
function armSweeper(entry: Draining): void {
  if (sweeper !== undefined || !draining.has(entry)) return;
  sweeper = setInterval(sweep, DRAIN_MS);
  (sweeper as { unref?: () => void }).unref?.();
}
