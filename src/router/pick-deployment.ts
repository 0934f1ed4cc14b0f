/**
 * Orders a group's candidate deployments by the routing strategy. Pure: the state it needs
 * (in-flight counts, usage, latency, prices) is read beforehand and passed in.
 */
import type { MinuteUsage } from './state-store.js';
import type { RoutingStrategy } from './router-types.js';

export interface Candidate {
  id: string;
  weight: number;
  priority: number;
  rpm: number | undefined;
  tpm: number | undefined;
  inFlight: number;
  usage: MinuteUsage;
  /** Average latency in ms; undefined until the deployment has answered once. */
  latencyMs: number | undefined;
  /** USD for a typical call (1,000 prompt and 1,000 completion tokens); undefined when unknown. */
  price: number | undefined;
}

/** The fraction of a deployment's minute still free (1 without limits). */
export function headroom(c: Candidate): number {
  const requests = c.rpm === undefined ? 1 : 1 - c.usage.requests / c.rpm;
  const tokens = c.tpm === undefined ? 1 : 1 - c.usage.tokens / c.tpm;
  return Math.min(requests, tokens);
}

/** Weighted random order: each next pick proportional to weight among those left. */
function shuffleByWeight<C extends Candidate>(candidates: C[], random: () => number): C[] {
  const left = [...candidates];
  const out: C[] = [];
  while (left.length > 0) {
    const total = left.reduce((sum, c) => sum + Math.max(c.weight, 0), 0);
    let index = 0;
    if (total > 0) {
      let r = random() * total;
      index = left.findIndex((c) => (r -= Math.max(c.weight, 0)) < 0);
      if (index < 0) index = left.length - 1;
    } else {
      index = Math.floor(random() * left.length);
    }
    out.push(left.splice(index, 1)[0]!);
  }
  return out;
}

/** Sorts by `key` ascending, ties in random order. */
function sortBy<C extends Candidate>(candidates: C[], key: (c: C) => number, random: () => number): C[] {
  return candidates
    .map((c) => ({ c, key: key(c), tie: random() }))
    .sort((a, b) => a.key - b.key || a.tie - b.tie)
    .map((x) => x.c);
}

/**
 * The order to try `candidates` in: the lowest priority value first (a higher one only after
 * all of the lower), and within a priority by the strategy.
 */
export function orderCandidates<C extends Candidate>(candidates: readonly C[], strategy: RoutingStrategy, random: () => number): C[] {
  // One candidate (a group of one, or one left): every strategy draws one random number for it.
  if (candidates.length === 1) {
    random();
    return [candidates[0]!];
  }
  const priorities = [...new Set(candidates.map((c) => c.priority))].sort((a, b) => a - b);
  const out: C[] = [];
  for (const priority of priorities) {
    const tier = candidates.filter((c) => c.priority === priority);
    switch (strategy) {
      case 'least-busy':
        out.push(...sortBy(tier, (c) => c.inFlight, random));
        break;
      case 'latency-based':
        // A deployment never measured is tried first, so every one gets measured.
        out.push(...sortBy(tier, (c) => c.latencyMs ?? -1, random));
        break;
      case 'usage-based':
        out.push(...sortBy(tier, (c) => -headroom(c), random));
        break;
      case 'cost-based':
        out.push(...sortBy(tier, (c) => c.price ?? Number.POSITIVE_INFINITY, random));
        break;
      default:
        out.push(...shuffleByWeight(tier, random));
    }
  }
  return out;
}
