/**
 * Tools a model may call, in the OpenAI Chat Completions shape, and the JSON Schema type they
 * (and structured output) are described with.
 */

/** A JSON Schema object; kept open because providers accept different dialects. */
export type JSONSchema = { [key: string]: unknown };

export interface FunctionDefinition {
  name: string;
  description?: string;
  parameters?: JSONSchema;
  strict?: boolean | null;
}

export interface ChatCompletionTool {
  type: 'function';
  function: FunctionDefinition;
  cache_control?: { type: 'ephemeral'; ttl?: '5m' | '1h' };
}

export type ChatCompletionToolChoiceOption = 'none' | 'auto' | 'required' | { type: 'function'; function: { name: string } };
