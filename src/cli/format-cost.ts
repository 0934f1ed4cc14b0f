/**
 * What `llmux cost` prints: the total and one line per kind of token with the rate actually
 * charged. Pure.
 */
import type { CostBreakdown, PriceTier } from '../models/index.js';
import { formatPerMillion, formatUsd, groupDigits } from './format-numbers.js';

/** Token counts by kind, each kind apart (input here excludes cached reads and cache writes). */
export interface TokensByKind {
  input: number;
  cachedInput: number;
  cacheWrite: number;
  output: number;
  reasoning: number;
}

const LABELS: readonly [keyof TokensByKind, string][] = [
  ['input', 'input'],
  ['cachedInput', 'cache read'],
  ['cacheWrite', 'cache write'],
  ['output', 'output'],
  ['reasoning', 'reasoning'],
];

/** The long-context threshold a prompt of `promptTokens` crosses, if any: its price tier applies to the whole prompt. */
export function crossedTier(tiers: readonly PriceTier[] | undefined, promptTokens: number): number | undefined {
  let crossed: number | undefined;
  for (const tier of tiers ?? []) if (promptTokens > tier.aboveTokens) crossed = tier.aboveTokens;
  return crossed;
}

/**
 * ```
 * openai/gpt-4o: $0.004500
 *   input   1,000 tokens at $2.50/M   $0.002500
 *   output    200 tokens at $10.00/M  $0.002000
 * ```
 * Input and output always have a line; cache and reasoning lines appear when they have tokens.
 * The rate is the amount over the tokens, so a long-context tier shows as the price it set.
 */
export function formatCost(model: string, total: number, breakdown: CostBreakdown, tokens: TokensByKind, tierAbove?: number): string {
  const rows = LABELS.filter(([kind]) => kind === 'input' || kind === 'output' || tokens[kind] > 0).map(([kind, label]) => {
    const count = tokens[kind];
    const rate = count > 0 ? `at ${formatPerMillion(breakdown[kind] / count)}/M` : '';
    return [label, `${groupDigits(count)} ${count === 1 ? 'token' : 'tokens'}`, rate, formatUsd(breakdown[kind])];
  });
  const widths = [0, 1, 2].map((i) => Math.max(...rows.map((row) => row[i]!.length)));
  const lines = rows.map(
    ([label, count, rate, amount]) =>
      `  ${label!.padEnd(widths[0]!)}  ${count!.padStart(widths[1]!)} ${rate!.padEnd(widths[2]!)}  ${amount}`,
  );
  const tier =
    tierAbove === undefined
      ? []
      : [`Long-context prices: the prompt is over ${groupDigits(tierAbove)} tokens, so all of it is billed at the higher rates.`];
  return `${[`${model}: ${formatUsd(total)}`, ...lines, ...tier].join('\n')}\n`;
}
