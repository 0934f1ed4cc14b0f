/**
 * `llmux models`: lists the model table (prices, limits, capabilities), filtered by id and
 * provider; `llmux models import` builds a table file from litellm's price map. Exit 0 on
 * success, 1 when nothing matches or a file cannot be written, 2 for bad usage or input.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { ConfigurationError } from '../../base/errors.js';
import { closestNames } from '../../models/model-id-candidates.js';
import type { ImportOptions, ModelTableSource } from '../../models/index.js';
import { groupDigits } from '../format-numbers.js';
import { type LoadedTableNote, formatMatchSummary, formatModelRows, formatTableHeader } from '../format-model-table.js';
import { exactMatchesFirst } from '../rank-model-matches.js';
import { printCommandHelp, usageError } from '../command-usage.js';
import { type ImportModelsArgs, type ListModelsArgs, parseModelsArgs } from '../parse-models-args.js';

type ModelsModule = typeof import('../../models/index.js');

export async function runModels(argv: string[]): Promise<number> {
  const parsed = parseModelsArgs(argv);
  if (!parsed.ok) return usageError('models', parsed.message);
  const args = parsed.value;
  if (args.help) return printCommandHelp('models');
  // The table loads only now: `llmux --help` and the other commands never parse it.
  const models = await import('../../models/index.js');
  try {
    return args.command === 'import' ? await importTable(models, args) : await listTable(models, args);
  } catch (error) {
    if (error instanceof ConfigurationError) return inputError(error.message);
    throw error;
  }
}

async function listTable(models: ModelsModule, args: ListModelsArgs): Promise<number> {
  let loaded: LoadedTableNote | undefined;
  if (args.table !== undefined) loaded = { path: args.table, ...(await models.loadModelTable(args.table)) };
  const source = models.modelTableSource();
  if (args.source) {
    process.stdout.write(
      args.json ? `${JSON.stringify(source, null, 2)}\n` : `${formatTableHeader(source, loaded)}\n${formatSourceFacts(source)}`,
    );
    return 0;
  }

  const all = models.listModels();
  const ofProvider = args.provider === undefined ? all : all.filter((m) => m.provider === args.provider);
  if (ofProvider.length === 0) {
    const providers = [...new Set(all.map((m) => m.provider))].sort();
    process.stderr.write(`llmux models: the table has no models of provider "${args.provider}". Its providers: ${providers.join(', ')}.\n`);
    return 1;
  }
  const words = args.filter.map((word) => word.toLowerCase());
  const wanted = args.filter.join(' ');
  const lookedUp =
    args.filter.length === 0
      ? undefined
      : models.getModelInfo(args.provider === undefined || wanted.includes('/') ? wanted : `${args.provider}/${wanted}`);
  const resolved = lookedUp !== undefined && (args.provider === undefined || lookedUp.provider === args.provider) ? lookedUp : undefined;
  let matched = exactMatchesFirst(
    ofProvider.filter((m) => words.every((word) => m.id.toLowerCase().includes(word))),
    args.filter,
    resolved?.id,
  );
  let resolvedNote: string | undefined;
  if (matched.length === 0 && args.filter.length > 0) {
    // No id contains it, but the lookup may still know it (a dated snapshot, `4.5` for `4-5`).
    const info = resolved;
    if (info !== undefined) {
      matched = [info];
      resolvedNote = `No model id contains ${JSON.stringify(wanted)}; the table resolves it to ${info.id}.`;
    }
  }
  if (matched.length === 0) {
    if (args.json) process.stdout.write('[]\n');
    const close = closestNames(
      wanted,
      ofProvider.map((m) => m.id),
    );
    const where = args.provider === undefined ? '' : ` of provider ${args.provider}`;
    process.stderr.write(
      `llmux models: no model${where} matches ${JSON.stringify(wanted)}.${close.length > 0 ? ` Closest: ${close.join(', ')}.` : ''}\n`,
    );
    return 1;
  }

  const shown = args.limit === undefined ? matched : matched.slice(0, args.limit);
  if (args.json) {
    process.stdout.write(`${JSON.stringify(shown, null, 2)}\n`);
    return 0;
  }
  const summary = formatMatchSummary({
    shown: shown.length,
    matched: matched.length,
    total: all.length,
    filter: args.filter,
    provider: args.provider,
  });
  process.stdout.write(
    [
      formatTableHeader(source, loaded),
      'Prices in USD per million tokens; - where the table has no figure.',
      '',
      formatModelRows(shown),
      ...(resolvedNote === undefined ? [] : [resolvedNote]),
      `${summary}\n`,
    ].join('\n'),
  );
  return 0;
}

/** Every fact the table's source records, one `name: value` line each. */
function formatSourceFacts(source: ModelTableSource): string {
  return Object.entries(source)
    .map(([name, value]) => `  ${name}: ${typeof value === 'number' ? groupDigits(value) : value}\n`)
    .join('');
}

async function importTable(models: ModelsModule, args: ImportModelsArgs): Promise<number> {
  const priceMap = await readJson(args.litellm, "litellm's price map");
  if (priceMap === null || typeof priceMap !== 'object' || Array.isArray(priceMap)) {
    return inputError(`${args.litellm} is not litellm's price map: expected a JSON object of model entries`);
  }
  const source: ModelTableSource = { litellm: basename(args.litellm), imported: new Date().toISOString().slice(0, 10) };
  const options: ImportOptions = { source };
  if (args.openrouter !== undefined) {
    const list = await readJson(args.openrouter, "OpenRouter's model list");
    const data = Array.isArray(list) ? list : (list as { data?: unknown } | null)?.data;
    if (!Array.isArray(data))
      return inputError(`${args.openrouter} is not OpenRouter's model list: expected {"data": [...]} as GET /api/v1/models returns it`);
    // importPriceMap skips entries without an id; the rest of each entry is optional.
    options.openrouter = data as NonNullable<ImportOptions['openrouter']>;
    source['openrouter'] = basename(args.openrouter);
  }
  const table = models.importPriceMap(priceMap as Record<string, unknown>, options);
  const providers = Object.keys(table.providers);
  const count = providers.reduce((n, p) => n + Object.keys(table.providers[p] ?? {}).length, 0);
  if (count === 0) {
    return inputError(
      `${args.litellm} has no chat models of a provider llmux serves; expected litellm's model_prices_and_context_window.json`,
    );
  }
  try {
    await writeFile(args.out, `${JSON.stringify(table)}\n`);
  } catch (error) {
    process.stderr.write(`llmux models: cannot write ${args.out}: ${(error as Error).message}\n`);
    return 1;
  }
  process.stdout.write(
    `Wrote ${args.out}: ${groupDigits(count)} models of ${providers.length} ${providers.length === 1 ? 'provider' : 'providers'} (${providers.join(', ')}).\n` +
      `Use it with: llmux models --table ${args.out}, or loadModelTable(${JSON.stringify(args.out)}) from llmux/models.\n`,
  );
  return 0;
}

/** A file's JSON, or a ConfigurationError saying which file is missing, unreadable or not JSON. */
async function readJson(path: string, what: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : (error as Error).message;
    throw new ConfigurationError(`cannot read ${what} ${path}: ${reason}`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ConfigurationError(`${path} is not JSON (${(error as Error).message}); expected ${what}`);
  }
}

/** A file that is missing, unreadable or not what it should be: bad input, exit 2, no help needed. */
function inputError(message: string): number {
  process.stderr.write(`llmux models: ${message}\n`);
  return 2;
}
