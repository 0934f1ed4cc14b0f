/**
 * The OpenRouter adapter: direct HTTP to its OpenAI-shaped `/chat/completions`, through the
 * OpenAI adapter's request and stream loop in OpenRouter's dialect (attribution headers,
 * reasoning and routing fields, errors reported inside a 200). See `openrouter-api-types.ts`
 * for what passes where.
 */
import type { LlmuxError } from '../../base/errors.js';
import type { PartialModelResponse } from '../../base/types.js';
import type { AdapterContext, ProviderAdapter } from '../adapter-types.js';
import { type ChatCompletionsDialect, completeChatCompletions, streamChatCompletions } from '../openai/openai-adapter.js';
import { normalizeOpenAIResponse } from '../openai/normalize-openai-chunk.js';
import { buildOpenRouterHeaders } from './build-openrouter-headers.js';
import { convertToOpenRouterRequest } from './convert-to-openrouter-request.js';
import { mapOpenRouterError } from './map-openrouter-error.js';
import { mapOpenRouterChoiceFields } from './map-openrouter-choice-fields.js';
import { mapOpenRouterInlineError } from './map-openrouter-inline-error.js';
import { placeOpenRouterCacheBreakpoints } from './place-openrouter-cache-breakpoints.js';

function inlineError(payload: { id?: unknown }, context: AdapterContext, requestId: string | undefined): LlmuxError | undefined {
  // A chunk's id is the generation id (`gen-...`): the handle OpenRouter's support and activity log know.
  const id = requestId ?? (typeof payload.id === 'string' && payload.id !== '' ? payload.id : undefined);
  return mapOpenRouterInlineError(payload, { provider: context.provider, model: context.model, secrets: context.secrets, requestId: id });
}

const openrouterDialect: ChatCompletionsDialect = {
  headers: buildOpenRouterHeaders,
  body(request, context, stream) {
    const body = convertToOpenRouterRequest(request, { provider: context.provider, model: context.model, stream, compat: context.compat });
    // Claude through OpenRouter takes Anthropic's cache_control; other models cache on their own.
    if (context.cache !== undefined && context.model.startsWith('anthropic/')) placeOpenRouterCacheBreakpoints(body, context.cache);
    return body;
  },
  mapError: mapOpenRouterError,
  inspectChunk(chunk, context, requestId) {
    const error = inlineError(chunk, context, requestId);
    if (error === undefined) mapOpenRouterChoiceFields(chunk, false);
    return error;
  },
  inspectResponse(response, context, requestId) {
    const error = inlineError(response, context, requestId);
    // A whole response that failed may still hold the text produced before the failure.
    if (error !== undefined && Array.isArray(response.choices) && response.choices.length > 0)
      error.partialResponse = toPartial(response, context);
    if (error === undefined) mapOpenRouterChoiceFields(response, true);
    return error;
  },
};

function toPartial(response: Parameters<typeof normalizeOpenAIResponse>[0], context: AdapterContext): PartialModelResponse {
  const normalized = normalizeOpenAIResponse(structuredClone(response), context.provider);
  return {
    ...normalized,
    choices: normalized.choices.map((choice) => ({
      ...choice,
      finish_reason: (choice.finish_reason as string) === 'error' ? null : choice.finish_reason,
    })),
  };
}

export const openrouterAdapter: ProviderAdapter = {
  specificationVersion: 'v1',
  provider: 'openrouter',
  complete: (request, context) => completeChatCompletions(request, context, openrouterDialect),
  stream: (request, context) => streamChatCompletions(request, context, openrouterDialect),
};
