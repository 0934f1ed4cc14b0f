/**
 * `llmux tokens` arguments -> the model to count for and where the text comes from. Pure.
 */
import { parseArgs } from 'node:util';
import type { ParseResult } from './parse-chat-args.js';

export interface TokensArgs {
  model: string;
  /** The file to count; undefined (or `-`) reads stdin. */
  file: string | undefined;
  json: boolean;
  table: string | undefined;
  help: boolean;
}

export function parseTokensArgs(argv: readonly string[]): ParseResult<TokensArgs> {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        model: { type: 'string', short: 'm' },
        json: { type: 'boolean' },
        table: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    return { ok: false, message: (error as Error).message };
  }
  const { values, positionals } = parsed;
  const help = values.help ?? false;
  const model = values.model?.trim() ?? '';
  if (!help) {
    if (model === '') return { ok: false, message: 'name the model whose tokens to count with -m, e.g. -m openai/gpt-4o' };
    if (positionals.length > 1) return { ok: false, message: `give one file (or none to read stdin); got ${positionals.length}: ${positionals.join(', ')}` };
    if (values.table !== undefined && values.table.trim() === '') return { ok: false, message: '--table must name a file' };
  }
  const file = positionals[0];
  return {
    ok: true,
    value: { model, file: file === '-' ? undefined : file, json: values.json ?? false, table: values.table, help },
  };
}
