/**
 * The token estimate used when no tokenizer or counting endpoint is at hand: characters by
 * class (ASCII letters, ASCII symbols, CJK, other scripts, emoji), each at a rate fitted to
 * gpt-tokenizer's o200k_base counts (see docs/token-counting.md and
 * scripts/measure-token-estimates.mjs). Pure and deterministic.
 */
import { type CountableChat, type CountableFunction, OPENAI_CHAT_OVERHEAD } from './openai-chat-overhead.js';

/** The rates and fixed figures of the estimate. */
export const TOKEN_ESTIMATE = {
  /** Per ASCII letter or whitespace character: words merge into few tokens (5 characters per token). */
  tokensPerAsciiWordChar: 0.2,
  /** Per ASCII digit, punctuation mark or other symbol: these seldom merge (2 characters per token). */
  tokensPerAsciiSymbolChar: 0.5,
  /** Per CJK ideograph, kana, hangul syllable or full-width form. */
  tokensPerWideChar: 0.75,
  /** Per other character of the Basic Multilingual Plane (accented Latin, Cyrillic, Greek, Arabic, symbols). */
  tokensPerOtherChar: 0.3,
  /** Per code point outside it (emoji and rare scripts). */
  tokensPerAstralChar: 1.5,
  /** Characters of a tool's JSON definition per token: the JSON is wordier than the text OpenAI renders it into. */
  toolJsonCharsPerToken: 7,
  /** The text wrapped around the rendered definitions, fitted with the rate above. */
  toolNamespaceTokens: 5,
  /** Every role name (`system`, `user`, `assistant`, `developer`, `tool`, `function`) is one token. */
  roleTokens: 1,
  /** An image at `detail: "low"`: OpenAI's fixed price for GPT-4o-class models. */
  lowDetailImageTokens: 85,
  /**
   * Any other image: what OpenAI charges GPT-4o-class models for a 1024×1024 image at high
   * detail (85 base + 4 tiles × 170). The real figure depends on the image's size and the model.
   */
  imageTokens: 765,
} as const;

const E = TOKEN_ESTIMATE;
const O = OPENAI_CHAT_OVERHEAD;

/**
 * Estimated tokens in `text`: each character priced by its class, summed, rounded up.
 *
 * @example
 * ```ts
 * estimateTextTokens('hello world'); // 3 (11 letters and spaces × 0.2, rounded up)
 * estimateTextTokens('東京');         // 2 (2 × 0.75, rounded up)
 * ```
 */
export function estimateTextTokens(text: string): number {
  let tokens = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) {
      tokens += isWordChar(code) ? E.tokensPerAsciiWordChar : E.tokensPerAsciiSymbolChar;
    } else if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
      // A surrogate pair: one code point outside the BMP.
      tokens += E.tokensPerAstralChar;
      i += 1;
    } else {
      tokens += isWide(code) ? E.tokensPerWideChar : E.tokensPerOtherChar;
    }
  }
  // Sums of decimal rates carry float noise (0.2 × 5 = 1.0000000000000002): round it off first.
  return Math.ceil(Math.round(tokens * 1e6) / 1e6);
}

/** ASCII letters and whitespace. */
function isWordChar(code: number): boolean {
  return (code >= 0x61 && code <= 0x7a) || (code >= 0x41 && code <= 0x5a) || code === 0x20 || (code >= 0x09 && code <= 0x0d);
}

/** Hangul jamo and syllables, CJK radicals to unified ideographs (kana included), compatibility ideographs, full-width forms. */
function isWide(code: number): boolean {
  return (
    (code >= 0x1100 && code <= 0x11ff) ||
    (code >= 0x2e80 && code <= 0x9fff) ||
    (code >= 0xa960 && code <= 0xa97f) ||
    (code >= 0xac00 && code <= 0xd7ff) ||
    (code >= 0xf900 && code <= 0xfaff) ||
    (code >= 0xfe30 && code <= 0xfe4f) ||
    (code >= 0xff00 && code <= 0xffef)
  );
}

/** Tokens for a list of image `detail` values, at the fixed figures of {@link TOKEN_ESTIMATE}. */
export function estimateImageTokens(images: readonly ('auto' | 'low' | 'high')[]): number {
  let tokens = 0;
  for (const detail of images) tokens += detail === 'low' ? E.lowDetailImageTokens : E.imageTokens;
  return tokens;
}

/** Estimated tokens of function (tool) definitions, from the length of their JSON. */
export function estimateToolDefinitionTokens(functions: readonly CountableFunction[]): number {
  if (functions.length === 0) return 0;
  let tokens = E.toolNamespaceTokens;
  for (const fn of functions) tokens += Math.ceil(JSON.stringify(fn).length / E.toolJsonCharsPerToken);
  return tokens;
}

/**
 * Estimated prompt tokens of a chat: the text of each field by {@link estimateTextTokens},
 * framed with OpenAI's published per-message figures, tool definitions by their JSON length,
 * images at fixed figures. File and audio parts count zero (the caller says so).
 */
export function estimateChatTokens(chat: CountableChat): number {
  let tokens = O.replyPriming;
  for (const message of chat.messages) {
    tokens += O.perMessage + E.roleTokens + estimateTextTokens(message.content);
    if (message.name) tokens += estimateTextTokens(message.name) + O.perName;
    if (message.function_call) {
      const { name, arguments: args } = message.function_call;
      tokens += estimateTextTokens(name) + estimateTextTokens(args) + O.perFunctionCall;
    }
    if (message.role === 'function') tokens -= O.functionResultDiscount;
  }
  if (chat.functions.length > 0) {
    tokens += estimateToolDefinitionTokens(chat.functions) + O.toolDefinitions;
    if (chat.messages.some((m) => m.role === 'system')) tokens -= O.toolDefinitionsWithSystem;
  }
  return tokens + estimateImageTokens(chat.images);
}
