/**
 * Chat tools and `tool_choice` -> the Responses API's flat function tools and choice. Built-in
 * tools (`web_search`, `file_search`, `code_interpreter`, ...: any type other than `function`)
 * are the API's own shape already and pass through as given. Pure.
 */
import type { ChatRequest } from '../../base/types.js';

/** The tools as the Responses API takes them. */
export function convertToResponsesTools(tools: NonNullable<ChatRequest['tools']>): Record<string, unknown>[] {
  return tools.map((tool) => {
    if (tool.type !== 'function') return { ...(tool as object) };
    const fn = tool.function;
    const out: Record<string, unknown> = { type: 'function', name: fn.name };
    if (fn.description !== undefined) out['description'] = fn.description;
    // The API requires a schema; a function without parameters takes none.
    out['parameters'] = fn.parameters ?? { type: 'object', properties: {} };
    if (fn.strict !== undefined && fn.strict !== null) out['strict'] = fn.strict;
    return out;
  });
}

/** `tool_choice`: the strings as they are, a named function flattened, built-in choices as given. */
export function convertToResponsesToolChoice(choice: NonNullable<ChatRequest['tool_choice']>): unknown {
  if (typeof choice === 'string') return choice;
  if (choice.type === 'function' && choice.function !== undefined) return { type: 'function', name: choice.function.name };
  return { ...(choice as object) };
}
