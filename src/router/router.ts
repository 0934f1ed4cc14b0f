/**
 * The Router: one `complete()`/`stream()` over many deployments. It picks a healthy deployment
 * of the requested group by strategy, retries across the group's deployments (waiting for
 * Retry-After when it must reuse one), falls back to other groups, takes failing deployments
 * out of rotation for a cooldown, and records every attempt in its cost ledger. All state that
 * several processes must share goes through the state store.
 */
import { CallReporter, newCallId } from '../callbacks/call-reporter.js';
import type { LlmuxCallbacks } from '../callbacks/callback-types.js';
import { type CallOptions, type LlmuxClient, createClient } from '../client.js';
import { ConfigurationError, ContentPolicyViolationError, ContextWindowExceededError, LlmuxError, RateLimitError } from '../base/errors.js';
import { redactText } from '../util/redact.js';
import { LlmStream } from '../stream/llm-stream.js';
import { callerAbortError, isCallerAbortError } from '../util/caller-abort-error.js';
import { type NextAttempt, STOP, SWITCH, runAttempts } from '../util/run-attempts.js';
import { toLlmuxError } from '../util/to-llmux-error.js';
import type { ChatCompletionChunk, ChatRequest, ModelResponse, PartialModelResponse, Usage } from '../base/types.js';
import { CostLedger } from './cost-ledger.js';
import { createFailOpenStore } from './fail-open-store.js';
import { automaticId } from './deployment-id.js';
import { createMemoryStateStore } from './memory-state-store.js';
import { type Candidate, orderCandidates } from './pick-deployment.js';
import type { Deployment, RetryPolicy, RouterOptions, RoutingStrategy } from './router-types.js';
import type { RouterStateStore } from './state-store.js';
import { reportedProvider } from '../util/model-id.js';

/** A deployment with its id and defaults filled in. */
interface ResolvedDeployment extends Deployment {
  id: string;
  weight: number;
  priority: number;
}

/** Options for one router call; the client's call options plus callbacks. */
export type RouterCallOptions = Pick<CallOptions, 'signal' | 'timeout' | 'callbacks' | 'cache'>;

const FAILURE_WINDOW_MS = 60_000;
/** Retries within a group after a retryable failure, by default. */
const DEFAULT_NUM_RETRIES = 2;
/** Default cap on a cooldown, whatever Retry-After a provider sends. */
const DEFAULT_MAX_COOLDOWN_MS = 300_000;
/** Default bound on one state store operation (a Redis store times out sooner, by default). */
const DEFAULT_STORE_TIMEOUT_MS = 1_000;
/** After a store failure, how long the router keeps to its own memory before asking the store again. */
const STORE_REST_MS = 5_000;
/** Longest error message a ledger entry keeps (a provider's can be megabytes). */
const LEDGER_MESSAGE_CHARS = 1_024;
const LATENCY_SMOOTHING = 0.3;
const STRATEGIES: readonly RoutingStrategy[] = ['simple-shuffle', 'least-busy', 'latency-based', 'usage-based', 'cost-based'];

type Fallback = 'error' | 'context_window' | 'content_policy';

function resolveDeployments(deployments: readonly Deployment[]): Map<string, ResolvedDeployment[]> {
  if (!Array.isArray(deployments) || deployments.length === 0) {
    throw new ConfigurationError('A Router needs deployments: [{ group: "smart", model: "openai/gpt-4o" }, ...]');
  }
  const groups = new Map<string, ResolvedDeployment[]>();
  const ids = new Set<string>();
  deployments.forEach((d, i) => {
    if (d === null || typeof d !== 'object' || typeof d.group !== 'string' || d.group === '' || typeof d.model !== 'string' || d.model === '') {
      throw new ConfigurationError(`deployments[${i}] needs a "group" (the name callers use) and a "model" ("provider/model"); got ${JSON.stringify(d)}`);
    }
    for (const key of ['weight', 'rpm', 'tpm', 'priority'] as const) {
      const value = d[key];
      if (value !== undefined && (typeof value !== 'number' || !Number.isFinite(value) || value < 0)) {
        throw new ConfigurationError(`deployments[${i}].${key} must be a number >= 0; got ${JSON.stringify(value)}`);
      }
    }
    const list = groups.get(d.group) ?? [];
    const id = d.id ?? automaticId(d, list.length);
    if (ids.has(id)) throw new ConfigurationError(`Two deployments have the id "${id}"; give them distinct ids`);
    ids.add(id);
    list.push({ ...d, id, weight: d.weight ?? d.rpm ?? 1, priority: d.priority ?? 0 });
    groups.set(d.group, list);
  });
  return groups;
}

