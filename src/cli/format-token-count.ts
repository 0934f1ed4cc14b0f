/**
 * What `llmux tokens` prints: the count on the first line (for scripts), then how it was
 * obtained, how much of the model's context window it fills, and any caveat. Pure.
 */
import type { TokenCount } from '../models/index.js';
import { groupDigits } from './format-numbers.js';

const METHODS: Readonly<Record<TokenCount['method'], string>> = {
  tokenizer: 'tokenizer (exact, gpt-tokenizer',
  provider: "provider (exact, the provider's token counting endpoint",
  estimate: 'estimate (from character counts',
};

/** `0.01%`, `<0.01%`, `12.5%`. */
export function formatShare(part: number, whole: number): string {
  const percent = (part / whole) * 100;
  if (percent > 0 && percent < 0.01) return '<0.01%';
  return `${Number(percent.toFixed(percent < 10 ? 2 : 1))}%`;
}

/**
 * ```
 * 12 tokens
 * method: tokenizer (exact, gpt-tokenizer o200k_base)
 * context: 0.01% of openai/gpt-4o's 128,000-token window
 * ```
 * `model` and `contextWindow` are the table's entry, when it has one.
 */
export function formatTokenCount(count: TokenCount, model?: { id: string; contextWindow?: number }): string {
  const lines = [`${groupDigits(count.tokens)} ${count.tokens === 1 ? 'token' : 'tokens'}`];
  lines.push(`method: ${METHODS[count.method]}${count.encoding === undefined ? '' : ` ${count.encoding}`})`);
  const window = model?.contextWindow;
  if (model !== undefined && window !== undefined && window > 0) {
    lines.push(
      count.tokens > window
        ? `context: over ${model.id}'s ${groupDigits(window)}-token window by ${groupDigits(count.tokens - window)} tokens`
        : `context: ${formatShare(count.tokens, window)} of ${model.id}'s ${groupDigits(window)}-token window`,
    );
  }
  if (count.note !== undefined) lines.push(`note: ${count.note}`);
  return `${lines.join('\n')}\n`;
}
