/**
 * A small JSON Schema checker for the generator's own schemas (type, enum, properties,
 * required, additionalProperties, items, nullable via a type array). Returns every issue with
 * its path, never throws, so `completeObject` can re-ask the model with them. Pure.
 */
import type { JSONSchema } from '../base/types.js';

export interface JsonIssue {
  message: string;
  path: (string | number)[];
}

export function validateJson(value: unknown, schema: JSONSchema, path: (string | number)[] = []): JsonIssue[] {
  const s = schema as Record<string, unknown>;
  const issues: JsonIssue[] = [];
  const types = s['type'] === undefined ? undefined : Array.isArray(s['type']) ? (s['type'] as string[]) : [s['type'] as string];
  if (types !== undefined && !types.some((t) => hasType(value, t))) {
    issues.push({ message: `expected ${types.join(' or ')}, got ${describe(value)}`, path });
    return issues;
  }
  if (Array.isArray(s['enum']) && !(s['enum'] as unknown[]).includes(value)) {
    issues.push({
      message: `expected one of ${(s['enum'] as unknown[]).map((v) => JSON.stringify(v)).join(', ')}, got ${JSON.stringify(value)}`,
      path,
    });
  }
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const obj = value as Record<string, unknown>;
    const props = (s['properties'] ?? {}) as Record<string, JSONSchema>;
    for (const key of (s['required'] ?? []) as string[])
      if (!Object.hasOwn(obj, key)) issues.push({ message: `missing required property ${JSON.stringify(key)}`, path: [...path, key] });
    for (const [key, v] of Object.entries(obj)) {
      const sub = props[key];
      if (sub !== undefined) issues.push(...validateJson(v, sub, [...path, key]));
      else if (s['additionalProperties'] === false)
        issues.push({ message: `unexpected property ${JSON.stringify(key)}`, path: [...path, key] });
      else if (s['additionalProperties'] !== undefined && typeof s['additionalProperties'] === 'object')
        issues.push(...validateJson(v, s['additionalProperties'] as JSONSchema, [...path, key]));
    }
  }
  if (Array.isArray(value) && s['items'] !== undefined)
    value.forEach((item, i) => issues.push(...validateJson(item, s['items'] as JSONSchema, [...path, i])));
  return issues;
}

/**
 * A JSON Schema and its checker in the form `completeObject` takes: the value when the checker
 * finds no issue, else the issues.
 */
export function schemaWithCheck<T, S extends JSONSchema>(
  jsonSchema: S,
  check: (value: unknown) => JsonIssue[],
): { jsonSchema: S; validate: (value: unknown) => { value: T } | { issues: JsonIssue[] } } {
  return {
    jsonSchema,
    validate: (value) => {
      const issues = check(value);
      return issues.length === 0 ? { value: value as T } : { issues };
    },
  };
}

function hasType(value: unknown, type: string): boolean {
  switch (type) {
    case 'null':
      return value === null;
    case 'array':
      return Array.isArray(value);
    case 'object':
      return value !== null && typeof value === 'object' && !Array.isArray(value);
    case 'integer':
      return Number.isInteger(value);
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    default:
      return typeof value === type;
  }
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'string' ? `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}` : typeof value;
}
