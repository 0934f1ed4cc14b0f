/**
 * Which deployment of a group an attempt goes to: the healthy ones (not cooling down), those
 * not yet tried in this call first, ordered by the routing strategy, the first within its
 * rpm/tpm limits taking a request slot. With the router's own in-memory state every store
 * operation answers at once, so the choice is made without a promise per operation; a shared
 * store (Redis, a custom one) is asked through its asynchronous, fail-open interface.
 */
import { type Candidate, orderCandidates } from './pick-deployment.js';
import type { SyncStateStore } from './memory-state-store.js';
import type { ResolvedDeployment } from './router-settings.js';
import type { RoutingStrategy } from './router-types.js';
import type { MinuteUsage, RouterStateStore } from './state-store.js';

const LATENCY_SMOOTHING = 0.3;
const NO_USAGE: Readonly<MinuteUsage> = Object.freeze({ requests: 0, tokens: 0 });

/** USD for a typical call of a model, from the model table (loaded on first use). */
type PriceOf = (model: string) => number | undefined;

export class DeploymentChooser {
  readonly #groups: Map<string, ResolvedDeployment[]>;
  readonly #strategy: RoutingStrategy;
  readonly #random: () => number;
  readonly #store: RouterStateStore;
  readonly #sync: SyncStateStore | undefined;
  /** Smoothed latency per deployment id, in ms. */
  readonly #latency = new Map<string, number>();
  #prices: Promise<PriceOf> | undefined;

  /** `sync`, when given, is the same state as `store`, answering at once. */
  constructor(
    groups: Map<string, ResolvedDeployment[]>,
    strategy: RoutingStrategy,
    random: () => number,
    store: RouterStateStore,
    sync: SyncStateStore | undefined,
  ) {
    this.#groups = groups;
    this.#strategy = strategy;
    this.#random = random;
    this.#store = store;
    this.#sync = sync;
  }

  /** Folds one measured latency into the deployment's average. */
  recordLatency(id: string, ms: number): void {
    const previous = this.#latency.get(id);
    this.#latency.set(id, previous === undefined ? ms : previous + LATENCY_SMOOTHING * (ms - previous));
  }

  /** The deployment for the next attempt on `group` (its request slot taken), or undefined when none is available. */
  pick(group: string, tried: ReadonlySet<string>): ResolvedDeployment | undefined | Promise<ResolvedDeployment | undefined> {
    const all = this.#groups.get(group) ?? [];
    const sync = this.#sync;
    if (sync === undefined || this.#strategy === 'cost-based') return this.#pickAsync(all, tried);
    const pool = poolOf(all, sync.coolingDown(all.map(idOf)), tried);
    if (pool.length === 0) return undefined;
    if (pool.length === 1) {
      // A group of one, or one deployment left: the order is itself (with the one random number
      // every order of one draws), without a candidate list built and sorted per call.
      const deployment = pool[0]!;
      this.#random();
      if (atTpmLimit(deployment, sync.usage([deployment.id])[0]!)) return undefined;
      return claimRequest(sync, deployment) ? deployment : undefined;
    }
    const ids = pool.map(idOf);
    for (const deployment of this.#order(pool, sync.inFlight(ids), sync.usage(ids), undefined)) {
      if (claimRequest(sync, deployment)) return deployment;
    }
    return undefined;
  }

  async #pickAsync(all: ResolvedDeployment[], tried: ReadonlySet<string>): Promise<ResolvedDeployment | undefined> {
    const pool = poolOf(all, await this.#store.coolingDown(all.map(idOf)), tried);
    if (pool.length === 0) return undefined;
    const ids = pool.map(idOf);
    const [inFlight, usage] = await Promise.all([this.#store.inFlight(ids), this.#store.usage(ids)]);
    const price = this.#strategy === 'cost-based' ? await this.#priceOf() : undefined;
    for (const deployment of this.#order(pool, inFlight, usage, price)) {
      if (deployment.rpm !== undefined) {
        if (await this.#store.tryAcquireRequest(deployment.id, deployment.rpm)) return deployment;
        continue;
      }
      await this.#store.countRequest(deployment.id);
      return deployment;
    }
    return undefined;
  }

  /** `pool` in the order to try, without those at their tpm limit. */
  #order(
    pool: ResolvedDeployment[],
    inFlight: readonly number[],
    usage: readonly MinuteUsage[],
    price: PriceOf | undefined,
  ): ResolvedDeployment[] {
    const candidates: (Candidate & { deployment: ResolvedDeployment })[] = pool.map((d, i) => ({
      deployment: d,
      id: d.id,
      weight: d.weight,
      priority: d.priority,
      rpm: d.rpm,
      tpm: d.tpm,
      inFlight: inFlight[i] ?? 0,
      usage: usage[i] ?? NO_USAGE,
      latencyMs: this.#latency.get(d.id),
      price: price?.(d.model),
    }));
    const out: ResolvedDeployment[] = [];
    for (const candidate of orderCandidates(candidates, this.#strategy, this.#random)) {
      const { deployment } = candidate;
      if (atTpmLimit(deployment, candidate.usage)) continue;
      out.push(deployment);
    }
    return out;
  }

  #priceOf(): Promise<PriceOf> {
    return (this.#prices ??= import('../models/model-lookup.js').then(
      ({ getModelInfo }) =>
        (model: string) => {
          const info = getModelInfo(model);
          if (info?.inputCostPerToken === undefined || info.outputCostPerToken === undefined) return undefined;
          return 1000 * info.inputCostPerToken + 1000 * info.outputCostPerToken;
        },
      () => () => undefined,
    ));
  }
}

const idOf = (d: ResolvedDeployment): string => d.id;

/** Whether `deployment` has used this minute's tokens (`tpm`). */
const atTpmLimit = (deployment: ResolvedDeployment, usage: MinuteUsage): boolean =>
  deployment.tpm !== undefined && usage.tokens >= deployment.tpm;

/** Takes a request of this minute on `deployment` in the router's own state: false when it is at its `rpm`. */
function claimRequest(sync: SyncStateStore, deployment: ResolvedDeployment): boolean {
  if (deployment.rpm !== undefined) return sync.tryAcquireRequest(deployment.id, deployment.rpm);
  sync.countRequest(deployment.id);
  return true;
}

/** The healthy deployments of `all`, only the untried ones while there are some. */
function poolOf(all: ResolvedDeployment[], cooling: ReadonlySet<string>, tried: ReadonlySet<string>): ResolvedDeployment[] {
  const healthy = cooling.size === 0 ? all : all.filter((d) => !cooling.has(d.id));
  if (tried.size === 0) return healthy;
  const fresh = healthy.filter((d) => !tried.has(d.id));
  return fresh.length > 0 ? fresh : healthy;
}
