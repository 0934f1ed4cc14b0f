/**
 * llmux callback events -> span attributes of the OpenTelemetry GenAI semantic conventions
 * (the inference client span, `gen_ai.operation.name` = `chat`). Pure and free of any
 * OpenTelemetry import, so every mapping is tested without a tracer.
 *
 * Names follow the conventions as maintained in open-telemetry/semantic-conventions-genai
 * (development status; they superseded the `gen-ai` pages of semantic-conventions v1.41).
 * What the conventions do not cover is under `llmux.`.
 */
import type { CallEventBase, ErrorEvent, FallbackEvent, RequestEvent, RetryEvent } from '../callbacks/callback-types.js';
import type { Cost, ModelResponse, PartialModelResponse, Usage } from '../base/types.js';
import { toGenAiInputMessages, toGenAiOutputMessages, toGenAiToolDefinitions } from './genai-messages.js';

/** A span attribute value (the subset of OpenTelemetry's that llmux emits). */
export type GenAiAttributeValue = string | number | boolean | string[];
export type GenAiAttributes = Record<string, GenAiAttributeValue>;

/** The operation every llmux call performs: a chat completion. */
const GEN_AI_OPERATION_NAME = 'chat';

/** Ordinary attributes cannot hold structures, so content goes on spans as JSON text. */
const INPUT_MESSAGES = 'gen_ai.input.messages';
const OUTPUT_MESSAGES = 'gen_ai.output.messages';
const TOOL_DEFINITIONS = 'gen_ai.tool.definitions';

/**
 * llmux provider ids whose provider has a well-known `gen_ai.provider.name` value. Every other
 * id (openrouter, together, fireworks, ollama, a user-defined provider, ...) is used as it is.
 */
const PROVIDER_NAMES: Readonly<Record<string, string>> = {
  openai: 'openai',
  anthropic: 'anthropic',
  groq: 'groq',
  deepseek: 'deepseek',
  xai: 'x_ai',
  mistral: 'mistral_ai',
  gemini: 'gcp.gemini',
  vertex_ai: 'gcp.vertex_ai',
  cohere: 'cohere',
  perplexity: 'perplexity',
  moonshot: 'moonshot_ai',
  azure: 'azure.ai.openai',
  bedrock: 'aws.bedrock',
  watsonx: 'ibm.watsonx.ai',
};

/** `gen_ai.provider.name` for an llmux provider id. */
export function genAiProviderName(provider: string): string {
  return Object.hasOwn(PROVIDER_NAMES, provider) ? PROVIDER_NAMES[provider]! : provider;
}

/** The model name the provider is asked for: the llmux model string without its `provider/`. */
export function genAiRequestModel(event: Pick<CallEventBase, 'model' | 'provider'>): string {
  const prefix = `${event.provider}/`;
  return event.model.startsWith(prefix) && event.model.length > prefix.length ? event.model.slice(prefix.length) : event.model;
}

/** `{gen_ai.operation.name} {gen_ai.request.model}`. */
export function genAiSpanName(event: Pick<CallEventBase, 'model' | 'provider'>): string {
  return `${GEN_AI_OPERATION_NAME} ${genAiRequestModel(event)}`;
}

/**
 * What is known when an attempt starts: the operation, provider, model and request parameters
 * (set at span creation, where samplers can see them), and llmux's call identity.
 * With `captureContent`, the input messages and tool definitions too.
 */
export function requestAttributes(event: RequestEvent, captureContent = false): GenAiAttributes {
  const { request } = event;
  const attributes: GenAiAttributes = {
    'gen_ai.operation.name': GEN_AI_OPERATION_NAME,
    'gen_ai.provider.name': genAiProviderName(event.provider),
    'gen_ai.request.model': genAiRequestModel(event),
  };
  setNumber(attributes, 'gen_ai.request.max_tokens', request.max_completion_tokens ?? request.max_tokens);
  setNumber(attributes, 'gen_ai.request.temperature', request.temperature);
  setNumber(attributes, 'gen_ai.request.top_p', request.top_p);
  setNumber(attributes, 'gen_ai.request.top_k', request.extra_body?.['top_k']);
  setNumber(attributes, 'gen_ai.request.frequency_penalty', request.frequency_penalty);
  setNumber(attributes, 'gen_ai.request.presence_penalty', request.presence_penalty);
  setNumber(attributes, 'gen_ai.request.seed', request.seed);
  if (typeof request.n === 'number' && request.n !== 1) attributes['gen_ai.request.choice.count'] = request.n;
  const stop = typeof request.stop === 'string' ? [request.stop] : request.stop;
  if (Array.isArray(stop) && stop.length > 0) attributes['gen_ai.request.stop_sequences'] = [...stop];
  if (typeof request.reasoning_effort === 'string') attributes['gen_ai.request.reasoning.level'] = request.reasoning_effort;
  const outputType = request.response_format?.type;
  if (outputType !== undefined) attributes['gen_ai.output.type'] = outputType === 'text' ? 'text' : 'json';
  // The conventions set `gen_ai.request.stream` only on streaming requests.
  if (event.stream) attributes['gen_ai.request.stream'] = true;
  Object.assign(attributes, callAttributes(event));
  if (captureContent) {
    attributes[INPUT_MESSAGES] = JSON.stringify(toGenAiInputMessages(request.messages));
    if (request.tools !== undefined && request.tools.length > 0)
      attributes[TOOL_DEFINITIONS] = JSON.stringify(toGenAiToolDefinitions(request.tools));
  }
  return attributes;
}

