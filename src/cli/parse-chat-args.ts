/**
 * `llmux chat` arguments -> options. Pure: no environment, no I/O, so every error case is a
 * plain unit test.
 */
import { parseArgs } from 'node:util';

export interface ChatArgs {
  model: string | undefined;
  system: string | undefined;
  json: boolean;
  stream: boolean;
  temperature: number | undefined;
  maxTokens: number | undefined;
  /** The words after the options joined by spaces; undefined when none were given. */
  prompt: string | undefined;
  help: boolean;
}

export type ParseResult<T> = { ok: true; value: T } | { ok: false; message: string };

export function parseChatArgs(argv: readonly string[]): ParseResult<ChatArgs> {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        model: { type: 'string', short: 'm' },
        system: { type: 'string', short: 's' },
        json: { type: 'boolean' },
        // Node 20's parseArgs has no negation support, so the negative form is its own flag.
        'no-stream': { type: 'boolean' },
        temperature: { type: 'string', short: 't' },
        'max-tokens': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    return { ok: false, message: (error as Error).message };
  }
  const { values, positionals } = parsed;

  const temperature = parseNumber(values.temperature, '--temperature', (n) => n >= 0, 'a number >= 0');
  if (typeof temperature === 'string') return { ok: false, message: temperature };
  const maxTokens = parseNumber(values['max-tokens'], '--max-tokens', (n) => Number.isInteger(n) && n > 0, 'a positive integer');
  if (typeof maxTokens === 'string') return { ok: false, message: maxTokens };
  if (values.model !== undefined && values.model.trim() === '') return { ok: false, message: '--model must not be empty' };

  const prompt = positionals.join(' ');
  return {
    ok: true,
    value: {
      model: values.model,
      system: values.system,
      json: values.json ?? false,
      stream: !(values['no-stream'] ?? false),
      temperature: temperature?.value,
      maxTokens: maxTokens?.value,
      prompt: positionals.length === 0 ? undefined : prompt,
      help: values.help ?? false,
    },
  };
}

/** undefined when absent, `{value}` when valid, an error message otherwise. */
function parseNumber(
  raw: string | undefined,
  flag: string,
  valid: (n: number) => boolean,
  expected: string,
): { value: number } | string | undefined {
  if (raw === undefined) return undefined;
  const n = raw.trim() === '' ? Number.NaN : Number(raw);
  if (!Number.isFinite(n) || !valid(n)) return `${flag} must be ${expected}; got ${JSON.stringify(raw)}`;
  return { value: n };
}
