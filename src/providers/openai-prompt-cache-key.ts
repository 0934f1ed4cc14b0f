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

/**
 * A 64-bit hash of the text's UTF-16 code units, as 16 hex digits: stable across runs and
 * runtimes. Two 32-bit FNV-1a lanes with different multipliers, each step one `Math.imul`: the
 * prefix can be tens of KB and is hashed on every call. A text that differs in one character
 * always gets another hash (each step is a bijection of the lane); a rarer collision would only
 * route two prefixes to one cache.
 */
function hashText(text: string): string {
  let a = 0x811c9dc5;
  let b = 0x9e3779b9;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    a = Math.imul(a ^ code, 0x01000193);
    b = Math.imul(b ^ code, 0x5bd1e995);
  }
  return (a >>> 0).toString(16).padStart(8, '0') + (b >>> 0).toString(16).padStart(8, '0');
}
