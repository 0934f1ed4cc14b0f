/**
 * Automatic prompt caching on Anthropic: `cache_control` breakpoints placed on a finished
 * Messages request body. Pure; the body is changed in place.
 *
 * Rules:
 * - a request that places any `cache_control` itself (tools, system, messages) is left as it is;
 * - at most 4 breakpoints (Anthropic's limit), in prompt order: the last tool, the last system
 *   block, and the last content block of each of the last two turns;
 * - every breakpoint gets the asked lifetime, so a 1-hour entry never follows a 5-minute one;
 * - no breakpoint where the prompt up to it is shorter than the model's minimum cacheable
 *   prompt (estimated as characters / 4): Anthropic would not cache it anyway.
 */
import type { PromptCacheOption } from '../adapter-types.js';

/** Anthropic's most breakpoints in one request. */
const MAX_BREAKPOINTS = 4;

/** Blocks that cannot carry `cache_control`. */
const UNCACHEABLE = new Set(['thinking', 'redacted_thinking']);

/**
 * The smallest prompt Anthropic caches, in tokens: 2048 for Haiku models, 1024 for Sonnet and
 * Opus (Anthropic's documented minimums; the model table has no such field yet).
 */
export function anthropicCacheMinTokens(model: string): number {
  return /haiku/i.test(model) ? 2048 : 1024;
}

type Block = Record<string, unknown>;

/** The `cache_control` a breakpoint gets for `cache`: ephemeral, 1 hour when asked. */
export function anthropicCacheControl(cache: PromptCacheOption): Block {
  return typeof cache === 'object' && cache.ttl === '1h' ? { type: 'ephemeral', ttl: '1h' } : { type: 'ephemeral' };
}

/** Places breakpoints on `body` for `cache` (see the rules above); `minTokens` defaults per model. */
export function placeAnthropicCacheBreakpoints(
  body: Record<string, unknown>,
  cache: PromptCacheOption,
  minTokens = anthropicCacheMinTokens(String(body['model'])),
): void {
  if (hasCacheControl(body['tools']) || hasCacheControl(body['system']) || hasCacheControl(body['messages'])) return;
  const control = anthropicCacheControl(cache);
  const minChars = minTokens * 4;
  let chars = 0;
  let placed = 0;
  const place = (block: Block | undefined): void => {
    if (block === undefined || placed >= MAX_BREAKPOINTS || chars < minChars) return;
    block['cache_control'] = { ...control };
    placed++;
  };

  const tools = body['tools'];
  if (Array.isArray(tools) && tools.length > 0) {
    chars += JSON.stringify(tools).length;
    const last: unknown = tools[tools.length - 1];
    if (isBlock(last)) place(last);
  }

  if (typeof body['system'] === 'string' && body['system'] !== '') body['system'] = [{ type: 'text', text: body['system'] }];
  const system = body['system'];
  if (Array.isArray(system) && system.length > 0) {
    if (chars < minChars) chars += JSON.stringify(system).length;
    const last: unknown = system[system.length - 1];
    if (isBlock(last)) place(last);
  }

  const messages = body['messages'];
  if (!Array.isArray(messages)) return;
  const firstTail = Math.max(0, messages.length - 2);
  for (let i = 0; i < messages.length; i++) {
    const message: unknown = messages[i];
    if (!isBlock(message)) continue;
    // Counted only up to the minimum, which is all `place` asks: past it, a long conversation
    // is not serialised a second time on every call.
    if (chars < minChars) chars += JSON.stringify(message['content'] ?? '').length;
    if (i >= firstTail) place(lastContentPart(message, isCacheableBlock));
  }
}

/** A block that can carry `cache_control`: not thinking, not empty text. */
function isCacheableBlock(block: Block): boolean {
  return !UNCACHEABLE.has(String(block['type'])) && !(block['type'] === 'text' && block['text'] === '');
}

/**
 * The last part of a message's content that `accept` takes, to put `cache_control` on. A string
 * content first becomes one text part (an empty one has none). OpenRouter's placement uses it too.
 */
export function lastContentPart(message: Block, accept: (part: Block) => boolean): Block | undefined {
  const content = message['content'];
  if (typeof content === 'string') {
    if (content === '') return undefined;
    const part: Block = { type: 'text', text: content };
    message['content'] = [part];
    return part;
  }
  if (!Array.isArray(content)) return undefined;
  for (let i = content.length - 1; i >= 0; i--) {
    const part: unknown = content[i];
    if (isBlock(part) && accept(part)) return part;
  }
  return undefined;
}

/** True for a plain object (a content block, a message). */
export function isBlock(value: unknown): value is Block {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Whether any object in `value` (searched to the depth of message content) has `cache_control`. */
export function hasCacheControl(value: unknown, depth = 0): boolean {
  if (depth > 6 || typeof value !== 'object' || value === null) return false;
  if (Array.isArray(value)) return value.some((item) => hasCacheControl(item, depth + 1));
  const object = value as Block;
  if (object['cache_control'] !== undefined) return true;
  return hasCacheControl(object['content'], depth + 1);
}
