/**
 * The one reading of a model string, for everything that reads one (the client's routing, the
 * model table, token counting, structured output, the Router): the `provider/model` syntax, the
 * bare names whose provider is clear from the name, and the family rules that depend on a
 * model's name. Pure; imports nothing.
 */

/** A model string cut at its first `/`: `openrouter/anthropic/claude-sonnet-4.5` is `openrouter` + the rest. */
export interface ModelStringParts {
  /** The text before the first `/`; undefined without one (or when the string starts with it). */
  prefix: string | undefined;
  /** The text after the prefix's `/`, or the whole string without a prefix. */
  rest: string;
}

/** Splits `provider/model` at the first `/`, which must not lead: `/x` and `x` have no prefix. */
export function splitModelString(model: string): ModelStringParts {
  const slash = model.indexOf('/');
  return slash > 0 ? { prefix: model.slice(0, slash), rest: model.slice(slash + 1) } : { prefix: undefined, rest: model };
}

/**
 * Bare names whose provider is clear from the name. `routed` rules are the ones the client
 * itself routes (`complete({ model: 'gpt-4o' })` goes to `openai`); the others only tell the
 * model table where to look (`deepseek-chat` is a DeepSeek model, but a call needs `deepseek/`).
 */
const BARE_NAME_RULES: readonly { pattern: RegExp; provider: string; routed: boolean }[] = [
  { pattern: /^(?:gpt-|chatgpt-|o[134]|codex-|ft:gpt-|text-embedding-|davinci|babbage)/, provider: 'openai', routed: true },
  { pattern: /^claude-/, provider: 'anthropic', routed: true },
  { pattern: /^deepseek-/, provider: 'deepseek', routed: false },
  { pattern: /^gemini-/, provider: 'gemini', routed: false },
  { pattern: /^grok-/, provider: 'xai', routed: false },
  { pattern: /^(?:mistral-|codestral-|magistral-|devstral-|pixtral-|ministral-|open-mistral-)/, provider: 'mistral', routed: false },
];

/**
 * The provider a bare model name (no `provider/`) belongs to, or undefined when the name does
 * not tell. With `routedOnly`, only the providers the client routes a bare name to (OpenAI's
 * and Anthropic's names). Matches the name as given: lower-case it first for a lenient lookup.
 */
export function providerOfBareName(name: string, options: { routedOnly?: boolean } = {}): string | undefined {
  for (const rule of BARE_NAME_RULES) {
    if ((rule.routed || options.routedOnly !== true) && rule.pattern.test(name)) return rule.provider;
  }
  return undefined;
}

/**
 * OpenAI models that take only `max_completion_tokens` (the reasoning families: o1, o3, o4-mini,
 * gpt-5...); see `ProviderCompat.maxTokensField`. The provider's own model id, without `openai/`.
 */
export function takesOnlyMaxCompletionTokens(model: string): boolean {
  return /^(?:o\d|gpt-5)/.test(model);
}

/**
 * The provider id a call to `model` is reported under when nothing resolved it (a Router's
 * deployment, say): its `provider/` prefix, else its bare name's routed provider, else ''.
 */
export function reportedProvider(model: string): string {
  return splitModelString(model).prefix ?? providerOfBareName(model, { routedOnly: true }) ?? '';
}

/**
 * The family a Claude model's thinking signatures are bound to: the model id without a date or
 * `-latest` suffix and without a gateway prefix, dots read as dashes
 * (`claude-sonnet-4-5-20250929`, `anthropic/claude-sonnet-4.5` -> `claude-sonnet-4-5`).
 */
export function claudeFamily(model: string): string {
  const bare = model
    .slice(model.lastIndexOf('/') + 1)
    .toLowerCase()
    .replace(/\./g, '-');
  return bare.replace(/-v\d+(:\d+)?$/, '').replace(/-(\d{8}|latest)$/, '');
}
