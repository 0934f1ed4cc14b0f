/**
 * The one entry a third-party adapter streams through: the client's SSE loop when the context
 * carries one (a client's `stream()` and the conformance kit hand it over), llmux's own
 * otherwise, with the same caps and the same "not an event stream" check either way.
 */
import type { AdapterContext } from '../providers/adapter-types.js';
import { streamThroughSSE } from '../providers/require-sse.js';
import { copyWith } from '../util/copy-with.js';
import { type SSEChunkSource, streamSSEChunks } from '../stream/stream-sse-chunks.js';
import type { ChatCompletionChunk } from '../base/types.js';

/**
 * Streams `source` (open the request, map each event, say when it ended properly) into chunks.
 * A line or event longer than `context.maxResponseBytes` fails the stream; a body that ends
 * before `source.complete` says it may is `source.truncated()`; the body is released on an
 * early stop, a failure, or the terminator.
 */
export function streamEvents(context: AdapterContext, source: SSEChunkSource): AsyncIterableIterator<ChatCompletionChunk> {
  if (context.streamSSE !== undefined) return streamThroughSSE(context, source);
  // llmux's own loop, through the same door: the origin is set there, one way for both.
  const options = { maxEventLength: context.maxResponseBytes, provider: context.provider, model: context.model };
  return streamThroughSSE(copyWith(context, { streamSSE: (sse: SSEChunkSource) => streamSSEChunks(sse, options) }), source);
}
