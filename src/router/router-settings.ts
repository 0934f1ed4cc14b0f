/**
 * A Router's options, checked and normalised once, when it is built: deployments with their
 * ids and defaults filled in (and what every call to one of them needs, computed once), the
 * strategy, retry and cooldown settings with their defaults. A mistake is a
 * `ConfigurationError` naming the option.
 */
import type { CallOptions } from '../client.js';
import type { CallIdentity } from '../callbacks/call-reporter.js';
import { ConfigurationError } from '../base/errors.js';
import { reportedProvider } from '../util/model-id.js';
import { automaticId } from './deployment-id.js';
import type { Deployment, RetryPolicy, RouterOptions, RoutingStrategy } from './router-types.js';

/** A deployment with its id and defaults filled in. */
export interface ResolvedDeployment extends Deployment {
  id: string;
  weight: number;
  priority: number;
  /** The client call options every attempt on it starts from (no retries inside the client: the router retries). */
  callOptions: Readonly<CallOptions>;
  /** Who callbacks are told an attempt goes to, for a completion and for a stream. */
  identity: { complete: Readonly<CallIdentity>; stream: Readonly<CallIdentity> };
}

/** Everything a router reads from its options, with defaults. */
export interface RouterSettings {
  groups: Map<string, ResolvedDeployment[]>;
  strategy: RoutingStrategy;
  numRetries: number;
  retryPolicy: RetryPolicy;
  allowedFails: number;
  cooldownMs: number;
  maxCooldownMs: number;
  storeTimeoutMs: number;
  fallbacks: Record<string, readonly string[]> | undefined;
  contextWindowFallbacks: Record<string, readonly string[]> | undefined;
  contentPolicyFallbacks: Record<string, readonly string[]> | undefined;
}

/** Retries within a group after a retryable failure, by default. */
const DEFAULT_NUM_RETRIES = 2;
/** Default cap on a cooldown, whatever Retry-After a provider sends. */
const DEFAULT_MAX_COOLDOWN_MS = 300_000;
/** Default bound on one state store operation (a Redis store times out sooner, by default). */
const DEFAULT_STORE_TIMEOUT_MS = 1_000;
const STRATEGIES: readonly RoutingStrategy[] = ['simple-shuffle', 'least-busy', 'latency-based', 'usage-based', 'cost-based'];

/** Checks `options` and fills in the defaults; throws a `ConfigurationError` for a mistake. */
export function routerSettings(options: RouterOptions): RouterSettings {
  if (options === null || typeof options !== 'object')
    throw new ConfigurationError('new Router({ deployments: [...] }) needs an options object');
  const groups = resolveDeployments(options.deployments);
  const strategy = options.strategy ?? 'simple-shuffle';
  if (!STRATEGIES.includes(strategy))
    throw new ConfigurationError(`Unknown routing strategy "${String(strategy)}"; expected one of ${STRATEGIES.join(', ')}`);
  checkFallbacks('fallbacks', options.fallbacks, groups);
  checkFallbacks('contextWindowFallbacks', options.contextWindowFallbacks, groups);
  checkFallbacks('contentPolicyFallbacks', options.contentPolicyFallbacks, groups);
  const maxCooldownMs = options.maxCooldownMs ?? DEFAULT_MAX_COOLDOWN_MS;
  if (typeof maxCooldownMs !== 'number' || Number.isNaN(maxCooldownMs) || maxCooldownMs < 0) {
    throw new ConfigurationError(`maxCooldownMs must be a number of ms >= 0; got ${JSON.stringify(maxCooldownMs)}`);
  }
  const storeTimeoutMs = options.storeTimeoutMs ?? DEFAULT_STORE_TIMEOUT_MS;
  if (typeof storeTimeoutMs !== 'number' || !Number.isFinite(storeTimeoutMs) || storeTimeoutMs <= 0) {
    throw new ConfigurationError(`storeTimeoutMs must be a positive number of ms; got ${JSON.stringify(storeTimeoutMs)}`);
  }
  return {
    groups,
    strategy,
    numRetries: options.numRetries ?? DEFAULT_NUM_RETRIES,
    retryPolicy: options.retryPolicy ?? {},
    allowedFails: options.allowedFails ?? 3,
    cooldownMs: options.cooldownMs ?? 5_000,
    maxCooldownMs,
    storeTimeoutMs,
    fallbacks: options.fallbacks,
    contextWindowFallbacks: options.contextWindowFallbacks,
    contentPolicyFallbacks: options.contentPolicyFallbacks,
  };
}

function resolveDeployments(deployments: readonly Deployment[]): Map<string, ResolvedDeployment[]> {
  if (!Array.isArray(deployments) || deployments.length === 0) {
    throw new ConfigurationError('A Router needs deployments: [{ group: "smart", model: "openai/gpt-4o" }, ...]');
  }
  const groups = new Map<string, ResolvedDeployment[]>();
  const ids = new Set<string>();
  deployments.forEach((d, i) => {
    if (
      d === null ||
      typeof d !== 'object' ||
      typeof d.group !== 'string' ||
      d.group === '' ||
      typeof d.model !== 'string' ||
      d.model === ''
    ) {
      throw new ConfigurationError(
        `deployments[${i}] needs a "group" (the name callers use) and a "model" ("provider/model"); got ${JSON.stringify(d)}`,
      );
    }
    for (const key of ['weight', 'rpm', 'tpm', 'priority'] as const) {
      const value = d[key];
      if (value !== undefined && (typeof value !== 'number' || !Number.isFinite(value) || value < 0)) {
        throw new ConfigurationError(`deployments[${i}].${key} must be a number >= 0; got ${JSON.stringify(value)}`);
      }
    }
    const list = groups.get(d.group) ?? [];
    // Computed once here (a key's fingerprint is a SHA-256), never per call.
    const id = d.id ?? automaticId(d, list.length);
    if (ids.has(id)) throw new ConfigurationError(`Two deployments have the id "${id}"; give them distinct ids`);
    ids.add(id);
    const provider = reportedProvider(d.model);
    const identity = (stream: boolean): CallIdentity => ({ model: d.model, provider, stream, group: d.group, deployment: id });
    list.push({
      ...d,
      id,
      weight: d.weight ?? d.rpm ?? 1,
      priority: d.priority ?? 0,
      callOptions: baseCallOptions(d),
      identity: { complete: identity(false), stream: identity(true) },
    });
    groups.set(d.group, list);
  });
  return groups;
}

/** The call options of `d` (key, endpoint, headers, API), with the client's own retries off. */
function baseCallOptions(d: Deployment): CallOptions {
  const call: CallOptions = { maxRetries: 0 };
  if (d.apiKey !== undefined) call.apiKey = d.apiKey;
  if (d.baseURL !== undefined) call.baseURL = d.baseURL;
  if (d.headers !== undefined) call.headers = d.headers;
  if (d.api !== undefined) call.api = d.api;
  return call;
}

function checkFallbacks(name: string, map: Record<string, readonly string[]> | undefined, groups: Map<string, unknown>): void {
  for (const [from, to] of Object.entries(map ?? {})) {
    for (const group of [from, ...(Array.isArray(to) ? to : [])]) {
      if (!groups.has(group))
        throw new ConfigurationError(
          `${name} names the group "${group}", which has no deployments. Groups: ${[...groups.keys()].join(', ')}`,
        );
    }
  }
}
