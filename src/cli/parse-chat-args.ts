/**
 * `llmux chat` arguments -> options. Pure: no environment, no I/O, so every error case is a
 * plain unit test.
 */
import { type ParseResult, readFlags, readNonBlank, readNumber } from './read-flags.js';

export type { ParseResult } from './read-flags.js';

const OPTIONS = {
  model: { type: 'string', short: 'm' },
  system: { type: 'string', short: 's' },
  json: { type: 'boolean' },
  // Node 20's parseArgs has no negation support, so the negative form is its own flag.
  'no-stream': { type: 'boolean' },
  temperature: { type: 'string', short: 't' },
  'max-tokens': { type: 'string' },
  timeout: { type: 'string' },
} as const;

export interface ChatArgs {
  model: string | undefined;
  system: string | undefined;
  json: boolean;
  stream: boolean;
  temperature: number | undefined;
  maxTokens: number | undefined;
  /** `--timeout`: the longest silence in ms before an attempt fails (the client's `timeout`). */
  timeoutMs: number | undefined;
  /** The words after the options joined by spaces; undefined when none were given. */
  prompt: string | undefined;
  help: boolean;
}

export function parseChatArgs(argv: readonly string[]): ParseResult<ChatArgs> {
  return readFlags(argv, { options: OPTIONS, positionals: true }, ({ values, positionals, help }) => {
    const temperature = readNumber(values.temperature, '--temperature', 'a number >= 0', (n) => n >= 0);
    const maxTokens = readNumber(values['max-tokens'], '--max-tokens', 'a positive integer', (n) => Number.isInteger(n) && n > 0);
    const timeoutMs = readNumber(values.timeout, '--timeout', 'a positive number of milliseconds', (n) => n > 0);
    return {
      model: readNonBlank(values.model, '--model'),
      system: values.system,
      json: values.json ?? false,
      stream: !(values['no-stream'] ?? false),
      temperature,
      maxTokens,
      timeoutMs,
      prompt: positionals.length === 0 ? undefined : positionals.join(' '),
      help,
    };
  });
}
