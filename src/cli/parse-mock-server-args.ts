/**
 * `llmux mock-server` arguments -> server options. Pure; fault fields are checked by the server
 * itself, here each `--fault` only has to be JSON.
 */
import { parseArgs } from 'node:util';
import type { ParseResult } from './parse-chat-args.js';

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

export const DEFAULT_MOCK_PORT = 8787;
export const DEFAULT_MOCK_HOST = '127.0.0.1';

export function parseMockServerArgs(argv: readonly string[]): ParseResult<MockServerArgs> {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      allowPositionals: false,
      strict: true,
      options: {
        port: { type: 'string', short: 'p' },
        host: { type: 'string' },
        'api-key': { type: 'string' },
        'chunk-delay': { type: 'string' },
        fault: { type: 'string', multiple: true },
        quiet: { type: 'boolean', short: 'q' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    return { ok: false, message: (error as Error).message };
  }

  const port = values.port === undefined ? DEFAULT_MOCK_PORT : Number(values.port);
  if (values.port?.trim() === '' || !Number.isInteger(port) || port < 0 || port > 65535) {
    return { ok: false, message: `--port must be an integer from 0 to 65535; got ${JSON.stringify(values.port)}` };
  }
  const chunkDelayMs = values['chunk-delay'] === undefined ? undefined : Number(values['chunk-delay']);
  if (chunkDelayMs !== undefined && (values['chunk-delay']?.trim() === '' || !Number.isFinite(chunkDelayMs) || chunkDelayMs < 0)) {
    return { ok: false, message: `--chunk-delay must be a number of ms >= 0; got ${JSON.stringify(values['chunk-delay'])}` };
  }
  const faults: unknown[] = [];
  for (const raw of values.fault ?? []) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      return { ok: false, message: `--fault must be JSON such as '{"status":429,"retryAfterMs":200}'; got ${raw}` };
    }
    if (Array.isArray(parsed)) faults.push(...parsed);
    else faults.push(parsed);
  }

  return {
    ok: true,
    value: {
      port,
      host: values.host?.trim() || DEFAULT_MOCK_HOST,
      apiKey: values['api-key'],
      chunkDelayMs,
      faults,
      quiet: values.quiet ?? false,
      help: values.help ?? false,
    },
  };
}
