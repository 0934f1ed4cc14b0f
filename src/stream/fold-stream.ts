/**
 * `complete()` for an adapter that can only stream: the chunks folded into one response. A
 * failure mid-way keeps what had arrived as the error's `partialResponse`.
 */
import { LlmuxError } from '../base/errors.js';
import type { AdapterContext, ProviderAdapter } from '../providers/adapter-types.js';
import type { ChatRequest, ModelResponse } from '../base/types.js';
import { streamSSEChunks } from './stream-sse-chunks.js';
import { createChunkAccumulator } from './accumulate-chunks.js';
import { copyWith } from '../util/copy-with.js';

/** Builds `complete()` from a stream for adapters without a native non-streaming path. */
export async function foldStream(adapter: ProviderAdapter, request: ChatRequest, context: AdapterContext): Promise<ModelResponse> {
  const accumulator = createChunkAccumulator(context.provider);
  try {
    for await (const chunk of adapter.stream(request, copyWith(context, { streamSSE: context.streamSSE ?? streamSSEChunks })))
      accumulator.add(chunk);
  } catch (error) {
    if (error instanceof LlmuxError && error.partialResponse === undefined && accumulator.count > 0) {
      error.partialResponse = accumulator.snapshot();
    }
    throw error;
  }
  return accumulator.result();
}
