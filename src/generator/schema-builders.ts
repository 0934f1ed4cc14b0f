/**
 * Terse builders for the generator's JSON Schemas, in the form strict structured outputs accept:
 * every property required, objects closed, optional values as `null`. Pure.
 */
import type { JSONSchema } from '../base/types.js';

export const str = (description: string): JSONSchema => ({ type: 'string', description });
export const nstr = (description: string): JSONSchema => ({ type: ['string', 'null'], description });
export const int = (description: string): JSONSchema => ({ type: 'integer', description });
export const nint = (description: string): JSONSchema => ({ type: ['integer', 'null'], description });
export const bool = (description: string): JSONSchema => ({ type: 'boolean', description });
export const oneOf = (values: readonly string[], description: string): JSONSchema => ({ type: 'string', enum: [...values], description });
export const arr = (items: JSONSchema, description: string): JSONSchema => ({ type: 'array', items, description });

export function obj(properties: Record<string, JSONSchema>, description?: string): JSONSchema {
  return {
    type: 'object',
    ...(description === undefined ? {} : { description }),
    properties,
    required: Object.keys(properties),
    additionalProperties: false,
  };
}

export function nobj(properties: Record<string, JSONSchema>, description: string): JSONSchema {
  return { ...obj(properties, description), type: ['object', 'null'] };
}
