/**
 * Usage and cost added up over the attempts of one structured call. Pure.
 */
import type { Cost, CostBreakdown, Usage } from '../base/types.js';

export const EMPTY_USAGE: Usage = { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 };

/** Every numeric field added, nested details included; a field either side lacks counts as 0. */
export function addUsage(total: Usage, usage: Usage | undefined): Usage {
  return usage === undefined
    ? total
    : (addNumbers(total as unknown as Record<string, unknown>, usage as unknown as Record<string, unknown>) as unknown as Usage);
}

function addNumbers(a: Record<string, unknown>, b: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...a };
  for (const [key, value] of Object.entries(b)) {
    const mine = out[key];
    if (typeof value === 'number') out[key] = (typeof mine === 'number' ? mine : 0) + value;
    else if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
      out[key] = addNumbers(
        typeof mine === 'object' && mine !== null ? (mine as Record<string, unknown>) : {},
        value as Record<string, unknown>,
      );
    }
  }
  return out;
}

/** The sum of two costs; undefined only when both are. The breakdown is kept while every part has one. */
export function addCost(total: Cost | undefined, cost: Cost | undefined): Cost | undefined {
  if (cost === undefined) return total;
  if (total === undefined) return { ...cost, ...(cost.breakdown === undefined ? {} : { breakdown: { ...cost.breakdown } }) };
  const sum: Cost = {
    total: total.total + cost.total,
    currency: 'USD',
    // Reported by the provider only when every part was.
    source: total.source === 'provider' && cost.source === 'provider' ? 'provider' : 'table',
  };
  if (total.breakdown !== undefined && cost.breakdown !== undefined) sum.breakdown = addBreakdown(total.breakdown, cost.breakdown);
  const model = cost.model ?? total.model;
  if (model !== undefined) sum.model = model;
  return sum;
}

/** The optional parts (cache writes by lifetime, web searches) appear when either side has them. */
function addBreakdown(a: CostBreakdown, b: CostBreakdown): CostBreakdown {
  const sum: CostBreakdown = {
    input: a.input + b.input,
    cachedInput: a.cachedInput + b.cachedInput,
    cacheWrite: a.cacheWrite + b.cacheWrite,
    output: a.output + b.output,
    reasoning: a.reasoning + b.reasoning,
  };
  if (a.cacheWriteByTtl !== undefined || b.cacheWriteByTtl !== undefined) {
    sum.cacheWriteByTtl = {
      '5m': (a.cacheWriteByTtl?.['5m'] ?? 0) + (b.cacheWriteByTtl?.['5m'] ?? 0),
      '1h': (a.cacheWriteByTtl?.['1h'] ?? 0) + (b.cacheWriteByTtl?.['1h'] ?? 0),
    };
  }
  if (a.webSearch !== undefined || b.webSearch !== undefined) sum.webSearch = (a.webSearch ?? 0) + (b.webSearch ?? 0);
  return sum;
}
