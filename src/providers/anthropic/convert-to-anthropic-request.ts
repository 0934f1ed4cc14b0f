/**
 * llmux request -> Anthropic Messages request body. Pure: every refusal is a ConfigurationError
 * thrown before any request is sent.
 */
import { ConfigurationError } from '../../base/errors.js';
import type { ChatRequest, LlmuxWarning } from '../../base/types.js';
import type { AnthropicMessage } from './anthropic-api-types.js';
import { checkExtraBody, mergeExtraBody } from '../merge-extra-body.js';
import { convertToAnthropicMessages } from './convert-to-anthropic-messages.js';
import { convertToAnthropicToolChoice, convertToAnthropicTools } from './convert-to-anthropic-tools.js';
import type { PromptCacheOption } from '../adapter-types.js';
import { placeAnthropicCacheBreakpoints } from './place-anthropic-cache-breakpoints.js';
import { maxTokensWithThinking, thinkingBudget, thinkingFromEffort } from './map-anthropic-thinking.js';

/**
 * `max_tokens` when the caller gives none and the model table does not know the model.
 * Anthropic requires the field; 4096 is an output every Claude model supports.
 */
export const DEFAULT_MAX_TOKENS = 4096;

/** The model table's facts about the model, when it has them. */
export interface AnthropicModelFacts {
  /** The model's longest output: the default `max_tokens`. */
  maxOutputTokens?: number;
  /** False when the table says the model cannot think: a thinking request is refused before sending. */
  supportsReasoning?: boolean;
  /** True when the table says the model thinks adaptively (`thinking: { type: "adaptive" }`, no budget). */
  supportsAdaptiveThinking?: boolean;
}

export interface AnthropicRequestOptions {
  /** Anthropic's own model id. */
  model: string;
  stream: boolean;
  facts?: AnthropicModelFacts | undefined;
  /** Told what the mapping changed instead of failing (see `ModelResponse.warnings`). */
  warn?: ((warning: LlmuxWarning) => void) | undefined;
  /** Automatic prompt caching: breakpoints placed on the finished body (see `placeAnthropicCacheBreakpoints`). */
  cache?: PromptCacheOption | undefined;
}

/*
 * OpenAI parameters with no Anthropic counterpart, dropped because sending them would be a 400
 * and leaving them out changes nothing the caller can rely on:
 * - `seed`: a best-effort determinism hint even on OpenAI;
 * - `logprobs` / `top_logprobs`: the choice simply reports `logprobs: null`;
 * - `presence_penalty` / `frequency_penalty`: sampling nudges;
 * - `logit_bias`: keyed by OpenAI token ids, which mean nothing to Claude's tokenizer;
 * - `metadata`: OpenAI's stored-completion tags (Anthropic's metadata takes `user_id` only).
 * `n > 1` is not harmless (the caller expects several choices), so it is refused.
 */

export function convertToAnthropicRequest(request: ChatRequest, options: AnthropicRequestOptions): Record<string, unknown> {
  if (typeof request.n === 'number' && request.n > 1) {
    throw new ConfigurationError(`n=${request.n}: Anthropic returns one choice per request; send ${request.n} requests instead`, {
      provider: 'anthropic',
      model: options.model,
    });
  }
  checkExtraBody(request.extra_body, { provider: 'anthropic', model: options.model });
  const extra = request.extra_body ?? {};
  const outputFormat = convertResponseFormat(request, extra, options.model);

  const prompt = convertToAnthropicMessages(request.messages, { model: options.model });
  const body: Record<string, unknown> = { model: options.model };
  if (prompt.system !== undefined) body['system'] = prompt.system;
  body['messages'] = prompt.messages;

  let mapped = thinkingFromEffort(request.reasoning_effort, options.facts?.supportsAdaptiveThinking === true);
  if (mapped !== undefined && !('thinking' in extra) && toolLoopWithoutThinking(prompt.messages)) {
    // Anthropic requires the assistant turn before the latest tool results to open with its
    // thinking once thinking is on; a turn another provider answered (a fallback), or whose
    // thinking another Claude family signed, has none, so this request goes without thinking.
    mapped = undefined;
    options.warn?.({
      code: 'thinking_disabled_for_turn',
      message: `reasoning_effort "${request.reasoning_effort}" was not sent: the assistant turn before the latest tool results has no thinking from ${options.model} (another provider or model answered it), which Anthropic refuses with thinking on`,
      requested: String(request.reasoning_effort),
      used: 'none',
    });
  }
  const thinking = mapped?.thinking;
  if (thinking !== undefined) body['thinking'] = thinking;
  // A thinking config in extra_body replaces ours below; its budget must fit as well.
  const budget = thinkingBudget('thinking' in extra ? extra['thinking'] : thinking);
  const defaultMaxTokens = options.facts?.maxOutputTokens ?? DEFAULT_MAX_TOKENS;
  body['max_tokens'] = maxTokensWithThinking(request.max_completion_tokens ?? request.max_tokens ?? defaultMaxTokens, budget);

  if (request.stop !== undefined && request.stop !== null) {
    const stops = typeof request.stop === 'string' ? [request.stop] : request.stop;
    if (stops.length > 0) body['stop_sequences'] = stops;
  }
  const thinkingOn = isThinkingEnabled('thinking' in extra ? extra['thinking'] : thinking);
  if (thinkingOn) checkThinkingCompatible(request, options);
  if (request.temperature !== undefined && request.temperature !== null) body['temperature'] = request.temperature;
  if (request.top_p !== undefined && request.top_p !== null) body['top_p'] = request.top_p;
  if (request.user !== undefined) body['metadata'] = { user_id: request.user };

  if (request.tools !== undefined && request.tools.length > 0) {
    body['tools'] = convertToAnthropicTools(request.tools);
    // Anthropic rejects a tool_choice without tools, and without tools there is nothing to choose.
    const choice = convertToAnthropicToolChoice(request.tool_choice, request.parallel_tool_calls);
    if (choice !== undefined) body['tool_choice'] = choice;
  }
  if (options.stream) body['stream'] = true;
  mergeExtraBody(body, request.extra_body, { provider: 'anthropic', model: options.model });
  if (outputFormat !== undefined || mapped?.effort !== undefined) {
    // Settings of output_config given in extra_body (its own effort, say) win over the mapped effort.
    const config = extra['output_config'];
    body['output_config'] = {
      ...(mapped?.effort === undefined ? {} : { effort: mapped.effort }),
      ...(typeof config === 'object' && config !== null ? config : {}),
      ...(outputFormat === undefined ? {} : { format: outputFormat }),
    };
  }
  if (options.cache !== undefined) placeAnthropicCacheBreakpoints(body, options.cache);
  return body;
}