/** A message of at most `max` characters, with `secrets` (and key-shaped text) redacted before the cut. */
function boundedMessage(message: string, secrets: readonly (string | undefined)[], max: number): string {
  // Redacting all of a multi-megabyte message would be wasted work: a key that the cut goes
  // through is still whole in the first 2 * max characters (keys are far shorter than max).
  const head = redactText(message.length > 2 * max ? message.slice(0, 2 * max) : message, secrets);
  return head.length <= max ? head : `${head.slice(0, max - 1)}…`;
}

function checkFallbacks(name: string, map: Record<string, readonly string[]> | undefined, groups: Map<string, unknown>): void {
  for (const [from, to] of Object.entries(map ?? {})) {
    for (const group of [from, ...(Array.isArray(to) ? to : [])]) {
      if (!groups.has(group)) throw new ConfigurationError(`${name} names the group "${group}", which has no deployments. Groups: ${[...groups.keys()].join(', ')}`);
    }
  }
}

function fallbackKind(error: LlmuxError): Fallback {
  if (error instanceof ContextWindowExceededError) return 'context_window';
  if (error instanceof ContentPolicyViolationError) return 'content_policy';
  return 'error';
}

/** A provider's own token counts: anything but a finite count >= 0 (hostile or broken usage) counts as 0. */
const tokenCount = (n: unknown): number => (typeof n === 'number' && Number.isFinite(n) && n > 0 ? n : 0);
const usageTokens = (usage: Usage | undefined): number => tokenCount(usage?.prompt_tokens) + tokenCount(usage?.completion_tokens);

/** One attempt of a router call: the deployment tried, and when. */
interface Attempt {
  number: number;
  group: string;
  deployment: ResolvedDeployment;
  startedAt: number;
}

export class Router {
  /** Every attempt of every call, with its usage and cost. */
  readonly ledger: CostLedger;
  readonly #groups: Map<string, ResolvedDeployment[]>;
  readonly #options: RouterOptions;
  readonly #strategy: RoutingStrategy;
  readonly #store: RouterStateStore;
  readonly #client: LlmuxClient;
  readonly #ownsClient: boolean;
  readonly #random: () => number;
  /** `numRetries` and `retryPolicy` with their defaults, read once. */
  readonly #retry: { numRetries: number; policy: RetryPolicy };
  readonly #latency = new Map<string, number>();
  #prices: Promise<(model: string) => number | undefined> | undefined;

