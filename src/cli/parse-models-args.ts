/**
 * `llmux models` arguments: listing the table (`llmux models [filter...] [options]`) or building
 * a table file (`llmux models import <litellm-json> [options]`). Pure: no I/O, so every error
 * case is a plain unit test.
 */
import { type ParseResult, readFileName, readFlags, readNonBlank, readWholeNumber, refuse } from './read-flags.js';

/** The file `llmux models import` writes when no `--out` is given, in the working directory. */
export const DEFAULT_TABLE_FILE = 'llmux-models.json';

const LIST_OPTIONS = {
  provider: { type: 'string', short: 'p' },
  json: { type: 'boolean' },
  limit: { type: 'string', short: 'n' },
  table: { type: 'string' },
  source: { type: 'boolean' },
} as const;

const IMPORT_OPTIONS = {
  out: { type: 'string', short: 'o' },
  openrouter: { type: 'string' },
} as const;

export interface ListModelsArgs {
  command: 'list';
  /** Words each model id must contain, case-insensitively. Empty: every model. */
  filter: string[];
  /** Only this provider's models (lower-cased). */
  provider: string | undefined;
  json: boolean;
  /** Most models to show. */
  limit: number | undefined;
  /** A table file to load first. */
  table: string | undefined;
  /** Print where the table came from, in full, instead of the models. */
  source: boolean;
  help: boolean;
}

export interface ImportModelsArgs {
  command: 'import';
  /** litellm's model_prices_and_context_window.json. */
  litellm: string;
  /** OpenRouter's `GET /api/v1/models` answer, saved to a file. */
  openrouter: string | undefined;
  out: string;
  help: boolean;
}

export type ModelsArgs = ListModelsArgs | ImportModelsArgs;

export function parseModelsArgs(argv: readonly string[]): ParseResult<ModelsArgs> {
  return argv[0] === 'import' ? parseImportArgs(argv.slice(1)) : parseListArgs(argv);
}

function parseListArgs(argv: readonly string[]): ParseResult<ListModelsArgs> {
  return readFlags(argv, { options: LIST_OPTIONS, positionals: true }, ({ values, positionals, help }) => {
    const limit = readWholeNumber(values.limit, '--limit', 1);
    const provider = readNonBlank(values.provider, '--provider')?.trim().toLowerCase();
    return {
      command: 'list',
      filter: positionals.map((word) => word.trim()).filter((word) => word !== ''),
      provider,
      json: values.json ?? false,
      limit,
      table: readFileName(values.table, '--table'),
      source: values.source ?? false,
      help,
    };
  });
}

function parseImportArgs(argv: readonly string[]): ParseResult<ImportModelsArgs> {
  return readFlags(argv, { options: IMPORT_OPTIONS, positionals: true }, ({ values, positionals, help }) => {
    if (positionals.length > 1) refuse(`import takes one litellm price map; got ${positionals.length} files: ${positionals.join(', ')}`);
    const litellm = positionals[0] ?? '';
    if (litellm.trim() === '' && !help)
      refuse("import needs litellm's price map: llmux models import model_prices_and_context_window.json");
    const out = readFileName(values.out, '--out') ?? DEFAULT_TABLE_FILE;
    return { command: 'import', litellm, openrouter: readFileName(values.openrouter, '--openrouter'), out, help };
  });
}
