/**
 * Which modes to try, in order: the one asked for, or for `auto` the ones the model's wire and
 * capabilities allow, best first. Refusals of impossible combinations happen here, before any
 * request.
 */
import { ConfigurationError } from '../base/errors.js';
import { providerOfBareName, splitModelString } from '../util/model-id.js';
import type { StructuredMode, StructuredModeOption } from './structured-types.js';

/** The request format a model string is sent in, as far as the string tells. */
export type Wire = 'openai' | 'anthropic' | 'openrouter' | 'unknown';

export interface ModelCapabilities {
  /** `supportsResponseSchema` from the model table; undefined for a model it does not know. */
  responseSchema: boolean | undefined;
  /** `supportsFunctionCalling` from the model table; undefined for a model it does not know. */
  functionCalling: boolean | undefined;
  /**
   * Whether the answer can be prefilled with `{` (Anthropic's `json` mode): `supportsAssistantPrefill`
   * from the model table, and false too when the request itself rules a prefill out (thinking on,
   * or the caller's messages already end with an assistant turn). Undefined for a model the table
   * does not know; absent when nothing asked.
   */
  assistantPrefill?: boolean | undefined;
}

export const MODES: readonly StructuredModeOption[] = ['auto', 'json_schema', 'tools', 'json', 'prompt'];

/**
 * `anthropic/...` and bare `claude-*` are Anthropic; `openrouter/...` OpenRouter; any other
 * `provider/...`, and a bare name the client routes to OpenAI, an OpenAI-compatible wire.
 */
export function wireOf(model: string): Wire {
  const { prefix } = splitModelString(model);
  const provider = prefix ?? providerOfBareName(model, { routedOnly: true });
  if (provider === 'anthropic') return 'anthropic';
  if (provider === 'openrouter') return 'openrouter';
  if (provider !== undefined) return 'openai';
  // A Router's model group, or a bare name the client will refuse anyway.
  return 'unknown';
}

/** The model table's answers, loaded only when a decision needs them. */
export async function lookupCapabilities(model: string): Promise<ModelCapabilities> {
  try {
    const models = await import('../models/index.js');
    return {
      responseSchema: models.supportsResponseSchema(model),
      functionCalling: models.supportsFunctionCalling(model),
      assistantPrefill: models.getModelInfo(model)?.supportsAssistantPrefill,
    };
  } catch {
    return { responseSchema: undefined, functionCalling: undefined };
  }
}

/**
 * The modes to try in order. `auto` on Anthropic starts with a forced tool call, which every
 * Claude model with tools takes and which accepts any JSON Schema (structured outputs in
 * `output_config` are limited to newer models and a subset of JSON Schema), then json_schema,
 * then `json` (the schema in the system prompt and the answer prefilled with `{`) where a prefill
 * is possible (without one it would be the `prompt` request under another name); elsewhere it
 * starts with json_schema. A capability the table denies is skipped; an unknown one is tried.
 */
export function chooseModes(mode: StructuredModeOption, model: string, wire: Wire, capabilities: ModelCapabilities): StructuredMode[] {
  if (mode === 'tools' && capabilities.functionCalling === false) {
    throw new ConfigurationError(
      `${model} does not support tools (function calling), according to the model table, so mode "tools" cannot work; use mode "json_schema", "json", "prompt" or "auto"`,
      { model },
    );
  }
  if (mode !== 'auto') return [mode];
  const tools = capabilities.functionCalling !== false;
  const schema = capabilities.responseSchema !== false;
  const prefill = capabilities.assistantPrefill !== false;
  const modes: StructuredMode[] =
    wire === 'anthropic'
      ? [
          ...(tools ? (['tools'] as const) : []),
          ...(schema ? (['json_schema'] as const) : []),
          ...(prefill ? (['json'] as const) : []),
          'prompt',
        ]
      : [...(schema ? (['json_schema'] as const) : []), ...(tools ? (['tools'] as const) : []), 'json', 'prompt'];
  return modes;
}
