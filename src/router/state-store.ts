/**
 * Where a router keeps what several processes must agree on: cooldowns, failure counts,
 * in-flight requests and per-minute usage. The default keeps it in memory (one process);
 * `llmux/redis` shares it across processes. Every operation that decides something (a failure
 * count reaching the limit, a request slot under the rpm limit) is atomic in the store.
 */

/** Requests and tokens a deployment used in the current minute. */
export interface MinuteUsage {
  requests: number;
  tokens: number;
}

export interface RouterStateStore {
  /** Counts one failure of `deployment` in a window of `windowMs`; resolves with the count in the window, this one included. */
  recordFailure(deployment: string, windowMs: number): Promise<number>;
  /** Takes `deployment` out of rotation for `ms` (and clears its failure count). */
  startCooldown(deployment: string, ms: number): Promise<void>;
  /** Which of `deployments` are cooling down now. */
  coolingDown(deployments: readonly string[]): Promise<Set<string>>;
  /** Changes `deployment`'s in-flight count by `delta`; resolves with the new count. */
  addInFlight(deployment: string, delta: number): Promise<number>;
  /** In-flight counts, in the order of `deployments`. */
  inFlight(deployments: readonly string[]): Promise<number[]>;
  /**
   * Takes one request slot of the current minute for `deployment` if fewer than `rpm` were
   * taken; false when the limit is reached (nothing is taken then). Atomic: two processes can
   * never both take the last slot.
   */
  tryAcquireRequest(deployment: string, rpm: number): Promise<boolean>;
  /** Counts a request that needs no slot (a deployment without an rpm limit). */
  countRequest(deployment: string): Promise<void>;
  /** Adds tokens to `deployment`'s count for the current minute. */
  addTokens(deployment: string, tokens: number): Promise<void>;
  /** This minute's usage, in the order of `deployments`. */
  usage(deployments: readonly string[]): Promise<MinuteUsage[]>;
  /** Releases connections (Redis); the in-memory store has nothing to release. */
  close?(): Promise<void>;
}

/** The minute a usage count belongs to (UTC minutes since the epoch). */
export const currentMinute = (now = Date.now()): number => Math.floor(now / 60_000);
