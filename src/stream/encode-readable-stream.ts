/**
 * Turns a stream of `chat.completion.chunk`s into a web `ReadableStream` of bytes, for an edge
 * or serverless handler to return as a `Response` body: OpenAI-shaped Server-Sent Events or the
 * bare text deltas. Pull-based, so a slow reader slows the request instead of buffering it.
 */
import { ConfigurationError, isLlmuxError } from '../base/errors.js';
import { redactText } from '../util/redact.js';
import type { ChatCompletionChunk } from '../base/types.js';

/**
 * The bytes a {@link LlmStream.toReadableStream} emits:
 * - `'sse'`: `data: {chunk JSON}\n\n` per chunk, then `data: [DONE]\n\n` (what OpenAI sends);
 *   a failure mid-way becomes one final `event: error` whose data is
 *   `{"error":{"message","type","code"}}`, and the stream closes.
 * - `'text'`: the first choice's text deltas as UTF-8; a failure mid-way errors the stream.
 */
export type ReadableStreamFormat = 'sse' | 'text';

/** The body of the `event: error` an SSE stream ends with when the call failed mid-way. */
export interface StreamErrorEvent {
  error: { message: string; type: string; code: string | null };
}

/** The `event: error` payload for a failure: the error's (redacted) message, class name and code. */
export function toStreamErrorEvent(error: unknown): StreamErrorEvent {
  const typed = isLlmuxError(error);
  const message = error instanceof Error ? error.message : String(error);
  return {
    error: {
      // llmux errors are redacted when built; anything else is scrubbed of key shapes here.
      message: typed ? message : redactText(message),
      type: error instanceof Error ? error.name : 'Error',
      code: typed ? (error.code ?? null) : null,
    },
  };
}

/**
 * Encodes `chunks` as `format`. Cancelling the returned stream ends the source: `abort` first if
 * a read is under way (its wait then settles as a failure nobody is told of), then the
 * iterator's `return()`, which for an `LlmStream` also aborts the request.
 */
export function encodeReadableStream(
  chunks: AsyncIterable<ChatCompletionChunk>,
  format: ReadableStreamFormat = 'sse',
  abort?: (reason: unknown) => void,
): ReadableStream<Uint8Array> {
  if (format !== 'sse' && format !== 'text')
    throw new ConfigurationError(`Unknown stream format ${JSON.stringify(format)}; use 'sse' or 'text'.`);
  const encoder = new TextEncoder();
  let iterator: AsyncIterator<ChatCompletionChunk> | undefined;
  let cancelled = false;
  let reading: Promise<void> | undefined;
  const read = async (controller: ReadableStreamDefaultController<Uint8Array>): Promise<void> => {
    iterator ??= chunks[Symbol.asyncIterator]();
    try {
      for (;;) {
        const result = await iterator.next();
        if (cancelled) return;
        if (result.done === true) {
          if (format === 'sse') controller.enqueue(encoder.encode('data: [DONE]\n\n'));
          controller.close();
          return;
        }
        if (format === 'sse') {
          controller.enqueue(encoder.encode(`data: ${JSON.stringify(result.value)}\n\n`));
          return;
        }
        const text = result.value.choices[0]?.delta.content;
        if (text) {
          controller.enqueue(encoder.encode(text));
          return;
        }
      }
    } catch (error) {
      // The reader already went away: nobody is left to tell.
      if (cancelled) return;
      if (format === 'text') return controller.error(error);
      controller.enqueue(encoder.encode(`event: error\ndata: ${JSON.stringify(toStreamErrorEvent(error))}\n\n`));
      controller.close();
    }
  };
  return new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        reading = read(controller).finally(() => (reading = undefined));
        return reading;
      },
      async cancel(reason) {
        cancelled = true;
        // A read still waiting on the source is ended by the abort; return() after it is then a
        // no-op, and otherwise ends the source itself.
        if (reading !== undefined) {
          abort?.(reason);
          await reading;
        }
        iterator ??= chunks[Symbol.asyncIterator]();
        await iterator.return?.();
      },
    },
    // Nothing is read ahead of the consumer: the request starts with the first read.
    { highWaterMark: 0 },
  );
}
