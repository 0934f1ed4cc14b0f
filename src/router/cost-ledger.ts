/**
 * The router's cost ledger: one entry per attempt (failed retries, fallbacks and aborted
 * streams included, with the usage they had), so a call's true cost is the sum of its entries.
 */
import type { Cost, Usage } from '../types.js';

export interface LedgerEntry {
  callId: string;
  attempt: number;
  group: string;
  deployment: string;
  model: string;
  stream: boolean;
  outcome: 'success' | 'error' | 'aborted';
  /** The error's class name and message (already free of keys), for failures. */
  error?: { name: string; message: string; status?: number };
  usage?: Usage;
  cost?: Cost;
  /** Milliseconds since the epoch. */
  startedAt: number;
  latencyMs: number;
}

export class CostLedger {
  readonly #entries: LedgerEntry[] = [];
  readonly #max: number;

  constructor(maxEntries = 10_000) {
    this.#max = maxEntries;
  }

  /** @internal Adds an entry (the router calls this). */
  record(entry: LedgerEntry): void {
    this.#entries.push(entry);
    if (this.#entries.length > this.#max) this.#entries.splice(0, this.#entries.length - this.#max);
  }

  /** Every entry kept, oldest first. */
  entries(): LedgerEntry[] {
    return [...this.#entries];
  }

  /** The entries of one call, in attempt order. */
  forCall(callId: string): LedgerEntry[] {
    return this.#entries.filter((e) => e.callId === callId);
  }

  /** USD spent, by every entry or by one call's. Entries without a known cost count as 0. */
  totalCost(callId?: string): number {
    let total = 0;
    for (const e of this.#entries) if (callId === undefined || e.callId === callId) total += e.cost?.total ?? 0;
    return total;
  }

  clear(): void {
    this.#entries.length = 0;
  }
}
