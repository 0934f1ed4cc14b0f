/**
 * llmux request (Chat Completions shape) -> `POST /v1/responses` body. Stateless: `store` is
 * false, and reasoning models are asked for their encrypted reasoning so that it can travel in
 * the conversation instead of on OpenAI's servers. Fields the Responses API has no equivalent
 * for are refused with a `ConfigurationError`, never dropped. Pure.
 */
import { ConfigurationError } from '../../base/errors.js';
import type { ChatRequest, ResponseFormat } from '../../base/types.js';
import { convertToResponsesInput } from './convert-to-responses-input.js';
import { convertToResponsesToolChoice, convertToResponsesTools } from './convert-to-responses-tools.js';

export interface ResponsesRequestOptions {
  /** The provider's own model id. */
  model: string;
  stream: boolean;
  /** Ask for `reasoning.encrypted_content` (reasoning models only: others answer 400). */
  reasoning: boolean;
}

/** Chat fields with no Responses API equivalent, and how to do without them. */
const REFUSED: Partial<Record<keyof ChatRequest, string>> = {
  stop: 'it has no stop sequences; leave "stop" out, or use the chat API (api: "chat") on a model that has one',
  n: 'it returns one answer per call; make several calls',
  seed: 'it takes no seed',
  presence_penalty: 'it takes no presence_penalty',
  frequency_penalty: 'it takes no frequency_penalty',
  logit_bias: 'it takes no logit_bias',
  logprobs: 'llmux does not map its log probabilities yet; use the chat API (api: "chat")',
};

export function convertToResponsesRequest(request: ChatRequest, options: ResponsesRequestOptions): Record<string, unknown> {
  const { model } = options;
  for (const key in REFUSED) {
    const value = request[key as keyof ChatRequest];
    const unset =
      value === undefined ||
      value === null ||
      value === false ||
      (key === 'n' && value === 1) ||
      (Array.isArray(value) && value.length === 0);
    if (!unset)
      throw new ConfigurationError(`"${key}" cannot be sent to the OpenAI Responses API: ${REFUSED[key as keyof ChatRequest]}`, {
        model: request.model,
      });
  }
  const { instructions, input } = convertToResponsesInput(request.messages, request.model);
  const body: Record<string, unknown> = { model, input, store: false };
  if (instructions !== undefined) body['instructions'] = instructions;
  if (request.tools !== undefined && request.tools.length > 0) body['tools'] = convertToResponsesTools(request.tools);
  if (request.tool_choice !== undefined) body['tool_choice'] = convertToResponsesToolChoice(request.tool_choice);
  if (request.parallel_tool_calls !== undefined) body['parallel_tool_calls'] = request.parallel_tool_calls;
  if (request.temperature != null) body['temperature'] = request.temperature;
  if (request.top_p != null) body['top_p'] = request.top_p;
  const maxTokens = request.max_completion_tokens ?? request.max_tokens;
  if (maxTokens != null) body['max_output_tokens'] = maxTokens;
  if (request.top_logprobs != null) body['top_logprobs'] = request.top_logprobs;
  if (request.user !== undefined) body['user'] = request.user;
  if (request.metadata != null) body['metadata'] = request.metadata;
  if (request.response_format !== undefined) body['text'] = { format: textFormat(request.response_format) };
  if (request.reasoning_effort != null) body['reasoning'] = { effort: request.reasoning_effort };
  if (options.reasoning) body['include'] = ['reasoning.encrypted_content'];
  if (options.stream) body['stream'] = true;
  if (request.extra_body !== undefined) mergeExtraBody(body, request.extra_body);
  return body;
}

/** `response_format` as `text.format`: the schema's fields lifted one level up. */
function textFormat(format: ResponseFormat): Record<string, unknown> {
  if (format.type !== 'json_schema') return { type: format.type };
  const { name, description, schema, strict } = format.json_schema;
  const out: Record<string, unknown> = { type: 'json_schema', name, schema: schema ?? {} };
  if (description !== undefined) out['description'] = description;
  if (strict !== undefined && strict !== null) out['strict'] = strict;
  return out;
}

/**
 * `extra_body` wins, but an object meets an object one level deep, so that
 * `extra_body: { reasoning: { summary: "auto" } }` keeps the effort mapped from
 * `reasoning_effort`; `include` entries add to the ones llmux asks for, and `tools` to the
 * mapped function tools (the typed way to add built-in tools: `extra_body: { tools: [{ type:
 * "web_search" }] }`).
 */
function mergeExtraBody(body: Record<string, unknown>, extra: Record<string, unknown>): void {
  for (const key in extra) {
    const mine = body[key];
    const theirs = extra[key];
    if (key === 'include' && Array.isArray(mine) && Array.isArray(theirs)) body[key] = [...new Set([...mine, ...theirs])];
    else if (key === 'tools' && Array.isArray(mine) && Array.isArray(theirs)) body[key] = [...mine, ...theirs];
    else if (isPlainObject(mine) && isPlainObject(theirs)) body[key] = { ...mine, ...theirs };
    else body[key] = theirs;
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
