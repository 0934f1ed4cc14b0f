/**
 * Which Anthropic assistant turns must be kept whole, as `provider_blocks`. Pure.
 */
import type { ProviderBlocks } from '../../base/types.js';

/** Block types the Chat Completions message expresses fully (text without citations aside). */
const MAPPED = new Set(['text', 'tool_use', 'thinking', 'redacted_thinking']);

/** Whether one of the turn's blocks has no Chat Completions form (a server tool call or result, text with citations). */
export function hasNativeBlocks(blocks: readonly unknown[]): boolean {
  return blocks.some((block) => {
    if (block === null || typeof block !== 'object') return false;
    const b = block as { type?: unknown; citations?: unknown };
    if (!MAPPED.has(String(b.type))) return true;
    return b.type === 'text' && Array.isArray(b.citations) && b.citations.length > 0;
  });
}

/**
 * The turn's blocks, tagged with the model that wrote them, when one of them has no Chat
 * Completions form (see `hasNativeBlocks`); otherwise undefined.
 */
export function keepAnthropicBlocks(blocks: readonly unknown[], model: string): ProviderBlocks | undefined {
  if (!hasNativeBlocks(blocks)) return undefined;
  return {
    provider: 'anthropic',
    model,
    blocks: blocks.filter((b) => b !== null && typeof b === 'object').map((b) => structuredClone(b) as Record<string, unknown>),
  };
}
