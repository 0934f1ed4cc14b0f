/**
 * Which model `llmux chat` uses when `-m` is not given: the first provider the environment has a
 * key for, else the built-in mock so a first run works with no setup. Pure.
 */

export type Env = Readonly<Record<string, string | undefined>>;

export interface DefaultModel {
  model: string;
  /** A line for stderr explaining the choice, when the user should know about it. */
  note: string | undefined;
}

/** The local fallback: the `mock` provider answers in-process, no network and no key. */
export const MOCK_MODEL = 'mock/llmux-echo';

const CANDIDATES: readonly { keyEnv: string; provider: string; model: string }[] = [
  { keyEnv: 'OPENAI_API_KEY', provider: 'openai', model: 'openai/gpt-4o-mini' },
  { keyEnv: 'ANTHROPIC_API_KEY', provider: 'anthropic', model: 'anthropic/claude-sonnet-4-5' },
  { keyEnv: 'OPENROUTER_API_KEY', provider: 'openrouter', model: 'openrouter/openai/gpt-4o-mini' },
];

/**
 * `knownProviders` are the ids this build of llmux can serve; a key for a provider it cannot
 * serve yet is skipped rather than leading to a guaranteed configuration error.
 */
export function pickDefaultModel(env: Env, knownProviders: readonly string[]): DefaultModel {
  const fromEnv = env['LLMUX_MODEL']?.trim();
  if (fromEnv) return { model: fromEnv, note: undefined };
  for (const candidate of CANDIDATES) {
    if (env[candidate.keyEnv]?.trim() && knownProviders.includes(candidate.provider)) {
      return { model: candidate.model, note: undefined };
    }
  }
  const vars = CANDIDATES.filter((c) => knownProviders.includes(c.provider)).map((c) => c.keyEnv);
  return {
    model: MOCK_MODEL,
    note:
      `note: no API key found, so the built-in mock (${MOCK_MODEL}) is answering. ` +
      `To use a real model set ${vars.join(' or ')}, or choose one with -m provider/model or LLMUX_MODEL.`,
  };
}
