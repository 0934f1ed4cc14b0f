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
import { iterateBatches } from './iterate-batches.js';
import { type SSEEvent, createSSEDecoder } from '../transport/sse.js';
import { DEFAULT_MAX_RESPONSE_BYTES, type TransportResponse } from '../transport/transport-types.js';
import type { ChatCompletionChunk } from '../base/types.js';

// A stream folds its chunks with the accumulator, loaded with this module on the first stream
// (see llm-stream.ts): one module for both, and none of it in `import "llmux"`.
export { createChunkAccumulator } from './accumulate-chunks.js';

export interface SSEChunkSource {
  /** Sends the request; resolves with a successful response. */
  open(): Promise<TransportResponse>;
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
  let response: TransportResponse | undefined;
  let body: AsyncIterator<Uint8Array> | undefined;
  let ended = false;
  let failure: unknown;
  let failed = false;
  let unterminated: SSEEvent | undefined;
  let bodyEnded = false;
  const pending: SSEEvent[] = [];
  const maxEventLength = options.maxEventLength ?? DEFAULT_MAX_RESPONSE_BYTES;
  let tooLong: InvalidResponseError | undefined;
  const decoder = createSSEDecoder(
    {
      onEvent: (event) => pending.push(event),
      onError: ({ length }) => {
        tooLong = new InvalidResponseError(
          `A line or event of the stream is longer than ${maxEventLength} characters (maxResponseBytes; it reached ${length})`,
          {
            provider: options.provider,
            model: options.model,
            retryable: false,
            code: 'RESPONSE_TOO_LARGE',
          },
        );
      },
    },
    { maxEventLength },
  );

  // Maps the events one read delivered; after the terminator, whatever follows is ignored.
  const mapPending = (): ChatCompletionChunk[] => {
    const chunks: ChatCompletionChunk[] = [];
    try {
      for (let i = 0; i < pending.length && !ended; i++) ended = !source.map(pending[i]!, chunks);
    } catch (error) {
      if (chunks.length === 0) throw error;
      failure = error;
      failed = true;
    } finally {
      pending.length = 0;
    }
    return chunks;
  };

  return iterateBatches(
    {
      // What has arrived, mapped; an empty batch asks for a read, undefined ends the stream.
      take() {
        if (failed) throw failure;
        const chunks = mapPending();
        if (chunks.length > 0) {
          // Events before an oversized one are delivered first, then the failure.
          if (tooLong !== undefined && !failed) {
            failure = tooLong;
            failed = true;
          }
          return chunks;
        }
        if (tooLong !== undefined) {
          failure = tooLong;
          failed = true;
          throw tooLong;
        }
        if (ended) {
          // The protocol says the answer is whole: the stream ends now, and the rest of the body
          // is read in the background only so the connection can go back to the pool.
          if (body !== undefined) drain(response!, body);
          body = undefined;
          return undefined;
        }
        if (bodyEnded) {
          if (!source.complete(unterminated)) throw source.truncated();
          return undefined;
        }
        return chunks;
      },
      // Opens the request, or reads once more into the decoder.
      async read() {
        if (body === undefined) {
          response = await source.open();
          const checked = eventStreamBody(response, source.origin);
          body = checked instanceof Promise ? await checked : checked;
          return;
        }
        const read = await body.next();
        if (!read.done) decoder.push(read.value);
        else if (!bodyEnded) {
          // An event cut off without its blank line is dropped here: a truncation, reported by `take`.
          bodyEnded = true;
          unterminated = decoder.end();
        }
      },
    },
    () => void body?.return?.(undefined),
  );
}

/** Reads what is left of a body after the terminator, within a time and size bound, then cuts it. */
function drain(response: TransportResponse, body: AsyncIterator<Uint8Array>): void {
  let size = 0;
  // Runs from timers and promise callbacks, where a throw (from an injected transport) would be uncaught.
  const stop = (): void => {
    clearTimeout(timer);
    try {
      response.cancel();
    } catch {
      // Nothing left to release.
    }
  };
  const timer = setTimeout(stop, DRAIN_MS);
  (timer as { unref?: () => void }).unref?.();
  const step = (read: IteratorResult<Uint8Array>): unknown => {
    if (read.done === true) return clearTimeout(timer);
    size += read.value.byteLength;
    if (size > DRAIN_BYTES) return stop();
    return body.next().then(step, stop);
  };
  body.next().then(step, stop).catch(stop);
}
