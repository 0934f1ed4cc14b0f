/**
 * Helpers the adapter templates share. Pure.
 */

/** A value embedded in generated code as JSON (data, never code). */
export const J = (value: unknown): string => JSON.stringify(value, null, 2);

/** `AcmeCloud` -> `acmeCloud`. */
export function camel(P: string): string {
  return P[0]!.toLowerCase() + P.slice(1);
}
