import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { sampleFromSchema } from '../../src/mock-server/sample-from-schema.js';

describe('sampleFromSchema', () => {
  test('samples each primitive type', () => {
    assert.equal(sampleFromSchema({ type: 'string' }), 'example');
    assert.equal(sampleFromSchema({ type: 'number' }), 1);
    assert.equal(sampleFromSchema({ type: 'integer' }), 1);
    assert.equal(sampleFromSchema({ type: 'boolean' }), true);
    assert.equal(sampleFromSchema({ type: 'null' }), null);
    assert.deepEqual(sampleFromSchema({ type: 'array', items: { type: 'string' } }), []);
  });

  test('prefers const, then the first enum value', () => {
    assert.equal(sampleFromSchema({ type: 'string', const: 'fixed' }), 'fixed');
    assert.equal(sampleFromSchema({ type: 'string', enum: ['b', 'a'] }), 'b');
    assert.equal(sampleFromSchema({ enum: [3, 4] }), 3);
  });

  test('keeps numbers within their bounds', () => {
    assert.equal(sampleFromSchema({ type: 'integer', minimum: 10 }), 10);
    assert.equal(sampleFromSchema({ type: 'integer', exclusiveMinimum: 10 }), 11);
    assert.equal(sampleFromSchema({ type: 'number', maximum: 0 }), 0);
    assert.equal(sampleFromSchema({ type: 'number', exclusiveMaximum: 1 }), 0.5);
  });

  test('fills required properties, or all of them when none are required', () => {
    const properties = { a: { type: 'string' }, b: { type: 'integer' } };
    assert.deepEqual(sampleFromSchema({ type: 'object', properties, required: ['b'] }), { b: 1 });
    assert.deepEqual(sampleFromSchema({ type: 'object', properties }), { a: 'example', b: 1 });
    assert.deepEqual(sampleFromSchema({ properties: { nested: { properties: { c: { type: 'boolean' } } } } }), { nested: { c: true } });
  });

  test('fills arrays up to minItems', () => {
    assert.deepEqual(sampleFromSchema({ type: 'array', items: { type: 'integer' }, minItems: 2 }), [1, 1]);
  });

  test('follows nullable unions, anyOf, allOf and local $refs, and survives recursion', () => {
    assert.equal(sampleFromSchema({ type: ['string', 'null'] }), 'example');
    assert.equal(sampleFromSchema({ anyOf: [{ type: 'null' }, { type: 'integer' }] }), 1);
    assert.deepEqual(sampleFromSchema({ allOf: [{ properties: { a: { type: 'string' } } }, { properties: { b: { type: 'boolean' } } }] }), {
      a: 'example',
      b: true,
    });
    const tree = {
      $defs: {
        node: { type: 'object', properties: { name: { type: 'string' }, child: { $ref: '#/$defs/node' } }, required: ['name', 'child'] },
      },
      $ref: '#/$defs/node',
    };
    const sampled = sampleFromSchema(tree) as { name: string; child: unknown };
    assert.equal(sampled.name, 'example');
    assert.equal(typeof sampled.child, 'object');
  });
});
