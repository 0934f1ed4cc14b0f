/**
 * `llmux tokens` arguments -> the model to count for and where the text comes from. Pure.
 */
import { type ParseResult, readFileName, readFlags, refuse } from './read-flags.js';

const OPTIONS = {
  model: { type: 'string', short: 'm' },
  json: { type: 'boolean' },
  table: { type: 'string' },
} as const;

export interface TokensArgs {
  model: string;
  /** The file to count; undefined (or `-`) reads stdin. */
  file: string | undefined;
  json: boolean;
  table: string | undefined;
  help: boolean;
}

export function parseTokensArgs(argv: readonly string[]): ParseResult<TokensArgs> {
  return readFlags(argv, { options: OPTIONS, positionals: true }, ({ values, positionals, help }) => {
    const model = values.model?.trim() ?? '';
    if (!help) {
      if (model === '') refuse('name the model whose tokens to count with -m, e.g. -m openai/gpt-4o');
      if (positionals.length > 1) refuse(`give one file (or none to read stdin); got ${positionals.length}: ${positionals.join(', ')}`);
      readFileName(values.table, '--table');
    }
    const file = positionals[0];
    return { model, file: file === '-' ? undefined : file, json: values.json ?? false, table: values.table, help };
  });
}
