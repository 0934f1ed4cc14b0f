/**
 * Incremental Server-Sent Events parser (WHATWG HTML "event stream interpretation"): the
 * public entry (`llmux/sse`). The parser itself is in `sse-parser.ts`.
 */
import {
  type SSEEvent,
  type SSEParser,
  type SSEParserCallbacks,
  type SSEParserOptions,
  SSEStreamDecoder,
  SSEStreamParser,
} from './sse-parser.js';

export type { SSEEvent, SSEParseError, SSEParser, SSEParserCallbacks, SSEParserOptions } from './sse-parser.js';

/** A parser of SSE text (any split of it) that calls `callbacks` as events complete. */
export function createSSEParser(callbacks: SSEParserCallbacks, options: SSEParserOptions = {}): SSEParser {
  const parser = new SSEStreamParser(callbacks, options);
  // Plain functions, so `const { feed } = createSSEParser(...)` works as it always has.
  return { feed: (chunk) => parser.feed(chunk), end: (endOptions) => parser.end(endOptions), reset: () => parser.reset() };
}

/** Byte-level convenience: decodes UTF-8 incrementally (a multi-byte char split across chunks is decoded correctly) and strips a leading BOM. */
export function createSSEDecoder(
  callbacks: SSEParserCallbacks,
  options?: SSEParserOptions,
): {
  push(bytes: Uint8Array): void;
  /** See `SSEParser.end`: returns the unterminated final event it discarded, if any. */
  end(options?: { dispatchIncomplete?: boolean }): SSEEvent | undefined;
} {
  const decoder = new SSEStreamDecoder(callbacks, options);
  return { push: (bytes) => decoder.push(bytes), end: (endOptions) => decoder.end(endOptions) };
}

/** Async-iterates the events of a byte stream (e.g. an HTTP response body). Yields events in order; ends when the body ends. Errors from the body propagate unchanged. */
export async function* readSSE(body: AsyncIterable<Uint8Array>): AsyncGenerator<SSEEvent, void, undefined> {
  // Events are batched per body chunk: one await per network read, not per event.
  const queue: SSEEvent[] = [];
  const decoder = createSSEDecoder({ onEvent: (event) => queue.push(event) });
  for await (const bytes of body) {
    decoder.push(bytes);
    if (queue.length === 0) continue;
    for (let i = 0; i < queue.length; i++) yield queue[i] as SSEEvent;
    queue.length = 0;
  }
  decoder.end();
}