/** llmux's own identity of an attempt: call id, attempt number, stream flag, router group and deployment. */
function callAttributes(event: CallEventBase): GenAiAttributes {
  const attributes: GenAiAttributes = { 'llmux.call_id': event.callId, 'llmux.attempt': event.attempt, 'llmux.stream': event.stream };
  if (event.group !== undefined) attributes['llmux.router.group'] = event.group;
  if (event.deployment !== undefined) attributes['llmux.router.deployment'] = event.deployment;
  return attributes;
}

/** What an attempt's outcome says, for a full response or what a stream had assembled. */
export interface ResponseFacts {
  response: ModelResponse | PartialModelResponse | undefined;
  usage: Usage | undefined;
  cost: Cost | undefined;
  timeToFirstTokenMs?: number | undefined;
}

/**
 * Response model and id, finish reasons (one per choice; `error` for a choice that never
 * finished), token usage, cost and time to first chunk. With `captureContent`, the output messages.
 */
export function responseAttributes(facts: ResponseFacts, captureContent = false): GenAiAttributes {
  const attributes: GenAiAttributes = {};
  const { response } = facts;
  if (response !== undefined) {
    if (typeof response.model === 'string' && response.model !== '') attributes['gen_ai.response.model'] = response.model;
    if (typeof response.id === 'string' && response.id !== '') attributes['gen_ai.response.id'] = response.id;
    if (response.choices.length > 0) attributes['gen_ai.response.finish_reasons'] = response.choices.map((c) => c.finish_reason ?? 'error');
    if (captureContent) attributes[OUTPUT_MESSAGES] = JSON.stringify(toGenAiOutputMessages(response));
  }
  Object.assign(attributes, usageAttributes(facts.usage ?? response?.usage));
  setNumber(attributes, 'llmux.cost.usd', facts.cost?.total ?? response?.cost?.total);
  // The conventions measure time to first chunk in seconds.
  if (facts.timeToFirstTokenMs !== undefined && Number.isFinite(facts.timeToFirstTokenMs)) {
    attributes['gen_ai.response.time_to_first_chunk'] = facts.timeToFirstTokenMs / 1000;
  }
  return attributes;
}

/**
 * Token counts. llmux's `prompt_tokens` already includes cache reads and writes (for Anthropic
 * too), as `gen_ai.usage.input_tokens` must; the cache and reasoning counts are subsets.
 */
export function usageAttributes(usage: Usage | undefined): GenAiAttributes {
  const attributes: GenAiAttributes = {};
  if (usage === undefined) return attributes;
  setNumber(attributes, 'gen_ai.usage.input_tokens', usage.prompt_tokens);
  setNumber(attributes, 'gen_ai.usage.output_tokens', usage.completion_tokens);
  const input = usage.prompt_tokens_details;
  setNumber(attributes, 'gen_ai.usage.cache_read.input_tokens', input?.cached_tokens);
  setNumber(attributes, 'gen_ai.usage.cache_write.input_tokens', input?.cache_creation_tokens);
  setNumber(attributes, 'gen_ai.usage.audio.input_tokens', input?.audio_tokens);
  const output = usage.completion_tokens_details;
  setNumber(attributes, 'gen_ai.usage.reasoning.output_tokens', output?.reasoning_tokens);
  setNumber(attributes, 'gen_ai.usage.audio.output_tokens', output?.audio_tokens);
  return attributes;
}

/**
 * `error.type`: the llmux error class name (`RateLimitError`, `APITimeoutError`,
 * `ContextWindowExceededError`, `APIUserAbortError`, ...), low in cardinality as the
 * conventions ask; `_OTHER` when there is none.
 */
export function errorType(error: { name?: unknown } | undefined): string {
  return typeof error?.name === 'string' && error.name !== '' && error.name !== 'Error' ? error.name : '_OTHER';
}

/** A failed attempt: `error.type`, and whether llmux will retry it or fall back. */
export function errorAttributes(
  event: Pick<ErrorEvent, 'error'> & Partial<Pick<ErrorEvent, 'willRetry' | 'willFallback'>>,
): GenAiAttributes {
  const attributes: GenAiAttributes = { 'error.type': errorType(event.error) };
  if (event.willRetry === true) attributes['llmux.will_retry'] = true;
  if (event.willFallback === true) attributes['llmux.will_fallback'] = true;
  return attributes;
}

/** The `llmux.retry` span event the next attempt carries: why and after how long. */
export function retryEventAttributes(event: RetryEvent): GenAiAttributes {
  const attributes: GenAiAttributes = {
    'llmux.retry.previous_attempt': event.attempt,
    'llmux.retry.delay_ms': event.delayMs,
    'error.type': errorType(event.error),
  };
  if (event.nextDeployment !== undefined) attributes['llmux.router.next_deployment'] = event.nextDeployment;
  return attributes;
}

/** The `llmux.fallback` span event the next attempt carries: which group moved to which, and why. */
export function fallbackEventAttributes(event: FallbackEvent): GenAiAttributes {
  return {
    'llmux.fallback.previous_attempt': event.attempt,
    'llmux.fallback.from_group': event.fromGroup,
    'llmux.fallback.to_group': event.toGroup,
    'llmux.fallback.reason': event.reason,
    'error.type': errorType(event.error),
  };
}

function setNumber(attributes: GenAiAttributes, key: string, value: unknown): void {
  if (typeof value === 'number' && Number.isFinite(value)) attributes[key] = value;
}
