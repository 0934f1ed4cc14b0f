/**
 * `loadModelTable`: replace the built-in prices with a newer table without upgrading llmux:
 * a file written by `llmux models import`, or litellm's `model_prices_and_context_window.json`
 * itself.
 */
import { ConfigurationError } from '../base/errors.js';
import { importPriceMap } from './import-price-map.js';
import { MODEL_TABLE_VERSION, type ModelTableFile, type ModelTableSource, isModelTableFile } from './model-table-format.js';
import { useModelTable } from './model-table.js';

export interface LoadedModelTable {
  /** Models in the loaded table. */
  models: number;
  /** The providers it now answers for; other providers keep the built-in entries. */
  providers: string[];
  source: ModelTableSource;
}

/** Reads a table from a path, a `file:` URL or an already parsed object. */
async function readTable(source: string | URL | object): Promise<unknown> {
  if (typeof source === 'object' && !(source instanceof URL)) return source;
  const { readFile } = await import('node:fs/promises');
  let text: string;
  try {
    text = await readFile(source, 'utf8');
  } catch (error) {
    throw new ConfigurationError(`Cannot read the model table ${String(source)}: ${(error as Error).message}`, { cause: error });
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ConfigurationError(`The model table ${String(source)} is not JSON: ${(error as Error).message}`, { cause: error });
  }
}

/**
 * Loads a model table for this process: a file from `llmux models import`, or a litellm price
 * map (converted on load). It answers for the providers it lists; registered models still win.
 *
 * @example
 * ```ts
 * import { loadModelTable } from 'llmux/models';
 * await loadModelTable('./model_prices_and_context_window.json');
 * ```
 */
export async function loadModelTable(source: string | URL | ModelTableFile | Record<string, unknown>): Promise<LoadedModelTable> {
  const value = await readTable(source);
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new ConfigurationError(
      "A model table must be a JSON object: a file from `llmux models import` or litellm's model_prices_and_context_window.json",
    );
  }
  let table: ModelTableFile;
  if (isModelTableFile(value)) {
    if (value.version !== MODEL_TABLE_VERSION || value.providers === null || typeof value.providers !== 'object') {
      throw new ConfigurationError(
        `This model table has version ${JSON.stringify(value.version)}; this llmux reads version ${MODEL_TABLE_VERSION}. Re-create it with \`llmux models import\`.`,
      );
    }
    table = value;
  } else {
    table = importPriceMap(value as Record<string, unknown>);
  }
  const providers = Object.keys(table.providers);
  const models = providers.reduce((n, p) => n + Object.keys(table.providers[p] ?? {}).length, 0);
  if (models === 0) {
    throw new ConfigurationError(
      "The model table has no chat models of a provider llmux serves; expected litellm's price map or a file from `llmux models import`",
    );
  }
  useModelTable(table);
  return { models, providers, source: table.source };
}
