/**
 * The chat request for one mode: response_format, a forced tool, or the schema in a system
 * message (with the answer prefilled with `{` for `json` on Anthropic), added to the caller's
 * request. Pure.
 */
import type { ChatCompletionMessageParam, ChatRequest, JSONSchema } from '../base/types.js';
import type { Wire } from './choose-modes.js';
import { closeObjects, forAnthropicOutput, isStrictCompatible } from './prepare-json-schema.js';
import type { StructuredMode } from './structured-types.js';

export interface ModeSettings {
  /** The prepared schema (see prepareJsonSchema). */
  schema: JSONSchema;
  name: string;
  description: string | undefined;
  /** The caller's choice for strict mode; undefined lets the schema decide. */
  strict: boolean | undefined;
  wire: Wire;
  /** `json` on Anthropic: prefill the answer with `{` (false: the prompt-only form). */
  prefill: boolean;
}

/** The assistant turn `json` mode on Anthropic ends with; the model continues it, so the answer lacks it. */
const JSON_PREFILL = '{';

/** The text a request of this mode prefills the answer with: `{` for `json` on Anthropic, else ''. */
export function prefillOf(mode: StructuredMode, settings: Pick<ModeSettings, 'wire' | 'prefill'>): string {
  return mode === 'json' && settings.wire === 'anthropic' && settings.prefill ? JSON_PREFILL : '';
}

/** The system message of the `json` and `prompt` modes. The prepared schema's root is always an object. */
function schemaInstruction(settings: Pick<ModeSettings, 'schema' | 'name' | 'description'>): string {
  const about = settings.description === undefined ? '' : `\nIt describes: ${settings.description}`;
  return (
    `Answer with only a JSON object that matches the JSON Schema below, and nothing else: no prose, no code fences.${about}\n` +
    `JSON Schema (${settings.name}):\n${JSON.stringify(settings.schema)}`
  );
}

export function buildModeRequest(
  base: ChatRequest,
  messages: ChatCompletionMessageParam[],
  mode: StructuredMode,
  settings: ModeSettings,
): ChatRequest {
  switch (mode) {
    case 'json_schema': {
      const closed = closeObjects(settings.schema);
      const schema = settings.wire === 'anthropic' ? forAnthropicOutput(closed) : closed;
      const strict = settings.strict ?? isStrictCompatible(schema);
      const request: ChatRequest = {
        ...base,
        messages,
        response_format: {
          type: 'json_schema',
          json_schema: {
            name: settings.name,
            ...(settings.description === undefined ? {} : { description: settings.description }),
            schema,
            strict,
          },
        },
      };
      // OpenRouter routes to a provider that ignores response_format unless told to require it.
      if (settings.wire === 'openrouter') request.extra_body = requireParameters(base.extra_body);
      return request;
    }
    case 'tools':
      return {
        ...base,
        messages,
        tools: [
          {
            type: 'function',
            function: {
              name: settings.name,
              description: settings.description ?? `Give the answer as this tool's arguments.`,
              parameters: settings.schema,
            },
          },
        ],
        tool_choice: { type: 'function', function: { name: settings.name } },
      };
    case 'json': {
      const system: ChatCompletionMessageParam = { role: 'system', content: schemaInstruction(settings) };
      // Anthropic has no json_object; JSON mode there is the instruction plus the answer's first
      // character, which the model continues (Anthropic's own recommendation before structured outputs).
      if (settings.wire !== 'anthropic') return { ...base, messages: [system, ...messages], response_format: { type: 'json_object' } };
      const prefill = prefillOf(mode, settings);
      return { ...base, messages: [system, ...messages, ...(prefill === '' ? [] : [{ role: 'assistant' as const, content: prefill }])] };
    }
    case 'prompt':
      return { ...base, messages: [{ role: 'system', content: schemaInstruction(settings) }, ...messages] };
  }
}

function requireParameters(extra: Record<string, unknown> | undefined): Record<string, unknown> {
  const provider = extra?.['provider'];
  const preferences =
    typeof provider === 'object' && provider !== null && !Array.isArray(provider) ? (provider as Record<string, unknown>) : {};
  if ('require_parameters' in preferences) return { ...extra };
  return { ...extra, provider: { ...preferences, require_parameters: true } };
}
