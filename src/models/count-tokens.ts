/**
 * `countTokens`: a prompt's size in tokens by the best method at hand. OpenAI models are
 * counted exactly with gpt-tokenizer (an optional peer, imported on first use), Anthropic
 * models by Anthropic's counting endpoint, everything else by the documented estimate.
 */
import { knownProviders } from '../core/resolve-provider.js';
import { providerOfBareName, splitModelString } from '../util/model-id.js';
import { ConfigurationError } from '../base/errors.js';
import type { ChatRequest } from '../base/types.js';
import { estimateChatTokens, estimateImageTokens, estimateTextTokens, TOKEN_ESTIMATE } from './estimate-tokens.js';
import { type CountableChat, type CountableFunction, type CountableMessage, toCountableChat } from './openai-chat-overhead.js';
import { type OpenAIEncoding, tokenizerEncoding } from './tokenizer-encoding.js';

/** What to count, and for which model. */
export interface CountTokensInput {
  /** 'openai/gpt-4o', 'gpt-4o', 'anthropic/claude-sonnet-4-5', 'groq/llama-3.3-70b-versatile', ... */
  model: string;
  /** A chat, counted with its framing (per-message overhead, reply priming, tool definitions). */
  messages?: ChatRequest['messages'];
  /** A bare string, counted as it is. Exactly one of `messages` and `text`. */
  text?: string;
  /** Tool definitions sent with `messages`. */
  tools?: ChatRequest['tools'];
  /** Asked for provider-side counts (Anthropic's count_tokens endpoint). Default: the default client (`getDefaultClient()` from 'llmux'). */
  client?: { countProviderTokens(request: ChatRequest, options?: { signal?: AbortSignal }): Promise<number | undefined> };
  /** Aborts the provider-side count. */
  signal?: AbortSignal;
}

/** A token count and how it was obtained. */
export interface TokenCount {
  tokens: number;
  /** 'tokenizer' (exact BPE count, OpenAI models with gpt-tokenizer installed), 'provider' (the provider's counting endpoint), 'estimate' (see docs/token-counting.md). */
  method: 'tokenizer' | 'provider' | 'estimate';
  /** For 'tokenizer': the encoding used. */
  encoding?: 'o200k_base' | 'cl100k_base';
  /** Why an estimate was used when a better method exists (e.g. "gpt-tokenizer is not installed", "no ANTHROPIC_API_KEY configured"), or what the count leaves out. */
  note?: string;
}

/** An exact counter for one encoding. Internal: the seam tests use to stand in for gpt-tokenizer. */
export interface Tokenizer {
  countText(text: string): number;
  countChat(chat: { messages: readonly CountableMessage[]; functions: readonly CountableFunction[] }): number;
}

/** Loads the {@link Tokenizer} of an encoding; rejects when gpt-tokenizer cannot be imported. Internal. */
export type LoadTokenizer = (encoding: OpenAIEncoding) => Promise<Tokenizer>;

/** The `note` of an estimate made because gpt-tokenizer could not be imported. */
export const NOT_INSTALLED_NOTE = 'gpt-tokenizer is not installed; npm install gpt-tokenizer for exact counts';
/** The `note` of an estimate made for an Anthropic model because no key is configured. */
export const NO_ANTHROPIC_KEY_NOTE = "no ANTHROPIC_API_KEY configured, so Anthropic's count_tokens endpoint was not asked";

/**
 * Counts the tokens of a prompt for `model`.
 *
 * - OpenAI models (`gpt-4o`, `openai/o3`, `openrouter/openai/gpt-4.1`, ...): exact, with
 *   gpt-tokenizer when it is installed, including the chat framing and tool definitions as
 *   OpenAI bills them; otherwise the estimate, with a note saying so.
 * - Anthropic models: Anthropic's count_tokens endpoint (free, exact); without an API key, the
 *   estimate with a note. Endpoint errors are thrown as typed llmux errors.
 * - Any other model: the estimate (characters by script class; see docs/token-counting.md).
 *
 * Never throws for an unknown model; throws `ConfigurationError` for malformed input.
 *
 * @example
 * ```ts
 * import { countTokens } from 'llmux/models';
 * const { tokens, method } = await countTokens({
 *   model: 'openai/gpt-4o',
 *   messages: [{ role: 'user', content: 'How many tokens is this?' }],
 * });
 * ```
 */
