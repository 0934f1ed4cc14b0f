/**
 * Keeps a router working when its shared state store fails: every operation on the store is
 * bounded in time, and one that fails (Redis down, hanging, lost mid-call, a custom store that
 * throws) is answered from this process's own memory instead. After a failure the store rests for
 * a while (answers come from memory without asking it), then the next operation tries it again.
 * A call through the router therefore never waits on, fails for, or loses an answer to its store.
 */
import { isLlmuxError, type LlmuxError, StateStoreError } from '../base/errors.js';
import { settleWithin } from '../util/settle-within.js';
import { createMemoryStateStore } from './memory-state-store.js';
import type { RouterStateStore } from './state-store.js';

/** Options of {@link createFailOpenStore}. */
export interface FailOpenStoreOptions {
  /** Longest wait for one operation of the store, in ms. */
  timeoutMs: number;
  /** After a failure, how long answers come from memory before the store is tried again, in ms. */
  restMs: number;
  /** Told once each time the store starts failing (not once per operation). Its own throws are ignored. */
  onError: (error: LlmuxError) => void;
}

const asStoreError = (error: unknown): LlmuxError =>
  isLlmuxError(error)
    ? error
    : new StateStoreError(`Router state store failed: ${String(error instanceof Error ? error.message : error).slice(0, 500)}`, {
        cause: error,
      });

/** Settles with `work`, or rejects with a StateStoreError after `ms`; a late rejection of `work` is handled. */
function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  return settleWithin(work, ms, () => new StateStoreError(`Router state store did not answer within ${ms} ms`), asStoreError);
}

/** Wraps `shared` so that none of its failures reaches the router: see the module comment. */
export function createFailOpenStore(shared: RouterStateStore, options: FailOpenStoreOptions): RouterStateStore {
  const local = createMemoryStateStore();
  let failing = false;
  let restUntil = 0;
  // In-flight increments that went to memory: their decrements go there too, so a recovered
  // store never loses a count another process holds.
  const localInFlight = new Map<string, number>();

  function report(error: unknown): void {
    try {
      options.onError(asStoreError(error));
    } catch {
      // A reporting hook that throws must not turn into a failed call.
    }
  }

  async function use<T>(operation: (store: RouterStateStore) => Promise<T>): Promise<T> {
    if (failing && Date.now() < restUntil) return operation(local);
    try {
      const value = await withTimeout(
        Promise.resolve().then(() => operation(shared)),
        options.timeoutMs,
      );
      failing = false;
      return value;
    } catch (error) {
      restUntil = Date.now() + options.restMs;
      if (!failing) {
        failing = true;
        report(error);
      }
      return operation(local);
    }
  }

  return {
    recordFailure: (deployment, windowMs) => use((s) => s.recordFailure(deployment, windowMs)),
    startCooldown: (deployment, ms) => use((s) => s.startCooldown(deployment, ms)),
    coolingDown: (deployments) => use((s) => s.coolingDown(deployments)),
    async addInFlight(deployment, delta) {
      const held = localInFlight.get(deployment) ?? 0;
      if (delta < 0 && held > 0) {
        if (held + delta > 0) localInFlight.set(deployment, held + delta);
        else localInFlight.delete(deployment);
        return local.addInFlight(deployment, delta);
      }
      let servedLocally = false;
      const count = await use((s) => {
        servedLocally = s === local;
        return s.addInFlight(deployment, delta);
      });
      if (servedLocally && delta > 0) localInFlight.set(deployment, held + delta);
      return count;
    },
    inFlight: (deployments) => use((s) => s.inFlight(deployments)),
    tryAcquireRequest: (deployment, rpm) => use((s) => s.tryAcquireRequest(deployment, rpm)),
    countRequest: (deployment) => use((s) => s.countRequest(deployment)),
    addTokens: (deployment, tokens) => use((s) => s.addTokens(deployment, tokens)),
    usage: (deployments) => use((s) => s.usage(deployments)),
    async close() {
      await withTimeout(
        Promise.resolve().then(() => shared.close?.()),
        options.timeoutMs,
      ).catch(() => undefined);
    },
  };
}
