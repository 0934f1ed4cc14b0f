/**
 * Number formats shared by `llmux models`, `llmux cost` and `llmux tokens`. Pure, and the same
 * in every locale, so output can be compared and parsed by scripts.
 */

/** `200000` -> `200,000`. */
export function groupDigits(n: number): string {
  const [whole = '', fraction] = String(n).split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return fraction === undefined ? grouped : `${grouped}.${fraction}`;
}

/** A sum of money in USD to the micro-dollar: `$0.004500`. Prices per token are far smaller than a cent. */
export function formatUsd(amount: number): string {
  // Float sums can land a hair below zero (-1e-20); a cost is never negative.
  return `$${Math.max(0, amount).toFixed(6)}`;
}

/**
 * A price per token as USD per million tokens: `0.0000025` -> `$2.50`; more decimals only when
 * the price has them (`$0.075`, `$0.0375`); `-` when the price is unknown, which is not free.
 */
export function formatPerMillion(perToken: number | undefined): string {
  if (perToken === undefined || !Number.isFinite(perToken)) return '-';
  // Four decimals absorb the float noise of scaling (2.9999999999999996 -> 3.0000).
  const fixed = (perToken * 1e6).toFixed(4).replace(/0{1,2}$/, '');
  return `$${fixed}`;
}
