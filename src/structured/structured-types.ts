/**
 * The public types of `llmux/structured`: schemas, modes, requests and results.
 */
import type { CallOptions } from '../client.js';
import type { LlmuxError } from '../base/errors.js';
import type { LlmStream } from '../stream/llm-stream.js';
import type { ChatRequest, Cost, JSONSchema, ModelResponse, Usage } from '../base/types.js';
import type { StandardResult, StandardSchemaV1 } from './standard-schema.js';

/**
 * How the model is asked for the object:
 * - `json_schema`: `response_format` json_schema (OpenAI structured outputs; Anthropic's
 *   `output_config.format`), strict when the schema allows it;
 * - `tools`: one tool whose parameters are the schema, forced with `tool_choice`;
 * - `json`: `response_format` json_object, with the schema in a system message; on Anthropic
 *   (which has no json_object) the schema in the system prompt and the answer prefilled with `{`
 *   (the prompt-only form for models that take no prefill, or with thinking on);
 * - `prompt`: the schema in a system message, and the JSON found in whatever text comes back.
 */
export type StructuredMode = 'json_schema' | 'tools' | 'json' | 'prompt';

/** A mode, or `auto`: picked from the model's capabilities, stepping down when the provider rejects one. */
export type StructuredModeOption = StructuredMode | 'auto';

/** One reason an answer was not accepted. */
export interface StructuredIssue {
  message: string;
  /** Where in the object, e.g. `['tags', 0]`; absent for the whole answer. */
  path?: (string | number)[];
}

/** A JSON Schema with an optional validator: a function returning a Standard Schema result, or a Standard Schema. */
export interface JsonSchemaWithValidator<T = unknown> {
  jsonSchema: JSONSchema;
  /** Without one, the parsed JSON is returned as it is. */
  validate?: ((value: unknown) => StandardResult<T> | Promise<StandardResult<T>>) | StandardSchemaV1<unknown, T>;
}

/** What `schema` takes: any Standard Schema (zod 4, valibot, arktype, ...) or a JSON Schema with a validator. */
export type ObjectSchema<T = unknown> = StandardSchemaV1<unknown, T> | JsonSchemaWithValidator<T>;

/** The type of the validated object a schema yields. */
export type InferObject<S> = S extends StandardSchemaV1<any, infer O> ? O : S extends JsonSchemaWithValidator<infer T> ? T : unknown;

/** A partial object as it streams in: every property optional, all the way down. */
export type DeepPartial<T> = T extends readonly (infer U)[]
  ? DeepPartial<U>[]
  : T extends (...args: never[]) => unknown
    ? T
    : T extends object
      ? { [K in keyof T]?: DeepPartial<T[K]> }
      : T;

/** What sends the requests: an llmux client or a Router (anything with their `complete`/`stream`). */
export interface ObjectTarget {
  complete(request: ChatRequest, options?: CallOptions): Promise<ModelResponse>;
  stream(request: ChatRequest, options?: CallOptions): LlmStream;
}

/** A structured output request: a chat request (without tools or response_format, which the mode sets) plus the schema. */
export interface ObjectRequest<S extends ObjectSchema = ObjectSchema> extends Omit<
  ChatRequest,
  'response_format' | 'tools' | 'tool_choice' | 'parallel_tool_calls' | 'n'
> {
  schema: S;
  /** Default `auto`. */
  mode?: StructuredModeOption;
  /** Re-asks after an answer that does not parse or validate, with its issues. Default 2 (three answers at most). */
  maxRetries?: number;
  /** Name of the object (the tool or json_schema name); letters, digits, `_` and `-`. Default `response`. */
  name?: string;
  /** What the object is, for the model. */
  description?: string;
  /**
   * OpenAI strict structured outputs in `json_schema` mode. Default: on when the schema meets
   * strict mode's rules (every property required, objects closed, supported keywords only).
   */
  strict?: boolean;
  /** The client to send through (default: the module-level client configured from the environment). */
  client?: ObjectTarget;
  /** A Router to send through instead of a client; `model` is then a model group. */
  router?: ObjectTarget;
}

/** One answer (or rejected request) on the way to the object. */
export interface ObjectAttempt {
  mode: StructuredMode;
  /**
   * The JSON text the model gave (message content, or the tool call's arguments), with the
   * prefilled `{` of `json` mode on Anthropic put back; undefined for a rejected request.
   */
  raw: string | undefined;
  /** Why the answer was not accepted; empty for the accepted one. */
  issues: StructuredIssue[];
  /** The provider's rejection of the mode (or of `json` mode's prefill), when the request itself failed and the call went on. */
  rejection?: LlmuxError;
  usage?: Usage;
  cost?: Cost;
}

export interface ObjectResult<T> {
  /** The validated object. */
  object: T;
  /** The mode that produced it. */
  mode: StructuredMode;
  /** Every answer and rejection, in order; the last is the accepted answer. */
  attempts: ObjectAttempt[];
  /** Token usage summed over every attempt. */
  usage: Usage;
  /** Cost summed over every attempt that could be priced; undefined when none could. */
  cost: Cost | undefined;
  /** The last (accepted) response. */
  response: ModelResponse;
}

/**
 * What a structured call spent before it failed for a reason other than its answers (a 500 after
 * retries, a context window error, a connection lost, an abort, a validator that threw). The
 * error is thrown as it is, same class, with this as its `structured` property (not enumerable);
 * read it with `structuredFailureOf(error)`. `StructuredOutputError` has the same fields itself,
 * and as `structured` too.
 */
export interface StructuredFailure {
  /** The attempts before the failure (answers and rejected requests), in order; the failed request is the error itself. */
  attempts: ObjectAttempt[];
  /** Token usage summed over those attempts. */
  usage: Usage;
  /** Cost summed over those attempts that could be priced; undefined when none could. */
  cost: Cost | undefined;
  /** The mode of the request that failed. */
  mode: StructuredMode;
}
