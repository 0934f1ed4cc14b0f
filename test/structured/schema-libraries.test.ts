/**
 * Schemas from zod 4, valibot and arktype (through Standard Schema and Standard JSON Schema), a
 * plain JSON Schema with a validator, and the clear errors for schemas with no JSON Schema form.
 * Type checks are compile-time: the test build fails if inference breaks.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { toStandardJsonSchema } from '@valibot/to-json-schema';
import { type } from 'arktype';
import * as v from 'valibot';
import { z } from 'zod';
import { z as z3 } from 'zod/v3';
import { ConfigurationError, type LlmuxClient } from '../../src/index.js';
import { completeObject, type InferObject } from '../../src/structured/index.js';
import { resolveSchema } from '../../src/structured/resolve-schema.js';
import type { ScriptedServer } from '../helpers/scripted-server.js';
import { textReply, useScriptedClient } from './structured-test-support.js';

type Expect<T extends true> = T;
type Equal<A, B> = (<G>() => G extends A ? 1 : 2) extends <G>() => G extends B ? 1 : 2 ? true : false;

const zodPerson = z.object({ name: z.string(), age: z.number().optional() });
const valibotPerson = v.object({ name: v.string(), age: v.optional(v.number()) });
const arkPerson = type({ name: 'string', 'age?': 'number' });

export type ZodInfers = Expect<Equal<InferObject<typeof zodPerson>, { name: string; age?: number | undefined }>>;
export type ValibotInfers = Expect<
  Equal<InferObject<ReturnType<typeof toStandardJsonSchema<typeof valibotPerson>>>, { name: string; age?: number | undefined }>
>;
export type ArkInfers = Expect<Equal<InferObject<typeof arkPerson>, { name: string; age?: number }>>;
export type PlainInfers = Expect<Equal<InferObject<{ jsonSchema: {}; validate: (v: unknown) => { value: { n: number } } }>, { n: number }>>;
export type PlainWithoutValidator = Expect<Equal<InferObject<{ jsonSchema: {} }>, unknown>>;

const personJson = { type: 'object', properties: { name: { type: 'string' }, age: { type: 'number' } }, required: ['name'] };
const dropDialect = (schema: Record<string, unknown>): Record<string, unknown> => {
  const rest = { ...schema };
  delete rest['$schema'];
  return rest;
};

describe('resolveSchema', () => {
  it('zod 4: JSON Schema from ~standard.jsonSchema (the input side), issues with paths', async () => {
    const resolved = await resolveSchema(zodPerson);
    assert.equal(resolved.jsonSchema['$schema'], 'https://json-schema.org/draft/2020-12/schema');
    assert.deepEqual(dropDialect(resolved.jsonSchema), personJson);
    assert.deepEqual(await resolved.validate({ name: 'Ada' }), { ok: true, value: { name: 'Ada' } });
    const bad = await resolved.validate({ name: 1, age: 'x' });
    assert.equal(bad.ok, false);
    assert.deepEqual(!bad.ok && bad.issues.map((i) => i.path), [['name'], ['age']]);
  });

  it("zod 4 without the Standard JSON Schema interface: zod's own toJSONSchema, loaded on demand", async () => {
    const legacy = z.object({ name: z.string(), age: z.number().optional() });
    const { jsonSchema: _, ...props } = legacy['~standard'];
    Object.defineProperty(legacy, '~standard', { value: props });
    assert.equal((legacy['~standard'] as { jsonSchema?: unknown }).jsonSchema, undefined);
    const resolved = await resolveSchema(legacy);
    assert.deepEqual(dropDialect(resolved.jsonSchema), personJson);
  });

  it('arktype: JSON Schema and validation through ~standard', async () => {
    const resolved = await resolveSchema(arkPerson);
    assert.deepEqual(dropDialect(resolved.jsonSchema), personJson);
    const bad = await resolved.validate({ name: 7 });
    assert.deepEqual(!bad.ok && bad.issues.map((i) => i.path), [['name']]);
    assert.equal(!bad.ok && Object.getPrototypeOf(bad.issues[0]!.path), Array.prototype, "plain arrays, not the library's path objects");
  });

  it('valibot: through toStandardJsonSchema, or as the validator of a plain JSON Schema', async () => {
    const wrapped = await resolveSchema(toStandardJsonSchema(valibotPerson));
    assert.deepEqual(dropDialect(wrapped.jsonSchema), personJson);
    const paired = await resolveSchema({ jsonSchema: personJson, validate: valibotPerson });
    assert.deepEqual(paired.jsonSchema, personJson);
    const bad = await paired.validate({ name: 1 });
    assert.deepEqual(!bad.ok && bad.issues.map((i) => i.path), [['name']]);
  });

  it('a plain JSON Schema without a validator returns the parsed JSON as it is', async () => {
    const resolved = await resolveSchema({ jsonSchema: personJson });
    assert.deepEqual(await resolved.validate({ anything: true }), { ok: true, value: { anything: true } });
  });

  const refusals: [string, unknown, RegExp][] = [
    ['a valibot schema without JSON Schema', valibotPerson, /valibot schema offers no JSON Schema.*@valibot\/to-json-schema/],
    ['a zod 3 schema', z3.object({ name: z3.string() }), /zod 3 schemas carry no JSON Schema/],
    [
      'a zod schema with a Date',
      z.object({ when: z.date() }),
      /zod schema cannot be turned into JSON Schema \(Date cannot be represented in JSON Schema\)/,
    ],
    ['a string', 'person', /"schema" must be a Standard Schema .* got "person"/],
    ['an empty object', {}, /"schema" must be a Standard Schema/],
    ['a JSON Schema that is not an object', { jsonSchema: 'object' }, /schema\.jsonSchema must be a JSON Schema object/],
    ['a validator that is neither', { jsonSchema: {}, validate: 42 }, /schema\.validate must be a function or a Standard Schema/],
  ];
  for (const [what, schema, message] of refusals) {
    it(`refuses ${what} with a ConfigurationError`, async () => {
      await assert.rejects(resolveSchema(schema), (error: unknown) => error instanceof ConfigurationError && message.test(error.message));
    });
  }
});

describe('completeObject with each schema library', () => {
  let server: ScriptedServer;
  let client: LlmuxClient;
  useScriptedClient((s, c) => {
    server = s;
    client = c;
  });
  const messages = [{ role: 'user' as const, content: 'Ada' }];

  it('valibot (toStandardJsonSchema)', async () => {
    server.push(textReply('openai', '{"name":"Ada"}'));
    const { object } = await completeObject({ model: 'openai/gpt-4o-mini', messages, schema: toStandardJsonSchema(valibotPerson), client });
    const name: string = object.name;
    assert.equal(name, 'Ada');
    // age is optional, so strict mode is off and the object is closed.
    assert.deepEqual(server.received[0]!.json.response_format.json_schema, {
      name: 'response',
      schema: { ...personJson, additionalProperties: false },
      strict: false,
    });
  });

  it('arktype', async () => {
    server.push(textReply('openai', '{"name":"Ada","age":36}'));
    const { object } = await completeObject({ model: 'openai/gpt-4o-mini', messages, schema: arkPerson, client });
    assert.deepEqual(object, { name: 'Ada', age: 36 });
  });

  it('strict: true and false as the caller says', async () => {
    server.push(textReply('openai', '{"name":"Ada"}'));
    await completeObject({ model: 'openai/gpt-4o-mini', messages, schema: zodPerson, strict: true, client });
    assert.equal(server.received[0]!.json.response_format.json_schema.strict, true);
  });
});
