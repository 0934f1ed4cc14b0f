/**
 * Automatic prompt caching on OpenAI: `prompt_cache_key`, which routes requests that share a
 * prompt prefix to the same cache. The key is the caller's (`cache: { key }`) or a stable hash
 * of what every turn of a conversation repeats: the tools and the system prompt. A request that
 * sets `prompt_cache_key` itself (in `extra_body`) keeps it. Pure; the body is changed in place.
 *
 * OpenAI's cache lifetime is its own (minutes in memory, or `prompt_cache_retention: "24h"` on
 * some models), so a `ttl` asks for nothing here: the key is all that is sent.
 */
import type { PromptCacheOption } from './adapter-types.js';

/**
 * Sets `prompt_cache_key` on a Chat Completions or Responses body from `cache` and the body's
 * stable prefix: `tools`, `instructions`, and the system and developer entries of `messages`
 * (Chat Completions) or `input` (Responses).
 */
export function setOpenAIPromptCacheKey(body: Record<string, unknown>, cache: PromptCacheOption | undefined): void {
  if (cache === undefined || body['prompt_cache_key'] !== undefined) return;
  const own = typeof cache === 'object' && typeof cache.key === 'string' && cache.key !== '' ? cache.key : undefined;
  const prefix = { tools: body['tools'], instructions: body['instructions'], system: systemEntries(body['messages'] ?? body['input']) };
  body['prompt_cache_key'] = own ?? `llmux-${hashText(JSON.stringify(prefix))}`;
}

/** The system and developer messages (or input items): the part of the prompt every turn repeats. */
function systemEntries(entries: unknown): unknown[] {
  if (!Array.isArray(entries)) return [];
  return entries.filter((entry: unknown) => {
    const role = typeof entry === 'object' && entry !== null ? (entry as { role?: unknown }).role : undefined;
    return role === 'system' || role === 'developer';
  });
}

/** 64-bit FNV-1a of the text's UTF-16 code units, as 16 hex digits: stable across runs and runtimes. */
function hashText(text: string): string {
  let hi = 0xcbf29ce4;
  let lo = 0x84222325;
  for (let i = 0; i < text.length; i++) {
    lo ^= text.charCodeAt(i);
    // Multiply (hi, lo) by the FNV prime 0x100000001b3 = 2^40 + 0x1b3, modulo 2^64.
    const loMul = lo * 0x1b3;
    const carry = Math.floor(loMul / 0x100000000);
    const newLo = loMul >>> 0;
    hi = (hi * 0x1b3 + carry + ((lo << 8) >>> 0)) >>> 0;
    lo = newLo;
  }
  return hi.toString(16).padStart(8, '0') + lo.toString(16).padStart(8, '0');
}