  constructor(options: RouterOptions) {
    if (options === null || typeof options !== 'object') throw new ConfigurationError('new Router({ deployments: [...] }) needs an options object');
    this.#groups = resolveDeployments(options.deployments);
    const strategy = options.strategy ?? 'simple-shuffle';
    if (!STRATEGIES.includes(strategy)) throw new ConfigurationError(`Unknown routing strategy "${String(strategy)}"; expected one of ${STRATEGIES.join(', ')}`);
    this.#strategy = strategy;
    checkFallbacks('fallbacks', options.fallbacks, this.#groups);
    checkFallbacks('contextWindowFallbacks', options.contextWindowFallbacks, this.#groups);
    checkFallbacks('contentPolicyFallbacks', options.contentPolicyFallbacks, this.#groups);
    this.#options = options;
    const maxCooldownMs = options.maxCooldownMs ?? DEFAULT_MAX_COOLDOWN_MS;
    if (typeof maxCooldownMs !== 'number' || Number.isNaN(maxCooldownMs) || maxCooldownMs < 0) {
      throw new ConfigurationError(`maxCooldownMs must be a number of ms >= 0; got ${JSON.stringify(maxCooldownMs)}`);
    }
    const storeTimeoutMs = options.storeTimeoutMs ?? DEFAULT_STORE_TIMEOUT_MS;
    if (typeof storeTimeoutMs !== 'number' || !Number.isFinite(storeTimeoutMs) || storeTimeoutMs <= 0) {
      throw new ConfigurationError(`storeTimeoutMs must be a positive number of ms; got ${JSON.stringify(storeTimeoutMs)}`);
    }
    this.#store =
      options.store === undefined
        ? createMemoryStateStore()
        : createFailOpenStore(options.store, {
            timeoutMs: storeTimeoutMs,
            restMs: STORE_REST_MS,
            onError: options.onStoreError ?? warnStoreError,
          });
    const client = options.client;
    this.#ownsClient = client === undefined || typeof (client as LlmuxClient).complete !== 'function';
    this.#client = this.#ownsClient ? createClient((client as Parameters<typeof createClient>[0]) ?? {}) : (client as LlmuxClient);
    this.#random = options.random ?? Math.random;
    this.#retry = { numRetries: options.numRetries ?? DEFAULT_NUM_RETRIES, policy: options.retryPolicy ?? {} };
    this.ledger = new CostLedger(options.ledgerSize);
  }

  /** The model groups this router serves. */
  get groups(): string[] {
    return [...this.#groups.keys()];
  }

  /** One chat completion from the group named by `request.model`. */
  async complete(request: ChatRequest, options: RouterCallOptions = {}): Promise<ModelResponse> {
    const reporter = this.#reporter(request, options, false);
    const callId = reporter.callId;
    // The latest answer cut off by the model's context window, while a larger group is tried.
    let overflowed: ModelResponse | undefined;
    try {
      return await this.#runAttempts(request, reporter, options.signal, false, async (attempt) => {
        const { deployment } = attempt;
        await this.#store.addInFlight(deployment.id, 1);
        try {
          const response = await this.#client.complete({ ...request, model: deployment.model }, this.#callOptions(deployment, options));
          const latencyMs = Date.now() - attempt.startedAt;
          this.#recordLatency(deployment.id, latencyMs);
          await this.#store.addTokens(deployment.id, usageTokens(response.usage));
          const overflow = this.#contextOverflow(response, attempt.group, deployment.model);
          if (overflow !== undefined) {
            // A paid answer, recorded as such; the call moves on to a larger context window.
            this.#record(callId, attempt, 'error', false, { usage: response.usage, cost: response.cost, latencyMs, error: overflow });
            response.routing = this.#routing(callId, request.model, attempt);
            overflowed = response;
            throw new RecordedFailure(overflow);
          }
          this.#record(callId, attempt, 'success', false, { usage: response.usage, cost: response.cost, latencyMs });
          response.routing = this.#routing(callId, request.model, attempt);
          reporter.success(response);
          return response;
        } catch (error) {
          if (error instanceof RecordedFailure) throw error.failure;
          const failure = toLlmuxError(error);
          this.#record(callId, attempt, isCallerAbortError(failure) ? 'aborted' : 'error', false, { error: failure });
          throw failure;
        } finally {
          await this.#store.addInFlight(deployment.id, -1);
        }
      });
    } catch (error) {
      // No larger group answered: the cut-off answer, paid for, beats an error.
      if (overflowed === undefined || isCallerAbortError(error)) throw error;
      // Its attempt count and total cost now cover the attempts after it.
      const served = overflowed.routing!;
      overflowed.routing = { ...served, attempts: this.ledger.forCall(callId).length, totalCost: this.ledger.totalCost(callId) };
      reporter.success(overflowed);
      return overflowed;
    }
  }

  /**
   * One streamed chat completion. Retries and fallbacks happen only before the first chunk
   * reaches the caller; after it, a failure ends the stream with a typed error carrying what
   * had arrived.
   */
  stream(request: ChatRequest, options: RouterCallOptions = {}): LlmStream {
    const reporter = this.#reporter(request, options, true);
    const callId = reporter.callId;
    let served: Attempt | undefined;
    let servedBy: LlmStream | undefined;
    return new LlmStream({
      maxRetries: 0,
      warnings: () => servedBy?.warnings,
      model: request.model,
      signal: options.signal,
      observer: {
        attempt: () => undefined,
        chunk: (chunk) => reporter.chunk(chunk),
        failed: () => undefined,
        end: (outcome, response, error) => {
          if (response !== undefined && served !== undefined) (response as ModelResponse).routing = this.#routing(callId, request.model, served);
          reporter.streamEnd(outcome, response, error);
        },
      },
      open: (signal) =>
        this.#runAttempts(request, reporter, signal, true, async (attempt) => {
          const { deployment } = attempt;
          await this.#store.addInFlight(deployment.id, 1);
          let inner: LlmStream;
          let iterator: AsyncIterator<ChatCompletionChunk>;
          let first: IteratorResult<ChatCompletionChunk>;
          try {
            // Bad input throws here, at once: it still ends this attempt (and its in-flight count).
            inner = this.#client.stream({ ...request, model: deployment.model }, { ...this.#callOptions(deployment, options), signal });
            iterator = inner[Symbol.asyncIterator]();
            first = await iterator.next();
          } catch (error) {
            await this.#store.addInFlight(deployment.id, -1);
            const failure = toLlmuxError(error);
            this.#record(callId, attempt, isCallerAbortError(failure) ? 'aborted' : 'error', true, { error: failure });
            throw failure;
          }
          served = attempt;
          servedBy = inner;
          this.#recordLatency(deployment.id, Date.now() - attempt.startedAt);
          // The attempt is settled when the inner stream is: completed, failed or abandoned.
          void inner.finalResponse().then(
            async (response) => {
              this.#record(callId, attempt, 'success', true, { usage: response.usage, cost: response.cost, latencyMs: Date.now() - attempt.startedAt });
              await this.#store.addTokens(deployment.id, usageTokens(response.usage));
            },
            (error: unknown) => {
              const failure = toLlmuxError(error);
              const partial: PartialModelResponse | undefined = failure.partialResponse;
              this.#record(callId, attempt, isCallerAbortError(failure) ? 'aborted' : 'error', true, {
                error: failure,
                usage: partial?.usage,
                cost: partial?.cost,
                latencyMs: Date.now() - attempt.startedAt,
              });
            },
          )
            .finally(() => this.#store.addInFlight(deployment.id, -1))
            // Settled long after the caller's last chunk: nothing here may become an unhandled rejection.
            .catch(() => undefined);
          return withFirst(first, iterator);
        }),
    });
  }

  /** Releases the router's own client (when it made one) and the state store's connections. */
  async close(): Promise<void> {
    if (this.#ownsClient) this.#client.close();
    await this.#store.close?.();
  }

  #reporter(request: ChatRequest, options: RouterCallOptions, stream: boolean): CallReporter {
    if (request === null || typeof request !== 'object' || typeof request.model !== 'string') {
      throw new ConfigurationError('A router request needs "model": the name of a model group');
    }
    if (!this.#groups.has(request.model)) {
      throw new ConfigurationError(`No deployments for model group "${request.model}". Groups: ${this.groups.join(', ')}`, { model: request.model });
    }
    const sets: (LlmuxCallbacks | undefined)[] = [this.#options.callbacks, options.callbacks];
    return new CallReporter(sets, request, { model: request.model, provider: '', stream, group: request.model }, newCallId());
  }

  #callOptions(deployment: ResolvedDeployment, options: RouterCallOptions): CallOptions {
    const call: CallOptions = { maxRetries: 0 };
    if (options.signal !== undefined) call.signal = options.signal;
    if (options.timeout !== undefined) call.timeout = options.timeout;
    if (deployment.apiKey !== undefined) call.apiKey = deployment.apiKey;
    if (deployment.baseURL !== undefined) call.baseURL = deployment.baseURL;
    if (deployment.headers !== undefined) call.headers = deployment.headers;
    if (deployment.api !== undefined) call.api = deployment.api;
    if (options.cache !== undefined) call.cache = options.cache;
    return call;
  }

  #record(
    callId: string,
    attempt: Attempt,
    outcome: 'success' | 'error' | 'aborted',
    stream: boolean,
    extra: { usage?: Usage | undefined; cost?: ModelResponse['cost']; error?: LlmuxError; latencyMs?: number },
  ): void {
    const entry: Parameters<CostLedger['record']>[0] = {
      callId,
      attempt: attempt.number,
      group: attempt.group,
      deployment: attempt.deployment.id,
      model: attempt.deployment.model,
      stream,
      outcome,
      startedAt: attempt.startedAt,
      latencyMs: extra.latencyMs ?? Date.now() - attempt.startedAt,
    };
    if (extra.usage) entry.usage = extra.usage;
    if (extra.cost) entry.cost = extra.cost;
    if (extra.error !== undefined) {
      const secrets = [attempt.deployment.apiKey];
      entry.error = {
        name: boundedMessage(String(extra.error.name), secrets, 100),
        message: boundedMessage(String(extra.error.message), secrets, LEDGER_MESSAGE_CHARS),
      };
      if (extra.error.status !== undefined) entry.error.status = extra.error.status;
    }
    this.ledger.record(entry);
  }

  #routing(callId: string, group: string, attempt: Attempt): NonNullable<ModelResponse['routing']> {
    return {
      callId,
      group,
      servedBy: { group: attempt.group, deployment: attempt.deployment.id, model: attempt.deployment.model },
      attempts: attempt.number + 1,
      totalCost: this.ledger.totalCost(callId),
    };
  }

  #recordLatency(id: string, ms: number): void {
    const previous = this.#latency.get(id);
    this.#latency.set(id, previous === undefined ? ms : previous + LATENCY_SMOOTHING * (ms - previous));
  }

  /** Retries a group allows after `error`: its class's own count, else `numRetries` for a retryable error. */
  #retriesFor(error: LlmuxError): number {
    const { policy, numRetries } = this.#retry;
    const own = policy[error.name] ?? policy[error.constructor.name];
    if (own !== undefined) return own;
    return error.retryable ? numRetries : 0;
  }

  /** Counts a failure against the deployment, and cools it down when it has failed too often. */
  async #penalize(deployment: ResolvedDeployment, error: LlmuxError): Promise<void> {
    if (isCallerAbortError(error) || error instanceof ConfigurationError) return;
    // A prompt too long for the model (an HTTP 400, or an answer cut at the context window) says nothing about its health.
    if (error instanceof ContextWindowExceededError) return;
    // Cooling down a group's only deployment would only make the group unavailable; its retries
    // wait for Retry-After instead.
    if ((this.#groups.get(deployment.group)?.length ?? 0) < 2) return;
    // A request the deployment rejected for its content says nothing about its health.
    if (error.status === 400 || error.status === 413 || error.status === 422) return;
    const maxCooldownMs = this.#options.maxCooldownMs ?? DEFAULT_MAX_COOLDOWN_MS;
    const cooldownMs = Math.min(this.#options.cooldownMs ?? 5_000, maxCooldownMs);
    const hint = error.retryAfterMs;
    const retryAfterMs = typeof hint === 'number' && hint >= 0 && hint < Infinity ? hint : undefined;
    // Rate limited with a hint, or refused our credentials: out of rotation at once, for as long
    // as the server asked, but never past maxCooldownMs (a hostile Retry-After would otherwise
    // take the deployment away from every process sharing the store for years).
    if ((error instanceof RateLimitError && retryAfterMs !== undefined) || error.status === 401 || error.status === 403 || error.status === 404) {
      await this.#store.startCooldown(deployment.id, Math.min(maxCooldownMs, Math.max(cooldownMs, retryAfterMs ?? 0)));
      return;
    }
    const failures = await this.#store.recordFailure(deployment.id, FAILURE_WINDOW_MS);
    if (failures >= (this.#options.allowedFails ?? 3)) await this.#store.startCooldown(deployment.id, cooldownMs);
  }

  async #priceOf(): Promise<(model: string) => number | undefined> {
    return (this.#prices ??= import('../models/index.js').then(
      ({ getModelInfo }) =>
        (model: string) => {
          const info = getModelInfo(model);
          if (info?.inputCostPerToken === undefined || info.outputCostPerToken === undefined) return undefined;
          return 1000 * info.inputCostPerToken + 1000 * info.outputCostPerToken;
        },
      () => () => undefined,
    ));
  }

  /**
   * A whole answer the model stopped because its context window was full
   * (`provider_finish_reason: "model_context_window_exceeded"`), as the error that moves the call
   * to `contextWindowFallbacks`, when the group has some; else undefined (the answer stands).
   */
  #contextOverflow(response: ModelResponse, group: string, model: string): ContextWindowExceededError | undefined {
    const reason = (response.choices[0] as { provider_finish_reason?: unknown } | undefined)?.provider_finish_reason;
    if (reason !== 'model_context_window_exceeded' || (this.#options.contextWindowFallbacks?.[group]?.length ?? 0) === 0) return undefined;
    return new ContextWindowExceededError(`${model} stopped at its context window (model_context_window_exceeded); trying a group with a larger one`, {
      provider: response.provider,
      model,
      code: 'model_context_window_exceeded',
      partialResponse: response,
      retryable: false,
    });
  }

  /** The groups to fall back to after `group` failed with `error`: the list for the error's kind, else the general one. */
  #fallbacks(group: string, error: LlmuxError, visited: ReadonlySet<string>): { targets: string[]; reason: Fallback } {
    const kind = fallbackKind(error);
    const specific = kind === 'context_window' ? this.#options.contextWindowFallbacks : kind === 'content_policy' ? this.#options.contentPolicyFallbacks : undefined;
    const list = specific?.[group] ?? this.#options.fallbacks?.[group] ?? [];
    return { targets: list.filter((g) => !visited.has(g)), reason: specific?.[group] !== undefined ? kind : 'error' };
  }

  #fallbackTargets(group: string, error: LlmuxError, visited: ReadonlySet<string>): string[] {
    return this.#fallbacks(group, error, visited).targets;
  }

  /** The group's deployments in the order to try them: healthy ones by strategy, those within their rpm limit. */
  async #pick(group: string, tried: ReadonlySet<string>): Promise<ResolvedDeployment | undefined> {
    const all = this.#groups.get(group) ?? [];
    const cooling = await this.#store.coolingDown(all.map((d) => d.id));
    const healthy = all.filter((d) => !cooling.has(d.id));
    const fresh = healthy.filter((d) => !tried.has(d.id));
    const pool = fresh.length > 0 ? fresh : healthy;
    if (pool.length === 0) return undefined;
    const ids = pool.map((d) => d.id);
    const [inFlight, usage] = await Promise.all([this.#store.inFlight(ids), this.#store.usage(ids)]);
    const price = this.#strategy === 'cost-based' ? await this.#priceOf() : undefined;
    const candidates: Candidate[] = pool.map((d, i) => ({
      id: d.id,
      weight: d.weight,
      priority: d.priority,
      rpm: d.rpm,
      tpm: d.tpm,
      inFlight: inFlight[i] ?? 0,
      usage: usage[i] ?? { requests: 0, tokens: 0 },
      latencyMs: this.#latency.get(d.id),
      price: price?.(d.model),
    }));
    const byId = new Map(pool.map((d) => [d.id, d]));
    for (const candidate of orderCandidates(candidates, this.#strategy, this.#random)) {
      const deployment = byId.get(candidate.id)!;
      if (deployment.tpm !== undefined && candidate.usage.tokens >= deployment.tpm) continue;
      if (deployment.rpm !== undefined) {
        if (await this.#store.tryAcquireRequest(deployment.id, deployment.rpm)) return deployment;
        continue;
      }
      await this.#store.countRequest(deployment.id);
      return deployment;
    }
    return undefined;
  }

  /**
   * Runs one call's attempts through the attempt engine, with deployment choice as its
   * strategy: each attempt picks a deployment of the current group (one not yet tried first);
   * after a failure, `onFailure` cools the deployment down, then retries in the group (at once
   * on another deployment, after Retry-After or a backoff on the same one), falls back to
   * another group, or gives up, and the last error is thrown.
   */
  async #runAttempts<T>(request: ChatRequest, reporter: CallReporter, signal: AbortSignal | undefined, stream: boolean, send: (attempt: Attempt) => Promise<T>): Promise<T> {
    const context = { model: request.model };
    if (signal?.aborted) throw callerAbortError(signal.reason, context);
    const queue: string[] = [];
    const visited = new Set<string>([request.model]);
    let group = request.model;
    let tried = new Set<string>();
    let retry = 0;
    let number = 0;
    /** The attempt under way; undefined when no deployment of the group could be picked. */
    let current: Attempt | undefined;
    const fallBack = (error: LlmuxError): NextAttempt => {
      const { targets, reason } = this.#fallbacks(group, error, visited);
      for (const target of targets) {
        visited.add(target);
        queue.push(target);
      }
      const next = queue.shift();
      if (next === undefined) return STOP;
      reporter.fallback(error, group, next, reason);
      group = next;
      tried = new Set();
      retry = 0;
      return SWITCH;
    };
    return runAttempts({
      signal,
      context,
      run: async () => {
        current = undefined;
        const deployment = await this.#pick(group, tried);
        if (deployment === undefined) {
          throw new RateLimitError(`No deployment of group "${group}" is available: every one is cooling down after failures or at its rpm/tpm limit`, {
            model: group,
            code: 'no_deployments_available',
            retryable: true,
          });
        }
        tried.add(deployment.id);
        current = { number, group, deployment, startedAt: Date.now() };
        reporter.request(number, { model: deployment.model, provider: reportedProvider(deployment.model), stream, group, deployment: deployment.id });
        number++;
        return send(current);
      },
      onAbort: (error) => reporter.failure(error, false),
      onFailure: async (failure) => {
        if (current === undefined) {
          reporter.failure(failure, false, this.#fallbackTargets(group, failure, visited).length > 0);
          return fallBack(failure);
        }
        // A configuration error (a malformed message, a missing key) is a bug to fix, not an
        // outage: retrying or falling back would only hide it, or serve the call elsewhere.
        if (isCallerAbortError(failure) || failure instanceof ConfigurationError) {
          reporter.failure(failure, false);
          return STOP;
        }
        await this.#penalize(current.deployment, failure);
        const retryable = retry < this.#retriesFor(failure);
        reporter.failure(failure, retryable, !retryable && this.#fallbackTargets(group, failure, visited).length > 0);
        if (!retryable) return fallBack(failure);
        // Another deployment of the group is tried at once; reusing the same one waits for
        // its Retry-After (or a backoff), as the server asked.
        const untried = (this.#groups.get(group) ?? []).some((d) => !tried.has(d.id));
        const next: NextAttempt = untried ? { next: 'retry', delayMs: 0 } : { next: 'retry', backoff: retry };
        retry++;
        return next;
      },
      onRetry: (error, _attempt, delayMs) => reporter.retry(error, delayMs),
    });
  }
}

/** Without an `onStoreError`, a failing store is reported as a process warning, once per outage. */
function warnStoreError(error: LlmuxError): void {
  globalThis.process?.emitWarning?.(`llmux Router: the state store failed, so this process routes on its own state until it answers again: ${error.message}`, 'LlmuxStoreWarning');
}

/** An iterator that hands out `first`, then the rest of `iterator`. */
function withFirst(first: IteratorResult<ChatCompletionChunk>, iterator: AsyncIterator<ChatCompletionChunk>): AsyncIterable<ChatCompletionChunk> {
  let pending: IteratorResult<ChatCompletionChunk> | undefined = first;
  const it: AsyncIterableIterator<ChatCompletionChunk> = {
    next() {
      if (pending !== undefined) {
        const result = pending;
        pending = undefined;
        return Promise.resolve(result);
      }
      return iterator.next();
    },
    return() {
      pending = undefined;
      return iterator.return?.() ?? Promise.resolve({ value: undefined, done: true });
    },
    [Symbol.asyncIterator]() {
      return it;
    },
  };
  return it;
}

/** A failure already written to the ledger by the attempt that raised it (a context-window stop). */
class RecordedFailure {
  constructor(readonly failure: LlmuxError) {}
}
