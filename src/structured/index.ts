/**
 * `llmux/structured`: typed objects from any provider. `completeObject()` and `streamObject()`
 * take any Standard Schema (zod 4, valibot, arktype) or a JSON Schema with a validator, ask by the
 * best mode the model takes (json_schema, a forced tool call, JSON mode, or the prompt), step
 * down when a provider rejects a mode, and re-ask with the validation issues. Also an
 * openai-node-shaped facade over a client or Router for tools written against openai-node.
 *
 * @example
 * ```ts
 * import { z } from 'zod';
 * import { completeObject } from 'llmux/structured';
 * const { object, mode, usage, cost } = await completeObject({
 *   model: 'openai/gpt-4o-mini',
 *   messages: [{ role: 'user', content: 'Ada Lovelace, born 1815, mathematician' }],
 *   schema: z.object({ name: z.string(), born: z.number().int(), tags: z.array(z.string()) }),
 * });
 * ```
 */
export { completeObject } from './complete-object.js';
export { ObjectStream, streamObject } from './stream-object.js';
export { StructuredOutputError, type StructuredOutputErrorOptions } from './structured-output-error.js';
export { structuredFailureOf } from './structured-failure.js';
export {
  createOpenAICompatible,
  type OpenAICompatibleClient,
  type OpenAICompatibleCompletions,
  type OpenAICompatibleParams,
  type OpenAICompatibleRequestOptions,
} from './openai-facade.js';
export { createPartialJsonParser, parsePartialJson, type PartialJsonParser } from './partial-json-parser.js';
export type {
  DeepPartial,
  InferObject,
  JsonSchemaWithValidator,
  ObjectAttempt,
  ObjectRequest,
  ObjectResult,
  ObjectSchema,
  ObjectTarget,
  StructuredFailure,
  StructuredIssue,
  StructuredMode,
  StructuredModeOption,
} from './structured-types.js';
export type {
  StandardIssue,
  StandardJsonSchemaConverter,
  StandardResult,
  StandardSchemaProps,
  StandardSchemaV1,
} from './standard-schema.js';
