/**
 * The streaming loop every SSE provider shares: send the request on the first pull, decode each
 * network read into events, map them to chunks, and hand the chunks out batch by batch. A
 * failure found in a read that also held good chunks waits until those are delivered; the body
 * is released on an early stop or a failure; a stream that ends before its terminator is a
 * truncation, never a silent success. An answer that is not an event stream at all (an HTML
 * page) is an `InvalidResponseError` before any of that (see `require-event-stream.ts`).
 */
import type { LlmuxError } from '../errors.js';
import { type StreamOrigin, requireEventStream } from './require-event-stream.js';
import { iterateBatches } from '../stream/iterate-batches.js';
import { type SSEEvent, createSSEDecoder } from '../transport/sse.js';
import type { TransportResponse } from '../transport/transport-types.js';
import type { ChatCompletionChunk } from '../types.js';

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

export function streamSSEChunks(source: SSEChunkSource): AsyncIterableIterator<ChatCompletionChunk> {
  let body: AsyncIterator<Uint8Array> | undefined;
  let ended = false;
  let failure: unknown;
  let failed = false;
  let unterminated: SSEEvent | undefined;
  let bodyEnded = false;
  const pending: SSEEvent[] = [];
  const decoder = createSSEDecoder({ onEvent: (event) => pending.push(event) });

  // Maps the events one read delivered; after the terminator, whatever follows is ignored.
  const take = (): ChatCompletionChunk[] => {
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
    async () => {
      if (failed) throw failure;
      body ??= await requireEventStream(await source.open(), source.origin);
      // After the terminator the rest of the body is still read, so the connection can be reused.
      const read = await body.next();
      if (!read.done) {
        decoder.push(read.value);
        return take();
      }
      // An event cut off without its blank line is dropped here: a truncation, reported below.
      if (!bodyEnded) {
        bodyEnded = true;
        unterminated = decoder.end();
      }
      const last = take();
      if (last.length > 0) return last;
      if (!source.complete(unterminated)) throw source.truncated();
      return undefined;
    },
    () => void body?.return?.(undefined),
  );
}
