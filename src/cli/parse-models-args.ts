/**
 * `llmux models` arguments: listing the table (`llmux models [filter...] [options]`) or building
 * a table file (`llmux models import <litellm-json> [options]`). Pure: no I/O, so every error
 * case is a plain unit test.
 */
import { parseArgs } from 'node:util';
import type { ParseResult } from './parse-chat-args.js';
import { parseIntegerFlag } from './parse-integer-flag.js';

/** The file `llmux models import` writes when no `--out` is given, in the working directory. */
export const DEFAULT_TABLE_FILE = 'llmux-models.json';

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
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        provider: { type: 'string', short: 'p' },
        json: { type: 'boolean' },
        limit: { type: 'string', short: 'n' },
        table: { type: 'string' },
        source: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    return { ok: false, message: (error as Error).message };
  }
  const { values, positionals } = parsed;
  const limit = parseIntegerFlag(values.limit, '--limit', 1);
  if (typeof limit === 'string') return { ok: false, message: limit };
  const provider = values.provider?.trim().toLowerCase();
  if (provider === '') return { ok: false, message: '--provider must not be empty' };
  if (values.table !== undefined && values.table.trim() === '') return { ok: false, message: '--table must name a file' };
  return {
    ok: true,
    value: {
      command: 'list',
      filter: positionals.map((word) => word.trim()).filter((word) => word !== ''),
      provider,
      json: values.json ?? false,
      limit: limit?.value,
      table: values.table,
      source: values.source ?? false,
      help: values.help ?? false,
    },
  };
}

function parseImportArgs(argv: readonly string[]): ParseResult<ImportModelsArgs> {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        out: { type: 'string', short: 'o' },
        openrouter: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    return { ok: false, message: (error as Error).message };
  }
  const { values, positionals } = parsed;
  const help = values.help ?? false;
  if (positionals.length > 1) return { ok: false, message: `import takes one litellm price map; got ${positionals.length} files: ${positionals.join(', ')}` };
  const litellm = positionals[0] ?? '';
  if (litellm.trim() === '' && !help) {
    return { ok: false, message: "import needs litellm's price map: llmux models import model_prices_and_context_window.json" };
  }
  if (values.out !== undefined && values.out.trim() === '') return { ok: false, message: '--out must name a file' };
  if (values.openrouter !== undefined && values.openrouter.trim() === '') return { ok: false, message: '--openrouter must name a file' };
  return {
    ok: true,
    value: { command: 'import', litellm, openrouter: values.openrouter, out: values.out ?? DEFAULT_TABLE_FILE, help },
  };
}
