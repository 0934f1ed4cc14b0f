/**
 * `llmux mock-server` arguments -> server options. Pure; fault fields are checked by the server
 * itself, here each `--fault` only has to be JSON.
 */
import { type ParseResult, readFlags, readNumber, refuse } from './read-flags.js';

const OPTIONS = {
  port: { type: 'string', short: 'p' },
  host: { type: 'string' },
  'api-key': { type: 'string' },
  'chunk-delay': { type: 'string' },
  fault: { type: 'string', multiple: true },
  quiet: { type: 'boolean', short: 'q' },
} as const;

export interface MockServerArgs {
  port: number;
  host: string;
  apiKey: string | undefined;
  chunkDelayMs: number | undefined;
  /** Parsed JSON of each `--fault`, in order; a JSON array contributes each of its items. */
  faults: unknown[];
  quiet: boolean;
  help: boolean;
}

const DEFAULT_MOCK_PORT = 8787;
const DEFAULT_MOCK_HOST = '127.0.0.1';

export function parseMockServerArgs(argv: readonly string[]): ParseResult<MockServerArgs> {
  return readFlags(argv, { options: OPTIONS, positionals: false }, ({ values, help }) => {
    const port = readNumber(values.port, '--port', 'an integer from 0 to 65535', (n) => Number.isInteger(n) && n >= 0 && n <= 65535);
    const chunkDelayMs = readNumber(values['chunk-delay'], '--chunk-delay', 'a number of ms >= 0', (n) => n >= 0);
    return {
      port: port ?? DEFAULT_MOCK_PORT,
      host: values.host?.trim() || DEFAULT_MOCK_HOST,
      apiKey: values['api-key'],
      chunkDelayMs,
      faults: (values.fault ?? []).flatMap(readFault),
      quiet: values.quiet ?? false,
      help,
    };
  });
}

/** A `--fault` value's faults: a JSON array gives each of its items. */
function readFault(raw: string): unknown[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    refuse(`--fault must be JSON such as '{"status":429,"retryAfterMs":200}'; got ${raw}`);
  }
  return Array.isArray(parsed) ? parsed : [parsed];
}
