/**
 * The `mock` provider: answers from `request.mock_response` (or echoes the last user message)
 * without any network, streamed in as many chunks as asked. For users' own tests.
 */
import { mapHttpError } from '../../util/map-http-error.js';
import { sleep } from '../../util/retry-timing.js';
import type { ChatCompletionChunk, ChatRequest, MockResponseSpec } from '../../base/types.js';
import type { ProviderAdapter } from '../adapter-types.js';
import { buildMockChunks } from './build-mock-chunks.js';

export const mockAdapter: ProviderAdapter = {
  specificationVersion: 'v1',
  provider: 'mock',
  async *stream(request: ChatRequest, context): AsyncGenerator<ChatCompletionChunk> {
    const spec: MockResponseSpec =
      typeof request.mock_response === 'string' ? { content: request.mock_response } : (request.mock_response ?? {});
    if (spec.error !== undefined) {
      const { status, message, headers, body } = spec.error;
      throw mapHttpError({
        status,
        headers: lowerCaseKeys(headers ?? {}),
        bodyText: JSON.stringify(body ?? { error: { message: message ?? `mock error ${status}`, type: 'mock_error' } }),
        provider: context.provider,
        model: context.model,
        secrets: context.secrets,
      });
    }
    for (const chunk of buildMockChunks(request, spec, context.model)) {
      if (spec.chunk_delay_ms !== undefined && spec.chunk_delay_ms > 0) await sleep(spec.chunk_delay_ms, context.signal);
      if (context.signal?.aborted) throw context.signal.reason;
      yield chunk;
    }
  },
};

function lowerCaseKeys(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) out[k.toLowerCase()] = v;
  return out;
}
