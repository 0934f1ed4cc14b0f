/**
 * OpenAI `tools` / `tool_choice` / `parallel_tool_calls` -> Anthropic `tools` / `tool_choice`. Pure.
 */
import { ConfigurationError } from '../../base/errors.js';
import type { ChatCompletionTool, ChatCompletionToolChoiceOption } from '../../base/types.js';
import type { AnthropicServerTool, AnthropicTool, AnthropicToolChoice } from './anthropic-api-types.js';

/** Anthropic requires a schema; a function without parameters takes an empty object. */
const EMPTY_SCHEMA = { type: 'object', properties: {} } as const;

/**
 * Function tools become Anthropic tools; Anthropic's own server tools, given in their native shape
 * (`{ type: 'web_search_20250305', name: 'web_search', max_uses: 3 }`, web fetch, code
 * execution: a versioned `type` and a `name`), are sent unchanged.
 */
export function convertToAnthropicTools(tools: readonly ChatCompletionTool[]): (AnthropicTool | AnthropicServerTool)[] {
  return tools.map((tool, i) => {
    const native = tool as unknown as Record<string, unknown>;
    if (tool.type !== 'function' && typeof native['type'] === 'string' && typeof native['name'] === 'string') {
      return structuredClone(native) as AnthropicServerTool;
    }
    if (tool.type !== 'function' || tool.function === undefined) {
      throw new ConfigurationError(`tools[${i}]: Anthropic supports function tools only, not ${JSON.stringify(tool.type)}`, {
        provider: 'anthropic',
      });
    }
    const fn = tool.function;
    // `strict` is not forwarded: Anthropic rejects unknown tool fields unless its structured
    // outputs beta is on; callers who want it can send their own tools through `extra_body`.
    const out: AnthropicTool = { name: fn.name, input_schema: fn.parameters ?? { ...EMPTY_SCHEMA } };
    if (fn.description !== undefined) out.description = fn.description;
    if (tool.cache_control !== undefined) out.cache_control = tool.cache_control;
    return out;
  });
}

/**
 * `required` is Anthropic's `any`; `parallel_tool_calls: false` is its
 * `disable_parallel_tool_use`, which lives on the choice, so it may create an `auto` choice.
 */
export function convertToAnthropicToolChoice(
  choice: ChatCompletionToolChoiceOption | undefined,
  parallelToolCalls: boolean | undefined,
): AnthropicToolChoice | undefined {
  const disableParallel = parallelToolCalls === false;
  let out: AnthropicToolChoice;
  if (choice === undefined) {
    if (!disableParallel) return undefined;
    out = { type: 'auto' };
  } else if (choice === 'none') {
    // `none` takes no other field.
    return { type: 'none' };
  } else if (choice === 'auto') {
    out = { type: 'auto' };
  } else if (choice === 'required') {
    out = { type: 'any' };
  } else if (typeof choice === 'object' && choice.type === 'function' && typeof choice.function?.name === 'string') {
    out = { type: 'tool', name: choice.function.name };
  } else {
    throw new ConfigurationError(
      `tool_choice ${JSON.stringify(choice)} is not one of auto, none, required or {type:'function', function:{name}}`,
      {
        provider: 'anthropic',
      },
    );
  }
  if (disableParallel) out.disable_parallel_tool_use = true;
  return out;
}
