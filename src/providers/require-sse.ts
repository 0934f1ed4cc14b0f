/**
 * The SSE loop an adapter streams through, from its context (see `AdapterContext.streamSSE`).
 */
import { ConfigurationError } from '../base/errors.js';
import type { AdapterContext } from './adapter-types.js';
import type { SSEChunkSource } from '../stream/stream-sse-chunks.js';
import type { ChatCompletionChunk } from '../base/types.js';
import { copyWith } from '../util/copy-with.js';

export function streamThroughSSE(context: AdapterContext, source: SSEChunkSource): AsyncIterableIterator<ChatCompletionChunk> {
  if (context.streamSSE === undefined) {
    throw new ConfigurationError(
      `No SSE loop in the context of this ${context.provider} stream: a client's stream() provides one; a caller building its own AdapterContext passes streamSSEChunks from "llmux/testing" as streamSSE`,
      { provider: context.provider, model: context.model },
    );
  }
  const { provider, model, secrets } = context;
  return context.streamSSE(copyWith(source, { origin: { provider, model, secrets } }));
}
