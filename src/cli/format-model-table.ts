/**
 * What `llmux models` prints: the table's origin, one aligned row per model, and how many
 * matched. Pure: models in, text out.
 */
import type { ModelCapabilities, ModelInfo, ModelTableSource } from '../models/index.js';
import { formatPerMillion, groupDigits } from './format-numbers.js';

/** Capability flags as the short words of the CAPABILITIES column, in this order. */
const CAPABILITY_WORDS: readonly [string, (info: ModelCapabilities) => boolean | undefined][] = [
  ['tools', (m) => m.supportsFunctionCalling],
  ['vision', (m) => m.supportsVision],
  ['reasoning', (m) => m.supportsReasoning],
  ['schema', (m) => m.supportsResponseSchema],
  ['cache', (m) => m.supportsPromptCaching],
  ['pdf', (m) => m.supportsPdfInput],
  ['audio', (m) => m.supportsAudioInput || m.supportsAudioOutput],
  ['web', (m) => m.supportsWebSearch],
];

/** The capability words of a model: `['tools', 'vision', 'reasoning', ...]`. */
export function capabilityWords(info: ModelCapabilities): string[] {
  return CAPABILITY_WORDS.filter(([, has]) => has(info)).map(([word]) => word);
}

const COLUMNS = ['MODEL', 'CONTEXT', 'MAX OUT', 'INPUT', 'OUTPUT', 'CACHE READ', 'CAPABILITIES'] as const;
/** Columns of numbers, right-aligned so their digits line up. */
const RIGHT = new Set<string>(['CONTEXT', 'MAX OUT', 'INPUT', 'OUTPUT', 'CACHE READ']);

/** One model's cells, in `COLUMNS` order. */
export function modelCells(info: ModelInfo): string[] {
  const tokens = (n: number | undefined): string => (n === undefined ? '-' : groupDigits(n));
  return [
    info.id,
    tokens(info.contextWindow),
    tokens(info.maxOutputTokens),
    formatPerMillion(info.inputCostPerToken),
    formatPerMillion(info.outputCostPerToken),
    formatPerMillion(info.cacheReadCostPerToken),
    capabilityWords(info).join(' '),
  ];
}

/**
 * The models as an aligned table with a header row; prices are USD per million tokens, `-`
 * marks a fact the table does not have.
 */
export function formatModelRows(models: readonly ModelInfo[]): string {
  const rows = [[...COLUMNS], ...models.map(modelCells)];
  const widths = COLUMNS.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)));
  const lines = rows.map((row) =>
    row
      .map((cell, i) => (RIGHT.has(COLUMNS[i]!) ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd(),
  );
  return `${lines.join('\n')}\n`;
}

/** A loaded table, as `loadModelTable` reports it, with the path it was read from. */
export interface LoadedTableNote {
  path: string;
  models: number;
  providers: readonly string[];
}

/** `litellm 2026-07-24 (688 models) + OpenRouter (364 models)`, from a table's source facts. */
export function describeSource(source: ModelTableSource): string {
  const parts: string[] = [];
  const count = (n: string | number | undefined): string =>
    typeof n === 'number' ? ` (${groupDigits(n)} ${n === 1 ? 'model' : 'models'})` : '';
  const updated = source['litellmUpdated'];
  if (source['litellmModels'] !== undefined || updated !== undefined)
    parts.push(`litellm${updated === undefined ? '' : ` ${updated}`}${count(source['litellmModels'])}`);
  if (source['openrouterModels'] !== undefined) parts.push(`OpenRouter${count(source['openrouterModels'])}`);
  const text = parts.length > 0 ? parts.join(' + ') : 'unknown origin';
  // `llmux models import` records the day it ran, which is not the day litellm's prices date from.
  return source['imported'] === undefined ? text : `${text}, imported ${source['imported']}`;
}

/**
 * The header line: where the prices come from. A loaded table answers for its own providers
 * only, so the line says the built-in table still serves the rest.
 */
export function formatTableHeader(source: ModelTableSource, loaded?: LoadedTableNote): string {
  if (loaded === undefined) return `Model table: built in, from ${describeSource(source)}`;
  const providers = loaded.providers.length <= 4 ? loaded.providers.join(', ') : `${loaded.providers.length} providers`;
  return `Model table: ${loaded.path} for ${providers} (${describeSource(source)}); built in for other providers`;
}

export interface MatchSummary {
  shown: number;
  matched: number;
  total: number;
  /** The filter words, as typed. */
  filter: readonly string[];
  provider: string | undefined;
}

/** `2 of 962 models match "claude-sonnet-4-5", provider anthropic.` (and what a limit left out). */
export function formatMatchSummary({ shown, matched, total, filter, provider }: MatchSummary): string {
  const what = [filter.length > 0 ? JSON.stringify(filter.join(' ')) : '', provider === undefined ? '' : `provider ${provider}`]
    .filter((s) => s !== '')
    .join(', ');
  const head =
    what === ''
      ? `${groupDigits(matched)} ${matched === 1 ? 'model' : 'models'}.`
      : `${groupDigits(matched)} of ${groupDigits(total)} models ${matched === 1 ? 'matches' : 'match'} ${what}.`;
  return shown < matched ? `${head} Showing the first ${groupDigits(shown)}; see --limit.` : head;
}
