import { isRecord } from './is-record.js';

// A self-referencing schema (a tree node whose children are nodes) would otherwise recurse
// forever; past this depth a nested value is left empty.
const maxDepth = 8;

/**
 * Builds a deterministic value that satisfies a JSON schema well enough for a client to parse
 * and validate it: `const`, then the first `enum` value, then by type (string 'example',
 * number 1 within its bounds, boolean true, arrays of `minItems` samples, objects with their
 * required properties, or all of them when nothing is required). Local `$ref`s are followed.
 */
export function sampleFromSchema(schema: unknown): unknown {
  return sample(schema, isRecord(schema) ? schema : {}, 0);
}

function sample(schema: unknown, root: Record<string, unknown>, depth: number): unknown {
  if (!isRecord(schema)) return 'example';
  if (depth > maxDepth) return null;
  if ('const' in schema) return schema.const;
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return schema.enum[0];

  if (typeof schema.$ref === 'string') return sample(resolveRef(schema.$ref, root), root, depth + 1);
  for (const key of ['anyOf', 'oneOf'] as const) {
    const options = schema[key];
    if (Array.isArray(options) && options.length > 0) {
      const firstNonNull = options.find((option) => !(isRecord(option) && option.type === 'null'));
      return sample(firstNonNull ?? options[0], root, depth + 1);
    }
  }
  if (Array.isArray(schema.allOf)) return sampleAllOf(schema.allOf, root, depth);

  switch (pickType(schema)) {
    case 'string':
      return 'example';
    case 'integer':
      return sampleNumber(schema, true);
    case 'number':
      return sampleNumber(schema, false);
    case 'boolean':
      return true;
    case 'null':
      return null;
    case 'array':
      return sampleArray(schema, root, depth);
    case 'object':
      return sampleObject(schema, root, depth);
    default:
      return 'example';
  }
}

function pickType(schema: Record<string, unknown>): string | undefined {
  const { type } = schema;
  if (typeof type === 'string') return type;
  if (Array.isArray(type)) {
    // ['string', 'null'] is how optional-but-present fields are spelled in strict mode.
    const concrete = type.find((entry) => entry !== 'null');
    return typeof concrete === 'string' ? concrete : 'null';
  }
  if (isRecord(schema.properties)) return 'object';
  if ('items' in schema) return 'array';
  return undefined;
}

function sampleNumber(schema: Record<string, unknown>, integer: boolean): number {
  const step = integer ? 1 : 0.5;
  let value = 1;
  if (typeof schema.minimum === 'number' && value < schema.minimum) value = schema.minimum;
  if (typeof schema.exclusiveMinimum === 'number' && value <= schema.exclusiveMinimum) {
    value = schema.exclusiveMinimum + step;
  }
  if (typeof schema.maximum === 'number' && value > schema.maximum) value = schema.maximum;
  if (typeof schema.exclusiveMaximum === 'number' && value >= schema.exclusiveMaximum) {
    value = schema.exclusiveMaximum - step;
  }
  return integer ? Math.ceil(value) : value;
}

function sampleArray(schema: Record<string, unknown>, root: Record<string, unknown>, depth: number): unknown[] {
  const count = typeof schema.minItems === 'number' ? schema.minItems : 0;
  return Array.from({ length: count }, () => sample(schema.items, root, depth + 1));
}

function sampleObject(schema: Record<string, unknown>, root: Record<string, unknown>, depth: number): Record<string, unknown> {
  const properties = isRecord(schema.properties) ? schema.properties : {};
  const required = Array.isArray(schema.required)
    ? schema.required.filter((name): name is string => typeof name === 'string')
    : Object.keys(properties);
  const result: Record<string, unknown> = {};
  for (const name of required) result[name] = sample(properties[name], root, depth + 1);
  return result;
}

function sampleAllOf(parts: unknown[], root: Record<string, unknown>, depth: number): unknown {
  const samples = parts.map((part) => sample(part, root, depth + 1));
  if (samples.length > 0 && samples.every(isRecord)) return Object.assign({}, ...samples);
  return samples[0] ?? 'example';
}

function resolveRef(ref: string, root: Record<string, unknown>): unknown {
  if (!ref.startsWith('#')) return undefined;
  let node: unknown = root;
  for (const raw of ref.slice(1).split('/').filter(Boolean)) {
    const key = decodeURIComponent(raw).replaceAll('~1', '/').replaceAll('~0', '~');
    node = isRecord(node) ? node[key] : undefined;
  }
  return node;
}
