/**
 * Reads what a failed structured call spent (`error.structured`) from whatever it threw.
 */
import type { StructuredFailure } from './structured-types.js';

/**
 * The attempts, usage and cost of a `completeObject()`/`streamObject()` call that threw `error`;
 * undefined for an error that did not come from one (or came before its first request).
 *
 * @example
 * ```ts
 * try {
 *   await completeObject({ model, messages, schema });
 * } catch (error) {
 *   const spent = structuredFailureOf(error);
 *   if (spent) bill(spent.cost?.total ?? 0, spent.usage.total_tokens);
 *   throw error;
 * }
 * ```
 */
export function structuredFailureOf(error: unknown): StructuredFailure | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const failure = (error as { structured?: unknown }).structured;
  if (typeof failure !== 'object' || failure === null) return undefined;
  const { attempts, usage } = failure as Partial<StructuredFailure>;
  return Array.isArray(attempts) && typeof usage === 'object' && usage !== null ? (failure as StructuredFailure) : undefined;
}