export function countTokens(input: CountTokensInput): Promise<TokenCount> {
  return countTokensWith(input, loadGptTokenizer);
}

/** {@link countTokens} with the tokenizer loader given. Internal: tests use it; it is not in the public index. */
export async function countTokensWith(input: CountTokensInput, loadTokenizer: LoadTokenizer): Promise<TokenCount> {
  validate(input);
  const { provider, model } = providerOf(input.model);
  if (provider === 'anthropic') return countWithProvider(input);
  const encoding = tokenizerEncoding(model);
  if (encoding === undefined) return estimate(input);
  let tokenizer: Tokenizer;
  try {
    tokenizer = await loadTokenizer(encoding);
  } catch (error) {
    return estimate(input, notLoadedNote(error));
  }
  if (input.text !== undefined) return { tokens: tokenizer.countText(input.text), method: 'tokenizer', encoding };
  const chat = toCountableChat(input.messages!, input.tools);
  let tokens: number;
  try {
    tokens = tokenizer.countChat(chat) + estimateImageTokens(chat.images);
  } catch (error) {
    // The renderer walks each tool's JSON Schema; a malformed one (a null property) breaks it.
    const message = error instanceof Error ? error.message : String(error);
    throw new ConfigurationError(`countTokens: cannot count this chat (${message}); are the tools' parameters valid JSON Schema?`, {
      cause: error,
    });
  }
  return withNote({ tokens, method: 'tokenizer', encoding }, partsNote(chat));
}

async function countWithProvider(input: CountTokensInput): Promise<TokenCount> {
  // The default client lives in the root entry, a layer above models/: loaded when first asked for.
  const client = input.client ?? (await import('../index.js')).getDefaultClient();
  const request: ChatRequest = {
    model: input.model,
    messages: input.messages ?? [{ role: 'user', content: input.text! }],
    ...(input.tools !== undefined ? { tools: input.tools } : {}),
  };
  const tokens = await client.countProviderTokens(request, input.signal !== undefined ? { signal: input.signal } : undefined);
  if (tokens === undefined) return estimate(input, NO_ANTHROPIC_KEY_NOTE);
  return { tokens, method: 'provider' };
}

function estimate(input: CountTokensInput, reason?: string): TokenCount {
  if (input.text !== undefined) return withNote({ tokens: estimateTextTokens(input.text), method: 'estimate' }, reason);
  const chat = toCountableChat(input.messages!, input.tools);
  const uncounted = chat.uncountedParts > 0 ? `${plural(chat.uncountedParts, 'file/audio part')} not counted` : undefined;
  return withNote({ tokens: estimateChatTokens(chat), method: 'estimate' }, reason, uncounted);
}

/**
 * The provider and the provider's model id by the client's rules: a known `provider/` prefix, or
 * a bare name the client routes (`claude-...` is Anthropic's; for OpenAI's the encoding is read
 * from the name). Anything else is taken whole as a model name. `resolveModel` is not used as it
 * throws for a string no client would serve, and counting still estimates those.
 */
function providerOf(model: string): { provider: string | undefined; model: string } {
  const { prefix, rest } = splitModelString(model);
  if (prefix !== undefined) return knownProviders().includes(prefix) ? { provider: prefix, model: rest } : { provider: undefined, model };
  return { provider: providerOfBareName(model, { routedOnly: true }), model };
}

function validate(input: CountTokensInput): void {
  if (typeof input !== 'object' || input === null)
    throw new ConfigurationError('countTokens takes an object: { model, messages } or { model, text }');
  const { model, messages, text, tools } = input;
  if (typeof model !== 'string' || model.trim() === '') {
    throw new ConfigurationError(`countTokens: "model" must be a non-empty string like "openai/gpt-4o"; got ${JSON.stringify(model)}`);
  }
  if ((messages === undefined) === (text === undefined)) {
    throw new ConfigurationError('countTokens: give exactly one of "messages" (a chat) and "text" (a string)');
  }
  if (text !== undefined) {
    if (typeof text !== 'string') throw new ConfigurationError(`countTokens: "text" must be a string; got ${typeof text}`);
    if (tools !== undefined) throw new ConfigurationError('countTokens: "tools" are counted with "messages", not with "text"');
    return;
  }
  if (!Array.isArray(messages))
    throw new ConfigurationError(`countTokens: "messages" must be an array of chat messages; got ${typeof messages}`);
  const bad = messages.findIndex((m: unknown) => !isMessage(m));
  if (bad !== -1)
    throw new ConfigurationError(
      `countTokens: messages[${bad}] is not a chat message (a "role", and "content" that is a string, an array of parts or null)`,
    );
  if (tools !== undefined && !Array.isArray(tools))
    throw new ConfigurationError(`countTokens: "tools" must be an array; got ${typeof tools}`);
}

