/**
 * The JSON Schema as the modes send it: without `$schema`, wrapped in `{ value }` when its root is
 * not an object (tool parameters and OpenAI's json_schema must be objects), objects closed for
 * json_schema mode, and whether OpenAI's strict mode can take it. Pure.
 */
import type { JSONSchema } from '../base/types.js';

/** The key a non-object root is wrapped under. */
export const WRAPPER_KEY = 'value';

export interface PreparedSchema {
  schema: JSONSchema;
  /** True when the answer is `{ value: ... }` and the object is its `value`. */
  wrapped: boolean;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

export function prepareJsonSchema(jsonSchema: JSONSchema): PreparedSchema {
  const { $schema: _dialect, ...schema } = jsonSchema;
  if (isObjectRoot(schema)) return { schema, wrapped: false };
  // Definitions stay at the root so that `#/$defs/...` references still resolve.
  const { $defs, definitions, ...inner } = schema;
  const wrapper: JSONSchema = {
    type: 'object',
    properties: { [WRAPPER_KEY]: inner },
    required: [WRAPPER_KEY],
    additionalProperties: false,
  };
  if ($defs !== undefined) wrapper['$defs'] = $defs;
  if (definitions !== undefined) wrapper['definitions'] = definitions;
  return { schema: wrapper, wrapped: true };
}

function isObjectRoot(schema: JSONSchema): boolean {
  return schema['type'] === 'object' && schema['anyOf'] === undefined && schema['oneOf'] === undefined && schema['allOf'] === undefined;
}

const isObjectSchema = (schema: Record<string, unknown>): boolean =>
  schema['type'] === 'object' || (Array.isArray(schema['type']) && schema['type'].includes('object')) || isRecord(schema['properties']);

/** Keywords whose values are one subschema. */
const SUBSCHEMA = [
  'items',
  'additionalProperties',
  'not',
  'contains',
  'if',
  'then',
  'else',
  'propertyNames',
  'unevaluatedProperties',
  'unevaluatedItems',
];
/** Keywords whose values are lists of subschemas. */
const SUBSCHEMA_LISTS = ['anyOf', 'oneOf', 'prefixItems', 'items'];
/** Keywords whose values map names to subschemas. */
const SUBSCHEMA_MAPS = ['properties', '$defs', 'definitions', 'patternProperties', 'dependentSchemas'];

/** Applies `visit` to the schema and every subschema below it (allOf members excepted when `skipAllOf`). */
function mapSchema(schema: unknown, visit: (schema: Record<string, unknown>) => Record<string, unknown>, skipAllOf: boolean): unknown {
  if (!isRecord(schema)) return schema;
  const out: Record<string, unknown> = { ...schema };
  for (const key of SUBSCHEMA) if (isRecord(out[key])) out[key] = mapSchema(out[key], visit, skipAllOf);
  for (const key of SUBSCHEMA_LISTS)
    if (Array.isArray(out[key])) out[key] = (out[key] as unknown[]).map((s) => mapSchema(s, visit, skipAllOf));
  for (const key of SUBSCHEMA_MAPS) {
    const map = out[key];
    if (isRecord(map)) out[key] = Object.fromEntries(Object.entries(map).map(([name, s]) => [name, mapSchema(s, visit, skipAllOf)]));
  }
  if (!skipAllOf && Array.isArray(out['allOf'])) out['allOf'] = (out['allOf'] as unknown[]).map((s) => mapSchema(s, visit, skipAllOf));
  return visit(out);
}

/**
 * Every object schema that says nothing of extra properties gets `additionalProperties: false`,
 * as OpenAI's strict mode and Anthropic's structured outputs require. Harmless for validation: the
 * caller's validator still judges the answer. Members of `allOf` are left open, since closing
 * each would forbid the others' properties.
 */
export function closeObjects(schema: JSONSchema): JSONSchema {
  return mapSchema(
    schema,
    (s) => (isObjectSchema(s) && s['additionalProperties'] === undefined ? { ...s, additionalProperties: false } : s),
    true,
  ) as JSONSchema;
}

/** Keywords OpenAI's strict structured outputs accept. */
const STRICT_KEYWORDS = new Set([
  'type',
  'properties',
  'required',
  'additionalProperties',
  'items',
  'enum',
  'const',
  'anyOf',
  '$ref',
  '$defs',
  'definitions',
  'description',
  'title',
  'pattern',
  'format',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'multipleOf',
  'minItems',
  'maxItems',
]);

/** True when OpenAI's strict mode takes the schema as it is: closed objects, every property required, supported keywords only. */
export function isStrictCompatible(schema: JSONSchema): boolean {
  let ok = true;
  mapSchema(
    schema,
    (s) => {
      for (const key of Object.keys(s)) if (!STRICT_KEYWORDS.has(key)) ok = false;
      if (isObjectSchema(s)) {
        if (s['additionalProperties'] !== false) ok = false;
        const properties = isRecord(s['properties']) ? Object.keys(s['properties']) : [];
        const required = Array.isArray(s['required']) ? s['required'] : [];
        if (!properties.every((p) => required.includes(p))) ok = false;
      }
      return s;
    },
    false,
  );
  return ok;
}

/** Keywords Anthropic's structured outputs refuse (a 400 naming the property); the validator still enforces them. */
const ANTHROPIC_UNSUPPORTED = [
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'multipleOf',
  'minLength',
  'maxLength',
  'maxItems',
  'uniqueItems',
  'minProperties',
  'maxProperties',
];

/**
 * The schema for Anthropic's `output_config.format`: bounds it cannot compile (numeric, length
 * and size limits; `minItems` above 1) move into the description, as Anthropic's own SDKs do.
 * The model still reads them, and the caller's validator still enforces them.
 */
export function forAnthropicOutput(schema: JSONSchema): JSONSchema {
  return mapSchema(
    schema,
    (s) => {
      const moved: Record<string, unknown> = {};
      const out: Record<string, unknown> = { ...s };
      for (const key of ANTHROPIC_UNSUPPORTED) {
        if (key in out) {
          moved[key] = out[key];
          delete out[key];
        }
      }
      if (typeof out['minItems'] === 'number' && out['minItems'] > 1) {
        moved['minItems'] = out['minItems'];
        delete out['minItems'];
      }
      if (Object.keys(moved).length === 0) return s;
      const note = `Constraints: ${JSON.stringify(moved)}`;
      out['description'] = typeof out['description'] === 'string' && out['description'] !== '' ? `${out['description']}\n${note}` : note;
      return out;
    },
    false,
  ) as JSONSchema;
}
