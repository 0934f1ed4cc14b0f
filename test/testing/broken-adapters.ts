// Deliberately broken adapters, each with one realistic bug, for proving that the conformance kit
// catches real breakage (and says what is wrong). Most wrap the built-in OpenAI adapter.
import { APIConnectionError, LlmuxError, RateLimitError } from '../../src/base/errors.js';
import type { AdapterContext, ProviderAdapter } from '../../src/providers/adapter-types.js';
import { openaiAdapter } from '../../src/providers/openai/openai-adapter.js';
import type { ChatCompletionChunk, ChatRequest, FinishReason, ModelResponse } from '../../src/base/types.js';

type StreamMap = (source: AsyncIterable<ChatCompletionChunk>, context: AdapterContext) => AsyncIterable<ChatCompletionChunk>;

function wrap(changes: {
  stream?: StreamMap;
  complete?: (request: ChatRequest, context: AdapterContext) => Promise<ModelResponse>;
  context?: (context: AdapterContext) => AdapterContext;
}): ProviderAdapter {
  const fix = changes.context ?? ((c: AdapterContext) => c);
  return {
    specificationVersion: 'v1',
    provider: 'openai',
    complete: changes.complete ?? ((request, context) => openaiAdapter.complete!(request, fix(context))),
    stream: (request, context) => (changes.stream ?? ((s) => s))(openaiAdapter.stream(request, fix(context)), context),
  };
}

/** Maps `length` to `stop`: a stop-reason table with a wrong entry. */
export const wrongStopReasonAdapter = ((): ProviderAdapter => {
  const remap = (reason: FinishReason | null): FinishReason | null => (reason === 'length' ? 'stop' : reason);
  return wrap({
    async complete(request, context) {
      const response = await openaiAdapter.complete!(request, context);
      for (const choice of response.choices) choice.finish_reason = remap(choice.finish_reason) ?? 'stop';
      return response;
    },
    async *stream(source) {
      for await (const chunk of source) {
        for (const choice of chunk.choices) choice.finish_reason = remap(choice.finish_reason);
        yield chunk;
      }
    },
  });
})();

/** Re-throws rate limits without `retryAfterMs`: an error mapper that forgot Retry-After. */
export const dropsRetryAfterAdapter = ((): ProviderAdapter => {
  const strip = (error: unknown): unknown =>
    error instanceof RateLimitError
      ? new RateLimitError(error.message, {
          status: error.status,
          provider: error.provider,
          model: error.model,
          retryable: error.retryable,
        })
      : error;
  return wrap({
    complete: (request, context) => openaiAdapter.complete!(request, context).catch((error: unknown) => Promise.reject(strip(error))),
    async *stream(source) {
      try {
        yield* source;
      } catch (error) {
        throw strip(error);
      }
    },
  });
})();

/** Never hands the caller's signal to the transport: an abort does nothing. */
export const ignoresSignalAdapter = wrap({ context: (context) => ({ ...context, signal: undefined }) });

/** Collects the whole stream before yielding anything. */
export const buffersStreamAdapter = wrap({
  async *stream(source) {
    const all: ChatCompletionChunk[] = [];
    for await (const chunk of source) all.push(chunk);
    yield* all;
  },
});

/** Swallows a connection failure mid-stream and ends as if the answer were complete. */
export const swallowsCutAdapter = wrap({
  async *stream(source) {
    try {
      yield* source;
    } catch (error) {
      if (!(error instanceof APIConnectionError)) throw error;
    }
  },
});

/** Puts the key into its error messages. */
export const leaksKeyAdapter = ((): ProviderAdapter => {
  const leak = (error: unknown, context: AdapterContext): unknown =>
    error instanceof LlmuxError ? Object.assign(error, { message: `${error.message} (sent with key ${context.apiKey})` }) : error;
  return wrap({
    complete: (request, context) =>
      openaiAdapter.complete!(request, context).catch((error: unknown) => Promise.reject(leak(error, context))),
    async *stream(source, context) {
      try {
        yield* source;
      } catch (error) {
        throw leak(error, context);
      }
    },
  });
})();

/** Drops the caller's headers (extra_headers, client headers). */
export const dropsHeadersAdapter = wrap({ context: (context) => ({ ...context, headers: {} }) });

/** Sends the key as `api-key` instead of `Authorization: Bearer`. */
export const wrongAuthHeaderAdapter = wrap({
  context: (context) => ({ ...context, apiKey: undefined, headers: { ...context.headers, 'api-key': context.apiKey ?? '' } }),
});
