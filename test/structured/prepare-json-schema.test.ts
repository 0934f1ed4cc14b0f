import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { closeObjects, forAnthropicOutput, isStrictCompatible, prepareJsonSchema } from '../../src/structured/prepare-json-schema.js';

describe('prepareJsonSchema', () => {
  it('drops $schema and keeps an object root as it is', () => {
    const schema = { $schema: 'https://json-schema.org/draft/2020-12/schema', type: 'object', properties: { a: { type: 'string' } } };
    assert.deepEqual(prepareJsonSchema(schema), { schema: { type: 'object', properties: { a: { type: 'string' } } }, wrapped: false });
  });

  it('wraps any other root under "value", keeping definitions at the root', () => {
    const array = { type: 'array', items: { $ref: '#/$defs/item' }, $defs: { item: { type: 'string' } } };
    assert.deepEqual(prepareJsonSchema(array), {
      schema: {
        type: 'object',
        properties: { value: { type: 'array', items: { $ref: '#/$defs/item' } } },
        required: ['value'],
        additionalProperties: false,
        $defs: { item: { type: 'string' } },
      },
      wrapped: true,
    });
    const union = { anyOf: [{ type: 'object', properties: {} }, { type: 'string' }] };
    assert.equal(prepareJsonSchema(union).wrapped, true);
    assert.equal(prepareJsonSchema({ type: 'object', oneOf: [] }).wrapped, true);
    assert.equal(prepareJsonSchema({}).wrapped, true);
  });
});

describe('closeObjects', () => {
  it('closes every object that says nothing of extra properties, all the way down', () => {
    const schema = {
      type: 'object',
      properties: {
        a: { type: 'object', properties: { b: { type: 'array', items: { type: 'object', properties: { c: { type: 'number' } } } } } },
        open: { type: 'object', additionalProperties: { type: 'string' } },
        either: { anyOf: [{ type: 'object', properties: { d: { type: 'string' } } }, { type: 'null' }] },
      },
      $defs: { node: { type: 'object', properties: { e: { type: 'string' } } } },
    };
    assert.deepEqual(closeObjects(schema), {
      type: 'object',
      additionalProperties: false,
      properties: {
        a: {
          type: 'object',
          additionalProperties: false,
          properties: {
            b: { type: 'array', items: { type: 'object', additionalProperties: false, properties: { c: { type: 'number' } } } },
          },
        },
        open: { type: 'object', additionalProperties: { type: 'string' } },
        either: { anyOf: [{ type: 'object', additionalProperties: false, properties: { d: { type: 'string' } } }, { type: 'null' }] },
      },
      $defs: { node: { type: 'object', additionalProperties: false, properties: { e: { type: 'string' } } } },
    });
  });

  it("leaves allOf members open (closing each would forbid the others' properties) and does not mutate its input", () => {
    const schema = {
      type: 'object',
      allOf: [
        { type: 'object', properties: { a: {} } },
        { type: 'object', properties: { b: {} } },
      ],
    };
    const copy = structuredClone(schema);
    const closed = closeObjects(schema);
    assert.deepEqual(closed['allOf'], schema.allOf);
    assert.equal(closed['additionalProperties'], false);
    assert.deepEqual(schema, copy);
  });
});

describe('isStrictCompatible', () => {
  const strict = {
    type: 'object',
    properties: { a: { type: 'string', pattern: '^x' }, b: { type: 'array', items: { type: 'integer', minimum: 0 }, maxItems: 3 } },
    required: ['a', 'b'],
    additionalProperties: false,
  };
  it('takes closed objects whose properties are all required, with supported keywords', () => {
    assert.equal(isStrictCompatible(strict), true);
    assert.equal(
      isStrictCompatible({ ...strict, $defs: { n: { type: 'object', properties: {}, required: [], additionalProperties: false } } }),
      true,
    );
  });
  it('refuses optional properties, open objects and unsupported keywords', () => {
    assert.equal(isStrictCompatible({ ...strict, required: ['a'] }), false);
    assert.equal(isStrictCompatible({ ...strict, additionalProperties: true }), false);
    assert.equal(isStrictCompatible({ ...strict, properties: { ...strict.properties, a: { type: 'string', minLength: 1 } } }), false);
    assert.equal(isStrictCompatible({ ...strict, properties: { ...strict.properties, a: { allOf: [{ type: 'string' }] } } }), false);
  });
});

describe('forAnthropicOutput', () => {
  it('moves the bounds Anthropic refuses into the description, everywhere', () => {
    const schema = {
      type: 'object',
      properties: {
        age: { type: 'integer', minimum: 0, maximum: 150, description: 'Age in years' },
        name: { type: 'string', minLength: 1, format: 'email' },
        tags: { type: 'array', items: { type: 'string', maxLength: 9 }, minItems: 2, maxItems: 5 },
        some: { type: 'array', minItems: 1 },
      },
    };
    assert.deepEqual(forAnthropicOutput(schema), {
      type: 'object',
      properties: {
        age: { type: 'integer', description: 'Age in years\nConstraints: {"minimum":0,"maximum":150}' },
        name: { type: 'string', format: 'email', description: 'Constraints: {"minLength":1}' },
        tags: {
          type: 'array',
          items: { type: 'string', description: 'Constraints: {"maxLength":9}' },
          description: 'Constraints: {"maxItems":5,"minItems":2}',
        },
        some: { type: 'array', minItems: 1 },
      },
    });
  });
});
