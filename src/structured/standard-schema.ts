/**
 * The Standard Schema and Standard JSON Schema interfaces (standardschema.dev), copied as the
 * small structural types they are so that llmux needs no package for them. zod 4, valibot,
 * arktype and others implement `~standard.validate`; zod (4.2+) and arktype also implement
 * `~standard.jsonSchema`.
 */

/** A path segment of an issue: a key, or an object holding one. */
type StandardPathSegment = PropertyKey | { readonly key: PropertyKey };

export interface StandardIssue {
  readonly message: string;
  readonly path?: ReadonlyArray<StandardPathSegment> | undefined;
}

export type StandardResult<Output> =
  | { readonly value: Output; readonly issues?: undefined }
  | { readonly issues: ReadonlyArray<StandardIssue> };

/** The target dialect of a generated JSON Schema. */
type StandardJsonSchemaTarget = 'draft-2020-12' | 'draft-07' | 'openapi-3.0' | (string & {});

export interface StandardJsonSchemaConverter {
  /** JSON Schema of the values the schema accepts. May throw when the schema has no JSON Schema form. */
  readonly input: (options: {
    readonly target: StandardJsonSchemaTarget;
    readonly libraryOptions?: Record<string, unknown> | undefined;
  }) => Record<string, unknown>;
  readonly output: (options: {
    readonly target: StandardJsonSchemaTarget;
    readonly libraryOptions?: Record<string, unknown> | undefined;
  }) => Record<string, unknown>;
}

export interface StandardSchemaProps<Input = unknown, Output = Input> {
  readonly version: 1;
  readonly vendor: string;
  readonly validate: (
    value: unknown,
    options?: { readonly libraryOptions?: Record<string, unknown> | undefined } | undefined,
  ) => StandardResult<Output> | Promise<StandardResult<Output>>;
  readonly types?: { readonly input: Input; readonly output: Output } | undefined;
  /** The Standard JSON Schema extension, when the library offers it. */
  readonly jsonSchema?: StandardJsonSchemaConverter | undefined;
}

/** Any schema library object that validates through `~standard` (zod 4, valibot, arktype, ...). */
export interface StandardSchemaV1<Input = unknown, Output = Input> {
  readonly '~standard': StandardSchemaProps<Input, Output>;
}

export function isStandardSchema(value: unknown): value is StandardSchemaV1 {
  if ((typeof value !== 'object' && typeof value !== 'function') || value === null) return false;
  const props = (value as { '~standard'?: unknown })['~standard'];
  return typeof props === 'object' && props !== null && typeof (props as { validate?: unknown }).validate === 'function';
}
