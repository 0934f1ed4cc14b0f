/**
 * A bound on how deeply JSON from a provider may nest. Parsing a 100,000-deep document is
 * fine; every recursive walk after it (structured cloning, serializing for a callback, the
 * caller's own code) overflows the stack. Responses and stream events are refused past it.
 */

/** Deepest nesting of arrays and objects accepted in a response body or stream event. */
export const MAX_JSON_DEPTH = 256;

/**
 * True when `value`, parsed from `text`, nests arrays and objects deeper than
 * {@link MAX_JSON_DEPTH}. A text too short to nest that deep (each level takes two brackets) is
 * not walked, so the usual small stream event costs one comparison. The `error` of an error
 * payload (an object with `error` and no `choices`) is not counted: it is read through a bounded
 * copy (see `errorPayloadText`), so that the provider's own error still reaches the caller.
 */
export function isTooDeep(text: string, value: unknown): boolean {
  if (text.length <= 2 * MAX_JSON_DEPTH || typeof value !== 'object' || value === null) return false;
  // At most MAX_JSON_DEPTH brackets in all (in strings too) cannot nest deeper: one native search
  // settles the usual response without a walk of everything parsed.
  if ((text.match(/[[{]/g)?.length ?? 0) <= MAX_JSON_DEPTH) return false;
  if (Array.isArray(value) || !('error' in value) || 'choices' in value) return deeperThan(value, MAX_JSON_DEPTH);
  for (const key in value) if (key !== 'error' && deeperThan((value as Record<string, unknown>)[key], MAX_JSON_DEPTH - 1)) return true;
  return false;
}

/** The recursion stops at `levels`, so it is itself bounded. `for...in` walks arrays' indexes too. */
function deeperThan(value: unknown, levels: number): boolean {
  if (typeof value !== 'object' || value === null) return false;
  if (levels === 0) return true;
  for (const key in value) if (deeperThan((value as Record<string, unknown>)[key], levels - 1)) return true;
  return false;
}
