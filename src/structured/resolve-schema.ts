/**
 * A schema as given (a Standard Schema, or a JSON Schema with a validator) -> the JSON Schema to
 * send and a validate function. Everything that cannot work is a ConfigurationError here, before
 * any request.
 */
import { ConfigurationError } from '../base/errors.js';
import type { JSONSchema } from '../base/types.js';
import { type StandardIssue, type StandardResult, type StandardSchemaV1, isStandardSchema } from './standard-schema.js';
import type { StructuredIssue } from './structured-types.js';

type Validation<T> = { ok: true; value: T } | { ok: false; issues: StructuredIssue[] };

export interface ResolvedSchema<T = unknown> {
  jsonSchema: JSONSchema;
  validate(value: unknown): Promise<Validation<T>>;
}

const importOptional = <T>(specifier: string): Promise<T> => import(/* @vite-ignore */ /* webpackIgnore: true */ specifier) as Promise<T>;

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

export async function resolveSchema(schema: unknown): Promise<ResolvedSchema> {
  if (isStandardSchema(schema)) {
    return { jsonSchema: await jsonSchemaOf(schema), validate: (value) => runStandard(schema, value) };
  }
  if (isRecord(schema) && 'jsonSchema' in schema) {
    const { jsonSchema, validate } = schema;
    if (!isRecord(jsonSchema)) throw new ConfigurationError(`schema.jsonSchema must be a JSON Schema object; got ${describe(jsonSchema)}`);
    if (validate === undefined) return { jsonSchema, validate: async (value) => ({ ok: true, value }) };
    if (isStandardSchema(validate)) return { jsonSchema, validate: (value) => runStandard(validate, value) };
    if (typeof validate === 'function') {
      return {
        jsonSchema,
        validate: async (value) =>
          toValidation(
            (await (validate as (v: unknown) => StandardResult<unknown> | Promise<StandardResult<unknown>>)(value)) ?? {
              issues: [{ message: 'the validator returned nothing' }],
            },
          ),
      };
    }
    throw new ConfigurationError(`schema.validate must be a function or a Standard Schema; got ${describe(validate)}`);
  }
  throw new ConfigurationError(
    `"schema" must be a Standard Schema (zod 4, valibot, arktype, ...) or { jsonSchema, validate? }; got ${describe(schema)}`,
  );
}

/** The JSON Schema of what the schema accepts: the Standard JSON Schema interface first, then zod 4's own converter. */
async function jsonSchemaOf(schema: StandardSchemaV1): Promise<JSONSchema> {
  const props = schema['~standard'];
  const converter = props.jsonSchema;
  if (converter !== undefined && typeof converter.input === 'function') {
    let first: unknown;
    // draft-2020-12 is what OpenAI's and Anthropic's docs use; draft-07 for a library that only offers that.
    for (const target of ['draft-2020-12', 'draft-07'] as const) {
      try {
        return converter.input({ target });
      } catch (error) {
        first ??= error;
      }
    }
    throw notConvertible(props.vendor, first);
  }
  if (props.vendor === 'zod' && '_zod' in schema) {
    // zod 4 before the Standard JSON Schema interface: its converter, loaded only for such a schema.
    let core: { toJSONSchema: (schema: unknown, options: Record<string, unknown>) => JSONSchema };
    try {
      core = await importOptional('zod/v4/core');
    } catch (error) {
      throw new ConfigurationError(
        'This zod schema has no JSON Schema of its own and zod/v4/core could not be loaded; install zod 4 (npm install zod)',
        { cause: error },
      );
    }
    try {
      return core.toJSONSchema(schema, { io: 'input', target: 'draft-2020-12' });
    } catch (error) {
      throw notConvertible('zod', error);
    }
  }
  const hint =
    props.vendor === 'zod'
      ? 'zod 3 schemas carry no JSON Schema: use zod 4 (or its "zod/v4" entry), or pass { jsonSchema: zodToJsonSchema(schema), validate: schema }'
      : props.vendor === 'valibot'
        ? 'wrap it with toStandardJsonSchema() from @valibot/to-json-schema, or pass { jsonSchema: toJsonSchema(schema), validate: schema }'
        : 'pass { jsonSchema, validate: schema } with its JSON Schema';
  throw new ConfigurationError(`The ${props.vendor} schema offers no JSON Schema (no ~standard.jsonSchema): ${hint}`);
}

function notConvertible(vendor: string, error: unknown): ConfigurationError {
  const reason = error instanceof Error ? error.message : String(error);
  return new ConfigurationError(
    `The ${vendor} schema cannot be turned into JSON Schema (${reason}); describe the JSON the model should write (e.g. a string instead of a Date, no transforms in the input), ` +
      'or pass { jsonSchema, validate } yourself',
    { cause: error },
  );
}

async function runStandard(schema: StandardSchemaV1, value: unknown): Promise<Validation<unknown>> {
  return toValidation(await schema['~standard'].validate(value));
}

function toValidation(result: StandardResult<unknown>): Validation<unknown> {
  if (result.issues === undefined || result.issues === null) return { ok: true, value: (result as { value: unknown }).value };
  const issues = result.issues.map(toIssue);
  return { ok: false, issues: issues.length > 0 ? issues : [{ message: 'the value was rejected by the validator' }] };
}

function toIssue(issue: StandardIssue): StructuredIssue {
  const message = typeof issue?.message === 'string' ? issue.message : String(issue);
  if (!Array.isArray(issue?.path) || issue.path.length === 0) return { message };
  // Array.from, not map: a library's path may be an Array subclass (arktype's), which map would keep.
  const path = Array.from(issue.path, (segment) => {
    const key = typeof segment === 'object' && segment !== null ? segment.key : segment;
    return typeof key === 'number' ? key : String(key);
  });
  return { message, path };
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'function') return 'a function';
  if (typeof value !== 'object') return JSON.stringify(value) ?? typeof value;
  return `an object with keys ${Object.keys(value).slice(0, 5).join(', ') || '(none)'}`;
}
