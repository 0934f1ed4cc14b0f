/**
 * The order `llmux models <filter>` lists its matches in: what the filter names exactly first
 * (`gpt-4o` -> `openai/gpt-4o`, then `openrouter/openai/gpt-4o`), then the rest by id. Pure.
 */
import type { ModelInfo } from '../models/index.js';

/**
 * `resolved` is the id the table's lookup gives the filter, if any: it comes first. Then ids
 * equal to the filter, or whose model part or last segment is; the rest keep their order.
 */
export function exactMatchesFirst(models: readonly ModelInfo[], filter: readonly string[], resolved: string | undefined): ModelInfo[] {
  const wanted = filter.join(' ').toLowerCase();
  if (wanted === '') return [...models];
  const rank = (info: ModelInfo): number => {
    if (resolved !== undefined && info.id === resolved) return 0;
    const id = info.id.toLowerCase();
    const own = id.startsWith(`${info.provider.toLowerCase()}/`) ? id.slice(info.provider.length + 1) : id;
    return id === wanted || own === wanted || id.slice(id.lastIndexOf('/') + 1) === wanted ? 1 : 2;
  };
  return models
    .map((info, index) => ({ info, index, rank: rank(info) }))
    .sort((a, b) => a.rank - b.rank || a.index - b.index)
    .map(({ info }) => info);
}