function isMessage(m: unknown): boolean {
  if (typeof m !== 'object' || m === null) return false;
  const { role, content } = m as { role?: unknown; content?: unknown };
  if (typeof role !== 'string') return false;
  if (content === undefined || content === null || typeof content === 'string') return true;
  return Array.isArray(content) && content.every((part: unknown) => typeof part === 'object' && part !== null);
}

function partsNote(chat: CountableChat): string | undefined {
  const notes: string[] = [];
  if (chat.images.length > 0) {
    notes.push(
      `${plural(chat.images.length, 'image')} counted at fixed figures (${TOKEN_ESTIMATE.imageTokens}, or ${TOKEN_ESTIMATE.lowDetailImageTokens} at detail "low"); OpenAI prices images by size`,
    );
  }
  if (chat.uncountedParts > 0) notes.push(`${plural(chat.uncountedParts, 'file/audio part')} not counted`);
  return notes.length > 0 ? notes.join('; ') : undefined;
}

function notLoadedNote(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  const message = error instanceof Error ? error.message : String(error);
  if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND' || /Cannot find (?:module|package)/i.test(message))
    return NOT_INSTALLED_NOTE;
  return `gpt-tokenizer could not be loaded (${message}); this is an estimate`;
}

function withNote(count: TokenCount, ...notes: (string | undefined)[]): TokenCount {
  const note = notes.filter((n) => n !== undefined).join('; ');
  return note === '' ? count : { ...count, note };
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

const loaded = new Map<OpenAIEncoding, Promise<Tokenizer>>();

/** The gpt-tokenizer loader: one import per encoding, on first use, kept for the process. Internal. */
export function loadGptTokenizer(encoding: OpenAIEncoding): Promise<Tokenizer> {
  let tokenizer = loaded.get(encoding);
  if (tokenizer === undefined) {
    tokenizer = importGptTokenizer(encoding);
    loaded.set(encoding, tokenizer);
  }
  return tokenizer;
}

/** User text is text: a `<|endoftext|>` in it is counted as characters, as the API does, not refused. */
const PLAIN_TEXT = { disallowedSpecial: new Set<string>() };

type BpeModule = typeof import('gpt-tokenizer/encoding/o200k_base');
type ChatModule = typeof import('gpt-tokenizer/functionCalling');

/**
 * Imports a module of the optional peer by a specifier held in a variable: a bundler building a
 * one-file app (serverless, edge) does not follow it, so a one-call app does not carry the
 * tokenizer's 3.7 MB of vocabularies. Where the package is installed, Node finds it at run time;
 * where it is not (an edge bundle), counting falls back to the estimate.
 */
const importOptional = <T>(specifier: string): Promise<T> => import(/* @vite-ignore */ /* webpackIgnore: true */ specifier) as Promise<T>;

async function importGptTokenizer(encoding: OpenAIEncoding): Promise<Tokenizer> {
  // Only the encoding the model uses is loaded.
  const [bpe, chat] = await Promise.all([
    importOptional<BpeModule>(`gpt-tokenizer/encoding/${encoding}`),
    // gpt-tokenizer's chat-completion counter: OpenAI's message framing and function rendering.
    importOptional<ChatModule>('gpt-tokenizer/functionCalling'),
  ]);
  const countText = (text: string): number => bpe.countTokens(text, PLAIN_TEXT);
  type ChatCompletionRequest = Parameters<typeof chat.computeChatCompletionTokenCount>[0];
  return {
    countText,
    // The function parameters are JSON Schema, wider than the library's own schema type; it
    // renders unknown shapes as `any`.
    countChat: (request) => chat.computeChatCompletionTokenCount(request as unknown as ChatCompletionRequest, countText),
  };
}
