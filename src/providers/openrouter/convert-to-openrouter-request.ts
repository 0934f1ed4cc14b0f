/**
 * llmux request -> OpenRouter Chat Completions body: OpenAI's body, with reasoning mapped to
 * OpenRouter's fields and its `extra_body` routing fields checked for shape. Pure: every
 * refusal is a ConfigurationError thrown before any request is sent.
 */
import { ConfigurationError } from '../../base/errors.js';
import type { ChatRequest } from '../../base/types.js';
import { checkExtraBody } from '../merge-extra-body.js';
import type { ProviderCompat } from '../adapter-types.js';
import { convertToOpenAIRequest } from '../openai/convert-to-openai-request.js';
import { convertToOpenRouterMessages } from './convert-to-openrouter-messages.js';
import { mapOpenRouterReasoning } from './map-openrouter-reasoning.js';

export interface OpenRouterRequestOptions {
  /** The llmux provider id (`openrouter`). */
  provider: string;
  /** OpenRouter's model id, e.g. `anthropic/claude-sonnet-4.5`. */
  model: string;
  stream: boolean;
  compat: ProviderCompat;
}

/*
 * `stream_options.include_usage` is still sent when streaming (OpenRouter now reports usage,
 * with its cost, unasked and ignores the option; OpenAI-compatible relays in front of it may not).
 */
export function convertToOpenRouterRequest(request: ChatRequest, options: OpenRouterRequestOptions): Record<string, unknown> {
  checkExtraBody(request.extra_body, options);
  const extra = request.extra_body ?? {};
  checkRoutingFields(extra);
  const reasoning = mapOpenRouterReasoning(request.reasoning_effort, extra['reasoning']);
  const messages = Array.isArray(request.messages) ? convertToOpenRouterMessages(request.messages, options.model) : request.messages;
  const body = convertToOpenAIRequest({ ...request, messages }, options);
  delete body['reasoning_effort'];
  if (reasoning !== undefined) body['reasoning'] = reasoning;
  return body;
}

/**
 * The routing fields' shape is checked so that a slip (`models: 'a,b'`) is reported naming the
 * field, before a request is made; their values (model and provider names) are OpenRouter's to judge.
 */
function checkRoutingFields(extra: Record<string, unknown>): void {
  const fail = (field: string, why: string, value: unknown): never => {
    throw new ConfigurationError(`extra_body.${field} ${why}; got ${JSON.stringify(value)}`, { provider: 'openrouter' });
  };
  const { models, provider, transforms } = extra;
  if (models !== undefined && !(Array.isArray(models) && models.length > 0 && models.every((m) => typeof m === 'string' && m !== ''))) {
    fail('models', 'must be a non-empty array of OpenRouter model ids (e.g. ["anthropic/claude-sonnet-4.5", "openai/gpt-4o"])', models);
  }
  if (provider !== undefined && (provider === null || typeof provider !== 'object' || Array.isArray(provider))) {
    fail('provider', 'must be an object of routing preferences (e.g. { order: ["anthropic"], allow_fallbacks: false })', provider);
  }
  if (transforms !== undefined && !(Array.isArray(transforms) && transforms.every((t) => typeof t === 'string'))) {
    fail('transforms', 'must be an array of transform names (e.g. ["middle-out"])', transforms);
  }
}
