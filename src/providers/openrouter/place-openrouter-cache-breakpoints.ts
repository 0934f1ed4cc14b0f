/**
 * Automatic prompt caching for Claude through OpenRouter, which takes Anthropic's
 * `cache_control` on the text parts of OpenAI-shaped messages. The rules are Anthropic's (see
 * `placeAnthropicCacheBreakpoints`): a request that places any `cache_control` itself is left
 * as it is; breakpoints go on the last system message and on the last two turns, each on its
 * last text part, only where the prompt up to it reaches the model's minimum cacheable size.
 * OpenRouter documents no `cache_control` on tools, so tools count toward the size but get none.
 * Pure; the body is changed in place.
 */
import type { PromptCacheOption } from '../adapter-types.js';
import {
  anthropicCacheControl,
  anthropicCacheMinTokens,
  hasCacheControl,
  isBlock,
  lastContentPart,
} from '../anthropic/place-anthropic-cache-breakpoints.js';

type Entry = Record<string, unknown>;

/** Places breakpoints on an OpenRouter body whose model is a Claude model (`anthropic/...`). */
export function placeOpenRouterCacheBreakpoints(body: Record<string, unknown>, cache: PromptCacheOption): void {
  const messages = body['messages'];
  if (!Array.isArray(messages) || hasCacheControl(body['tools']) || hasCacheControl(messages)) return;
  const control = anthropicCacheControl(cache);
  const minChars = anthropicCacheMinTokens(String(body['model'])) * 4;
  let chars = Array.isArray(body['tools']) ? JSON.stringify(body['tools']).length : 0;
  const place = (message: Entry): void => {
    const part = lastContentPart(message, isTextPart);
    if (part !== undefined && chars >= minChars) part['cache_control'] = { ...control };
  };

  // Anthropic's prompt puts every system message first, in order; the last of them ends the system prompt.
  const isSystem = (m: unknown): m is Entry => isBlock(m) && (m['role'] === 'system' || m['role'] === 'developer');
  const system = messages.filter(isSystem);
  // Counted only up to the minimum, which is all `place` asks (see the Anthropic placement).
  for (const message of system) if (chars < minChars) chars += JSON.stringify(message['content'] ?? '').length;
  if (system.length > 0) place(system[system.length - 1]!);

  const turns = messages.filter((m): m is Entry => isBlock(m) && !isSystem(m));
  turns.forEach((message, i) => {
    if (chars < minChars) chars += JSON.stringify(message['content'] ?? '').length + JSON.stringify(message['tool_calls'] ?? '').length;
    if (i >= turns.length - 2 && (message['role'] === 'user' || message['role'] === 'assistant')) place(message);
  });
}

/** A text part with text: the only kind OpenRouter takes `cache_control` on. */
function isTextPart(part: Entry): boolean {
  return part['type'] === 'text' && typeof part['text'] === 'string' && part['text'] !== '';
}
