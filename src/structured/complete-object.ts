/**
 * `completeObject()`: a typed, validated object from any model, by the best mode the model
 * takes, re-asking with the validation issues when an answer does not fit.
 */
import type { CallOptions } from '../client.js';
import { startObjectSession } from './object-session.js';
import type { InferObject, ObjectRequest, ObjectResult, ObjectSchema } from './structured-types.js';

/**
 * Asks `model` for an object matching `schema` and returns it validated, with the mode that
 * served, every attempt, and the usage and cost summed over them.
 *
 * @throws ConfigurationError for input that cannot work, before any request.
 * @throws StructuredOutputError when no answer validated within `maxRetries` re-asks.
 * @throws the provider's error (typed, as from `complete()`) when a request fails for another
 *   reason, with what the earlier attempts spent as `error.structured` (see `structuredFailureOf`).
 *
 * @example
 * ```ts
 * import { z } from 'zod';
 * import { completeObject } from 'llmux/structured';
 * const { object } = await completeObject({
 *   model: 'anthropic/claude-sonnet-4-5',
 *   messages: [{ role: 'user', content: 'Ada Lovelace, born 1815' }],
 *   schema: z.object({ name: z.string(), born: z.number().int() }),
 * });
 * ```
 */
export async function completeObject<S extends ObjectSchema>(
  request: ObjectRequest<S>,
  options?: CallOptions,
): Promise<ObjectResult<InferObject<S>>> {
  const session = await startObjectSession(request as ObjectRequest);
  try {
    for (;;) {
      let response;
      try {
        response = await session.target.complete(session.request(), options);
      } catch (error) {
        if (session.rejected(error)) continue;
        throw error;
      }
      const result = await session.answered(response);
      if (result !== undefined) return result as ObjectResult<InferObject<S>>;
    }
  } catch (error) {
    throw session.failed(error);
  }
}