/** Whether the prompt ends in tool results answering an assistant turn that does not open with thinking. */
function toolLoopWithoutThinking(messages: readonly AnthropicMessage[]): boolean {
  const last = messages[messages.length - 1];
  const assistant = messages[messages.length - 2];
  if (last?.role !== 'user' || assistant?.role !== 'assistant' || !Array.isArray(last.content) || !Array.isArray(assistant.content))
    return false;
  if (!last.content.some((block) => block.type === 'tool_result')) return false;
  const first = assistant.content[0];
  return assistant.content.some((block) => block.type === 'tool_use') && first?.type !== 'thinking' && first?.type !== 'redacted_thinking';
}

/** Whether a thinking config turns thinking on: a budget, or adaptive thinking. */
function isThinkingEnabled(config: unknown): boolean {
  const type = typeof config === 'object' && config !== null ? (config as { type?: unknown }).type : undefined;
  return type === 'enabled' || type === 'adaptive';
}

/** Settings Anthropic refuses together with extended thinking, named before any request. */
function checkThinkingCompatible(request: ChatRequest, options: AnthropicRequestOptions): void {
  if (options.facts?.supportsReasoning === false) {
    throw new ConfigurationError(
      `${options.model} cannot think (the model table lists no reasoning support), so reasoning_effort or a thinking budget would be refused; ` +
        'use a model with extended thinking (e.g. claude-sonnet-4-5, claude-opus-4-1) or leave reasoning_effort unset',
      { provider: 'anthropic', model: options.model },
    );
  }
  const choice = request.tool_choice;
  if (
    request.tools !== undefined &&
    request.tools.length > 0 &&
    (choice === 'required' || (typeof choice === 'object' && choice !== null))
  ) {
    throw new ConfigurationError(
      'Anthropic does not allow thinking (reasoning_effort) with a tool_choice that forces a tool; use tool_choice "auto" or turn thinking off',
      { provider: 'anthropic' },
    );
  }
  if (request.temperature !== undefined && request.temperature !== null && request.temperature !== 1) {
    throw new ConfigurationError(
      `Anthropic allows only temperature 1 with thinking (reasoning_effort); got temperature ${request.temperature}. Leave temperature unset or turn thinking off`,
      { provider: 'anthropic' },
    );
  }
}

/**
 * `response_format` json_schema -> Anthropic's structured outputs, `output_config.format` (the
 * generally available form: no beta header). Anthropic has no JSON mode, and dropping
 * json_object would hand prose to a caller that parses JSON, so that one is refused. A caller
 * passing Anthropic's own `output_format` (the beta form) or `output_config.format` in
 * `extra_body` keeps it.
 */
function convertResponseFormat(request: ChatRequest, extra: Record<string, unknown>, model: string): Record<string, unknown> | undefined {
  const format = request.response_format;
  const config = extra['output_config'];
  const own = 'output_format' in extra || (typeof config === 'object' && config !== null && 'format' in config);
  if (format === undefined || format.type === 'text' || own) return undefined;
  if (format.type === 'json_schema') {
    const schema = format.json_schema?.schema;
    if (typeof schema !== 'object' || schema === null) {
      throw new ConfigurationError(
        'response_format json_schema needs json_schema.schema (a JSON Schema object) for Anthropic structured outputs',
        { provider: 'anthropic', model },
      );
    }
    return { type: 'json_schema', schema };
  }
  throw new ConfigurationError(
    `response_format ${format.type} is not supported by Anthropic, which has no JSON mode: use response_format json_schema (Anthropic structured outputs), ` +
      "or a tool with the schema and tool_choice set to it, or pass Anthropic's own fields in extra_body",
    { provider: 'anthropic', model },
  );
}
