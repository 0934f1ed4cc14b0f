/**
 * The Router's configuration: deployments grouped under the model names callers use, a
 * strategy to pick among them, and what to do when one fails.
 */
import type { LlmuxCallbacks } from '../callbacks/callback-types.js';
import type { ClientOptions, LlmuxClient } from '../client.js';
import type { LlmuxError } from '../base/errors.js';
import type { WireApi } from '../providers/adapter-types.js';
import type { RouterStateStore } from './state-store.js';

/** One place a model group can be served from. */
export interface Deployment {
  /** The name callers use as `model` (litellm's `model_name`), e.g. `"smart"` or `"gpt-4o"`. */
  group: string;
  /** The real `provider/model`, e.g. `"openai/gpt-4o"` or `"azure-east/gpt-4o"`. */
  model: string;
  /**
   * A stable id (shared by every process using the same store). Default `<group>/<model>#<n>`,
   * followed by `@<base URL>` and `~key:<fingerprint>` when those are set, so routers with other
   * endpoints or keys never share this deployment's limits. The fingerprint is 12 hex digits of
   * a SHA-256 of the key: it tells keys apart and cannot be turned back into one.
   */
  id?: string;
  apiKey?: string;
  baseURL?: string;
  headers?: Record<string, string>;
  /** For an OpenAI(-compatible) model: the wire API it is called through (see `ProviderOptions.api`). */
  api?: WireApi;
  /** Relative share of traffic for `simple-shuffle` (default: `rpm` when set, else 1). */
  weight?: number;
  /** Requests per minute this deployment may take; enforced through the state store. */
  rpm?: number;
  /** Tokens per minute this deployment may take (prompt and completion). */
  tpm?: number;
  /** Lower is preferred: higher priorities serve only when every lower one is out of rotation. Default 0. */
  priority?: number;
}

/** How a deployment is picked among the healthy ones of a group. */
export type RoutingStrategy = 'simple-shuffle' | 'least-busy' | 'latency-based' | 'usage-based' | 'cost-based';

/** Retries per error class name (e.g. `{ RateLimitError: 4, ContextWindowExceededError: 0 }`). */
export type RetryPolicy = Partial<Record<string, number>>;

export interface RouterOptions {
  deployments: readonly Deployment[];
  /** Default `simple-shuffle`. */
  strategy?: RoutingStrategy;
  /** The client the router sends through, or options for its own client. */
  client?: LlmuxClient | ClientOptions;
  /** Retries within a group for retryable errors (429, 5xx, connection failures). Default 2. */
  numRetries?: number;
  /**
   * Retries per error class, overriding `numRetries`; a non-retryable class can be given retries
   * too. A `ConfigurationError` (bad input, a missing key) is never retried nor falls back.
   */
  retryPolicy?: RetryPolicy;
  /** group -> groups to try, in order, when the group fails (not for a `ConfigurationError`, which is thrown). */
  fallbacks?: Record<string, readonly string[]>;
  /** group -> groups with longer context windows, for `ContextWindowExceededError`. */
  contextWindowFallbacks?: Record<string, readonly string[]>;
  /** group -> groups for `ContentPolicyViolationError`. */
  contentPolicyFallbacks?: Record<string, readonly string[]>;
  /** Failures within a minute after which a deployment cools down. Default 3. */
  allowedFails?: number;
  /** How long a cooldown lasts, in ms (at least the server's Retry-After on a 429). Default 5000. */
  cooldownMs?: number;
  /**
   * Longest cooldown in ms, whatever a provider's Retry-After asks for (a cooldown in a shared
   * store takes the deployment away from every process). Default 300,000 (5 minutes).
   */
  maxCooldownMs?: number;
  /**
   * Shared state (cooldowns, in-flight, usage). Default: in this process's memory. A store that
   * fails or hangs never fails a call: its operations are bounded by `storeTimeoutMs`, and after
   * a failure the router uses its own memory for a few seconds before trying the store again.
   */
  store?: RouterStateStore;
  /** Longest wait for one operation of `store`, in ms. Default 1000 (a Redis store gives up sooner by itself). */
  storeTimeoutMs?: number;
  /**
   * Told when `store` starts failing (once per outage, not per call), with a typed error
   * (`StateStoreError` for Redis). Default: a process warning.
   */
  onStoreError?: (error: LlmuxError) => void;
  /** Events of every call through this router. */
  callbacks?: LlmuxCallbacks;
  /** Most ledger entries kept (oldest dropped first). Default 10,000. */
  ledgerSize?: number;
  /** Random numbers in [0, 1) for shuffling (tests pass a seeded one). */
  random?: () => number;
}
