/**
 * An openai-node-shaped object over an llmux client or Router: `chat.completions.create(params,
 * options)`, streaming and not, so libraries written against openai-node (instructor-js, ...)
 * reach every provider llmux serves. `model` is an llmux model string or a Router's group.
 */
import type { CallOptions } from '../client.js';
import type { LlmStream } from '../stream/llm-stream.js';
import type { ChatRequest, ModelResponse } from '../base/types.js';
import type { ObjectTarget } from './structured-types.js';

/** openai-node's create() params: a chat request, with `stream` choosing the return type. */
export type OpenAICompatibleParams = ChatRequest & { stream?: boolean | null; stream_options?: unknown };

/** The part of openai-node's RequestOptions that means something here. */
export interface OpenAICompatibleRequestOptions {
  signal?: AbortSignal | null | undefined;
  /** ms */
  timeout?: number | undefined;
  maxRetries?: number | undefined;
  headers?: Record<string, string | null | undefined> | undefined;
}

export interface OpenAICompatibleCompletions {
  create(params: OpenAICompatibleParams & { stream: true }, options?: OpenAICompatibleRequestOptions): Promise<LlmStream>;
  create(params: OpenAICompatibleParams & { stream?: false | null }, options?: OpenAICompatibleRequestOptions): Promise<ModelResponse>;
  create(params: OpenAICompatibleParams, options?: OpenAICompatibleRequestOptions): Promise<ModelResponse | LlmStream>;
}

export interface OpenAICompatibleClient {
  chat: { completions: OpenAICompatibleCompletions };
}

/**
 * @example
 * ```ts
 * import Instructor from '@instructor-ai/instructor';
 * const openai = createOpenAICompatible(createClient());
 * const instructor = Instructor({ client: openai, mode: 'TOOLS' });
 * const user = await instructor.chat.completions.create({ model: 'anthropic/claude-sonnet-4-5', messages, response_model: { schema, name: 'User' } });
 * ```
 */
export function createOpenAICompatible(target: ObjectTarget): OpenAICompatibleClient {
  if (target === null || typeof target !== 'object' || typeof target.complete !== 'function' || typeof target.stream !== 'function') {
    throw new TypeError('createOpenAICompatible() needs an llmux client (createClient()) or a Router');
  }
  const create = async (params: OpenAICompatibleParams, options?: OpenAICompatibleRequestOptions): Promise<ModelResponse | LlmStream> => {
    const { stream, stream_options: _usageIsAlwaysAsked, ...request } = params;
    const call = toCallOptions(options);
    return stream === true ? target.stream(request, call) : target.complete(request, call);
  };
  return { chat: { completions: { create: create as OpenAICompatibleCompletions['create'] } } };
}

function toCallOptions(options: OpenAICompatibleRequestOptions | undefined): CallOptions {
  const call: CallOptions = {};
  if (options === undefined || options === null) return call;
  if (options.signal !== undefined && options.signal !== null) call.signal = options.signal;
  if (options.timeout !== undefined) call.timeout = options.timeout;
  if (options.maxRetries !== undefined) call.maxRetries = options.maxRetries;
  if (options.headers !== undefined) {
    // A `null` unsets the header, as in openai-node (see `mergeHeaderLayers`).
    const headers: Record<string, string | null> = {};
    for (const [name, value] of Object.entries(options.headers)) if (typeof value === 'string' || value === null) headers[name] = value;
    call.headers = headers;
  }
  return call;
}
