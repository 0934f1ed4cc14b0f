/**
 * The SSE loop an adapter streams through, from its context (see `AdapterContext.streamSSE`).
 */
import { ConfigurationError } from '../base/errors.js';
import type { AdapterContext } from './adapter-types.js';
import type { SSEChunkSource } from '../stream/stream-sse-chunks.js';
import type { ChatCompletionChunk } from '../base/types.js';
import { copyWith } from '../util/copy-with.js';

/**
 * The call's provider, model and keys, as a source's `origin` (for the error when the answer is
 * no event stream). An adapter that puts it in its source literal saves the loop a copy of the
 * source per stream.
 */
export function sseOrigin(context: AdapterContext): NonNullable<SSEChunkSource['origin']> {
  return { provider: context.provider, model: context.model, secrets: context.secrets };
}

export function streamThroughSSE(context: AdapterContext, source: SSEChunkSource): AsyncIterableIterator<ChatCompletionChunk> {
  if (context.streamSSE === undefined) {
    throw new ConfigurationError(
      `No SSE loop in the context of this ${context.provider} stream: a client's stream() provides one; a caller building its own AdapterContext passes streamSSEChunks from "llmux/testing" as streamSSE`,
      { provider: context.provider, model: context.model },
    );
  }
  // The origin redacts the call's keys, whatever origin an adapter gave: a source that holds the
  // call's own `secrets` (`sseOrigin(context)`, as the built-in adapters' do) goes as it is.
  return context.streamSSE(source.origin?.secrets === context.secrets ? source : copyWith(source, { origin: sseOrigin(context) }));
}
