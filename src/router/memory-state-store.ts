/**
 * The default router state store: plain maps in this process. Everything it decides is decided
 * synchronously inside one call, so it is atomic without locks. Entries that have expired
 * (cooldowns, failure windows, past minutes) are dropped when read and swept once a minute, so a
 * long-lived router does not keep every deployment it ever saw fail.
 */
import { currentMinute, type MinuteUsage, type RouterStateStore } from './state-store.js';

/** Options of {@link createMemoryStateStore}. */
export interface MemoryStateStoreOptions {
  /** The clock, in milliseconds since the epoch (tests inject a fake one). Default `Date.now`. */
  now?: () => number;
}

interface Expiring {
  value: number;
  expiresAt: number;
}

interface MinuteCounts extends MinuteUsage {
  minute: number;
}

const SWEEP_EVERY_MS = 60_000;

/** A {@link RouterStateStore} whose operations answer at once (the in-memory one). */
export type SyncStateStore = {
  [K in Exclude<keyof RouterStateStore, 'close'>]: (...args: Parameters<RouterStateStore[K]>) => Awaited<ReturnType<RouterStateStore[K]>>;
};

/**
 * Creates the in-memory {@link RouterStateStore}: one process, nothing shared.
 *
 * - A failure window is fixed: it starts at the first failure and lasts `windowMs`; the next
 *   failure after it starts a new window at 1.
 * - `startCooldown` replaces any running cooldown of that deployment and clears its failures.
 * - In-flight counts never go below 0.
 * - `rpm` is compared with the requests taken this minute (slots and `countRequest` alike).
 */
export function createMemoryStateStore(options: MemoryStateStoreOptions = {}): RouterStateStore {
  return asyncStateStore(createMemoryState(options));
}

/** `state` behind the asynchronous {@link RouterStateStore} interface. */
export function asyncStateStore(state: SyncStateStore): RouterStateStore {
  return {
    recordFailure: async (deployment, windowMs) => state.recordFailure(deployment, windowMs),
    startCooldown: async (deployment, ms) => state.startCooldown(deployment, ms),
    coolingDown: async (deployments) => state.coolingDown(deployments),
    addInFlight: async (deployment, delta) => state.addInFlight(deployment, delta),
    inFlight: async (deployments) => state.inFlight(deployments),
    tryAcquireRequest: async (deployment, rpm) => state.tryAcquireRequest(deployment, rpm),
    countRequest: async (deployment) => state.countRequest(deployment),
    addTokens: async (deployment, tokens) => state.addTokens(deployment, tokens),
    usage: async (deployments) => state.usage(deployments),
  };
}

/**
 * The in-memory store with synchronous operations, for a router that keeps its state in its
 * own process: no promise, no await per operation. Same rules as {@link createMemoryStateStore}.
 */
export function createMemoryState(options: MemoryStateStoreOptions = {}): SyncStateStore {
  const now = options.now ?? Date.now;
  const failures = new Map<string, Expiring>();
  const cooldowns = new Map<string, number>();
  const inFlight = new Map<string, number>();
  const minutes = new Map<string, MinuteCounts>();
  let lastSweep = now();

  /** Drops everything expired, at most once a minute (amortised over all calls). */
  function sweep(time: number): void {
    if (time - lastSweep < SWEEP_EVERY_MS) return;
    lastSweep = time;
    for (const [key, entry] of failures) if (entry.expiresAt <= time) failures.delete(key);
    for (const [key, until] of cooldowns) if (until <= time) cooldowns.delete(key);
    const minute = currentMinute(time);
    for (const [key, counts] of minutes) if (counts.minute !== minute) minutes.delete(key);
  }

  function clock(): number {
    const time = now();
    sweep(time);
    return time;
  }

  /** This minute's counts of `deployment`, created (or restarted) when `create` is set. */
  function countsOf(deployment: string, time: number, create: true): MinuteCounts;
  function countsOf(deployment: string, time: number, create: false): MinuteCounts | undefined;
  function countsOf(deployment: string, time: number, create: boolean): MinuteCounts | undefined {
    const minute = currentMinute(time);
    const counts = minutes.get(deployment);
    if (counts !== undefined && counts.minute === minute) return counts;
    if (counts !== undefined) minutes.delete(deployment);
    if (!create) return undefined;
    const fresh = { minute, requests: 0, tokens: 0 };
    minutes.set(deployment, fresh);
    return fresh;
  }

  function isCoolingDown(deployment: string, time: number): boolean {
    if (cooldowns.size === 0) return false;
    const until = cooldowns.get(deployment);
    if (until === undefined) return false;
    if (until > time) return true;
    cooldowns.delete(deployment);
    return false;
  }

  return {
    recordFailure(deployment, windowMs) {
      const time = clock();
      const entry = failures.get(deployment);
      if (entry === undefined || entry.expiresAt <= time) {
        failures.set(deployment, { value: 1, expiresAt: time + windowMs });
        return 1;
      }
      entry.value += 1;
      return entry.value;
    },

    startCooldown(deployment, ms) {
      const time = clock();
      failures.delete(deployment);
      cooldowns.set(deployment, time + ms);
    },

    coolingDown(deployments) {
      const time = clock();
      const cooling = new Set<string>();
      if (cooldowns.size === 0) return cooling;
      for (const deployment of deployments) if (isCoolingDown(deployment, time)) cooling.add(deployment);
      return cooling;
    },

    addInFlight(deployment, delta) {
      clock();
      const next = Math.max(0, (inFlight.get(deployment) ?? 0) + delta);
      if (next === 0) inFlight.delete(deployment);
      else inFlight.set(deployment, next);
      return next;
    },

    inFlight(deployments) {
      return deployments.map((deployment) => inFlight.get(deployment) ?? 0);
    },

    tryAcquireRequest(deployment, rpm) {
      const counts = countsOf(deployment, clock(), true);
      if (counts.requests >= rpm) return false;
      counts.requests += 1;
      return true;
    },

    countRequest(deployment) {
      countsOf(deployment, clock(), true).requests += 1;
    },

    addTokens(deployment, tokens) {
      countsOf(deployment, clock(), true).tokens += tokens;
    },

    usage(deployments) {
      const time = clock();
      return deployments.map((deployment) => {
        const counts = countsOf(deployment, time, false);
        return { requests: counts?.requests ?? 0, tokens: counts?.tokens ?? 0 };
      });
    },
  };
}
