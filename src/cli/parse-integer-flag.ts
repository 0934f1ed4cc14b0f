/**
 * A flag's value as a whole number, for token counts and limits. Pure. `1.5`, `-1`, `1e3` and
 * an empty value are refused: a typo in a count should fail, not silently price 0 tokens.
 * Digits may be grouped as llmux prints them (`200,000`) or as code writes them (`200_000`).
 */

const PLAIN = /^\d+$/;
const GROUPED = /^\d{1,3}(?:[,_]\d{3})+$/;

/** undefined when the flag is absent, `{ value }` when valid, an error message naming the flag otherwise. */
export function parseIntegerFlag(raw: string | undefined, flag: string, min = 0): { value: number } | string | undefined {
  if (raw === undefined) return undefined;
  const text = raw.trim();
  const value = PLAIN.test(text) || GROUPED.test(text) ? Number(text.replace(/[,_]/g, '')) : Number.NaN;
  if (!Number.isSafeInteger(value) || value < min) return `${flag} must be a whole number >= ${min}; got ${JSON.stringify(raw)}`;
  return { value };
}
