/**
 * Which OpenAI BPE encoding a model id uses, following gpt-tokenizer's (and tiktoken's)
 * model-to-encoding map. Pure.
 */

/** The OpenAI encodings llmux counts with. */
export type OpenAIEncoding = 'o200k_base' | 'cl100k_base';

/**
 * Prefix rules, first match wins. Each pattern ends on a boundary (`-`, `:`, `@` or the end) so
 * that `gpt-4` never claims `gpt-4o` or `gpt-4.1`, and `o1` never claims `o1x`.
 *
 * gpt-oss uses `o200k_harmony`, which is `o200k_base` with more special tokens: the same
 * vocabulary and split rule, so ordinary text counts the same.
 */
const RULES: readonly (readonly [RegExp, OpenAIEncoding])[] = [
  [/^(?:gpt-4o|chatgpt-4o|gpt-4\.1|gpt-4\.5|gpt-oss|codex)(?=$|[-:@])/, 'o200k_base'],
  [/^(?:gpt-audio|gpt-realtime|gpt-image|computer-use-preview)(?=$|[-:@])/, 'o200k_base'],
  [/^gpt-5(?=$|[-.:@])/, 'o200k_base'],
  [/^o[134](?=$|[-:@])/, 'o200k_base'],
  // `gpt-35-turbo` is Azure's spelling.
  [/^(?:gpt-4|gpt-3\.5|gpt-35)(?=$|[-:@])/, 'cl100k_base'],
  [/^(?:text-embedding-3-(?:small|large)|text-embedding-ada-002|babbage-002|davinci-002)(?=$|[-:@])/, 'cl100k_base'],
];

/**
 * The encoding of an OpenAI model, or undefined for any other model.
 *
 * `model` may carry routing prefixes: `openai/gpt-4o` (OpenRouter's id), `azure/gpt-4o`,
 * `openai.gpt-oss-120b-1:0` (Bedrock's id), or a fine-tune id such as
 * `ft:gpt-4o-mini-2024-07-18:org::abc`. Only the last path segment is matched, case-insensitively.
 *
 * @example
 * ```ts
 * tokenizerEncoding('gpt-4o-mini');               // 'o200k_base'
 * tokenizerEncoding('openrouter/openai/gpt-4');   // 'cl100k_base'
 * tokenizerEncoding('claude-sonnet-4-5');         // undefined
 * ```
 */
export function tokenizerEncoding(model: string): OpenAIEncoding | undefined {
  const name = model
    .slice(model.lastIndexOf('/') + 1)
    .toLowerCase()
    .replace(/^ft:/, '')
    .replace(/^openai\./, '');
  for (const [pattern, encoding] of RULES) if (pattern.test(name)) return encoding;
  return undefined;
}
