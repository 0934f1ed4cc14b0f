/**
 * The Router: one `complete()`/`stream()` over many deployments. It picks a healthy deployment
 * of the requested group by strategy, retries across the group's deployments (waiting for
 * Retry-After when it must reuse one), falls back to other groups, takes failing deployments
 * out of rotation for a cooldown, and records every attempt in its cost ledger. All state that
 * several processes must share goes through the state store.
 *
 * This file holds the two call paths; options are checked in `router-settings.ts`, deployments
 * chosen in `choose-deployment.ts`, attempts, retries and fallbacks run in `route-attempts.ts`,
 * health booked in `cool-down.ts`, ledger entries written in `ledger-entry.ts`.
 */
import { CallReporter } from '../callbacks/call-reporter.js';
import type { LlmuxCallbacks } from '../callbacks/callback-types.js';
import { type CallOptions, type LlmuxClient, createClient } from '../client.js';
import { ConfigurationError, ContextWindowExceededError, type LlmuxError } from '../base/errors.js';
import { LlmStream } from '../stream/llm-stream.js';
import { isCallerAbortError } from '../util/caller-abort-error.js';
import { toLlmuxError } from '../util/to-llmux-error.js';
import type { ChatCompletionChunk, ChatRequest, ModelResponse, PartialModelResponse, Usage } from '../base/types.js';
import { DeploymentChooser } from './choose-deployment.js';
import { CostLedger } from './cost-ledger.js';
import { createFailOpenStore } from './fail-open-store.js';
import { recordAttempt, routingOf } from './ledger-entry.js';
import { type SyncStateStore, asyncStateStore, createMemoryState } from './memory-state-store.js';
import { type Attempt, type RouteContext, routeAttempts } from './route-attempts.js';
import { type ResolvedDeployment, type RouterSettings, routerSettings } from './router-settings.js';
import { newRouterCallId } from './router-call-id.js';
import type { RouterOptions } from './router-types.js';
import type { RouterStateStore } from './state-store.js';
import { withFirst } from './with-first.js';
import { copyWith } from '../util/copy-with.js';

/** Options for one router call; the client's call options plus callbacks. */
export type RouterCallOptions = Pick<CallOptions, 'signal' | 'timeout' | 'callbacks' | 'cache'>;

/** After a store failure, how long the router keeps to its own memory before asking the store again. */
const STORE_REST_MS = 5_000;

/** A provider's own token counts: anything but a finite count >= 0 (hostile or broken usage) counts as 0. */
const tokenCount = (n: unknown): number => (typeof n === 'number' && Number.isFinite(n) && n > 0 ? n : 0);
const usageTokens = (usage: Usage | undefined): number => tokenCount(usage?.prompt_tokens) + tokenCount(usage?.completion_tokens);

export class Router {
  /** Every attempt of every call, with its usage and cost. */
  readonly ledger: CostLedger;
  readonly #settings: RouterSettings;
  readonly #callbacks: LlmuxCallbacks | undefined;
  readonly #store: RouterStateStore;
  /** The same state as `#store`, answering at once: set when the router keeps its state in its own memory. */
  readonly #sync: SyncStateStore | undefined;
  readonly #route: RouteContext;
  readonly #client: LlmuxClient;
  readonly #ownsClient: boolean;

  constructor(options: RouterOptions) {
    this.#settings = routerSettings(options);
    this.#callbacks = options.callbacks;
    if (options.store === undefined) {
      this.#sync = createMemoryState();
      this.#store = asyncStateStore(this.#sync);
    } else {
      this.#store = createFailOpenStore(options.store, {
        timeoutMs: this.#settings.storeTimeoutMs,
        restMs: STORE_REST_MS,
        onError: options.onStoreError ?? warnStoreError,
      });
    }
    const client = options.client;
    this.#ownsClient = client === undefined || typeof (client as LlmuxClient).complete !== 'function';
    this.#client = this.#ownsClient ? createClient((client as Parameters<typeof createClient>[0]) ?? {}) : (client as LlmuxClient);
    const chooser = new DeploymentChooser(
      this.#settings.groups,
      this.#settings.strategy,
      options.random ?? Math.random,
      this.#store,
      this.#sync,
    );
    this.#route = { settings: this.#settings, chooser, store: this.#store };
    this.ledger = new CostLedger(options.ledgerSize);
  }

  /** The model groups this router serves. */
  get groups(): string[] {
    return [...this.#settings.groups.keys()];
  }

  /** One chat completion from the group named by `request.model`. */
  async complete(request: ChatRequest, options: RouterCallOptions = {}): Promise<ModelResponse> {
    const reporter = this.#reporter(request, options, false);
    const callId = reporter.callId;
    // The latest answer cut off by the model's context window, while a larger group is tried.
    let overflowed: ModelResponse | undefined;
    try {
      return await routeAttempts(this.#route, request, reporter, options.signal, false, async (attempt) => {
        const { deployment } = attempt;
        const sync = this.#sync;
        if (sync !== undefined) sync.addInFlight(deployment.id, 1);
        else await this.#store.addInFlight(deployment.id, 1);
        try {
          const response = await this.#client.complete({ ...request, model: deployment.model }, callOptions(deployment, options));
          const latencyMs = Date.now() - attempt.startedAt;
          this.#route.chooser.recordLatency(deployment.id, latencyMs);
          if (sync !== undefined) sync.addTokens(deployment.id, usageTokens(response.usage));
          else await this.#store.addTokens(deployment.id, usageTokens(response.usage));
          const overflow = this.#contextOverflow(response, attempt.group, deployment.model);
          if (overflow !== undefined) {
            // A paid answer, recorded as such; the call moves on to a larger context window.
            recordAttempt(this.ledger, callId, attempt, 'error', false, {
              usage: response.usage,
              cost: response.cost,
              latencyMs,
              error: overflow,
            });
            response.routing = routingOf(this.ledger, callId, request.model, attempt);
            overflowed = response;
            throw new RecordedFailure(overflow);
          }
          recordAttempt(this.ledger, callId, attempt, 'success', false, { usage: response.usage, cost: response.cost, latencyMs });
          response.routing = routingOf(this.ledger, callId, request.model, attempt);
          reporter.success(response);
          return response;
        } catch (error) {
          if (error instanceof RecordedFailure) throw error.failure;
          const failure = toLlmuxError(error);
          recordAttempt(this.ledger, callId, attempt, isCallerAbortError(failure) ? 'aborted' : 'error', false, { error: failure });
          throw failure;
        } finally {
          if (sync !== undefined) sync.addInFlight(deployment.id, -1);
          else await this.#store.addInFlight(deployment.id, -1);
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
    /** The stream of the attempt under way, stopped when this one is aborted. */
    let attempting: LlmStream | undefined;
    return new LlmStream({
      maxRetries: 0,
      warnings: () => servedBy?.warnings,
      // The attempt that served has folded every chunk already: its fold and its final response are this stream's.
      servedBy: () => servedBy,
      model: request.model,
      signal: options.signal,
      onAbort: (reason) => attempting?.abort(reason),
      observer: {
        attempt: () => undefined,
        // Counted for the events' time to first token and chunk count: with no callbacks there are no events.
        chunk: this.#callbacks === undefined && options.callbacks === undefined ? undefined : (chunk) => reporter.chunk(chunk),
        failed: () => undefined,
        end: (outcome, response, error) => {
          if (response !== undefined && served !== undefined)
            (response as ModelResponse).routing = routingOf(this.ledger, callId, request.model, served);
          reporter.streamEnd(outcome, response, error);
        },
      },
      open: (signal) =>
        routeAttempts(this.#route, request, reporter, signal, true, async (attempt) => {
          const { deployment } = attempt;
          const sync = this.#sync;
          if (sync !== undefined) sync.addInFlight(deployment.id, 1);
          else await this.#store.addInFlight(deployment.id, 1);
          const release = (): unknown =>
            sync !== undefined ? sync.addInFlight(deployment.id, -1) : this.#store.addInFlight(deployment.id, -1);
          let inner: LlmStream;
          let iterator: AsyncIterator<ChatCompletionChunk>;
          let first: IteratorResult<ChatCompletionChunk>;
          try {
            // Bad input throws here, at once: it still ends this attempt (and its in-flight count).
            // No signal: this stream's abort reaches it through `onAbort`, without a listener.
            inner = this.#client.stream({ ...request, model: deployment.model }, callOptions(deployment, options, false));
            attempting = inner;
            if (signal.aborted) inner.abort(signal.reason);
            iterator = inner[Symbol.asyncIterator]();
            first = await iterator.next();
          } catch (error) {
            await release();
            const failure = toLlmuxError(error);
            recordAttempt(this.ledger, callId, attempt, isCallerAbortError(failure) ? 'aborted' : 'error', true, { error: failure });
            throw failure;
          }
          served = attempt;
          servedBy = inner;
          this.#route.chooser.recordLatency(deployment.id, Date.now() - attempt.startedAt);
          // The attempt is settled when the inner stream is: completed, failed or abandoned.
          void inner
            .finalResponse()
            .then(
              async (response) => {
                recordAttempt(this.ledger, callId, attempt, 'success', true, {
                  usage: response.usage,
                  cost: response.cost,
                  latencyMs: Date.now() - attempt.startedAt,
                });
                if (sync !== undefined) sync.addTokens(deployment.id, usageTokens(response.usage));
                else await this.#store.addTokens(deployment.id, usageTokens(response.usage));
              },
              (error: unknown) => {
                const failure = toLlmuxError(error);
                const partial: PartialModelResponse | undefined = failure.partialResponse;
                recordAttempt(this.ledger, callId, attempt, isCallerAbortError(failure) ? 'aborted' : 'error', true, {
                  error: failure,
                  usage: partial?.usage,
                  cost: partial?.cost,
                  latencyMs: Date.now() - attempt.startedAt,
                });
              },
            )
            .finally(release)
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
    if (!this.#settings.groups.has(request.model)) {
      throw new ConfigurationError(`No deployments for model group "${request.model}". Groups: ${this.groups.join(', ')}`, {
        model: request.model,
      });
    }
    const sets: (LlmuxCallbacks | undefined)[] = [this.#callbacks, options.callbacks];
    return new CallReporter(sets, request, { model: request.model, provider: '', stream, group: request.model }, newRouterCallId());
  }

  /**
   * A whole answer the model stopped because its context window was full
   * (`provider_finish_reason: "model_context_window_exceeded"`), as the error that moves the call
   * to `contextWindowFallbacks`, when the group has some; else undefined (the answer stands).
   */
  #contextOverflow(response: ModelResponse, group: string, model: string): ContextWindowExceededError | undefined {
    const reason = (response.choices[0] as { provider_finish_reason?: unknown } | undefined)?.provider_finish_reason;
    if (reason !== 'model_context_window_exceeded' || (this.#settings.contextWindowFallbacks?.[group]?.length ?? 0) === 0) return undefined;
    return new ContextWindowExceededError(
      `${model} stopped at its context window (model_context_window_exceeded); trying a group with a larger one`,
      {
        provider: response.provider,
        model,
        code: 'model_context_window_exceeded',
        partialResponse: response,
        retryable: false,
      },
    );
  }
}

/** The client options of one attempt on `deployment`: its own, with the call's timeout, cache and (when `withSignal`) signal. */
function callOptions(deployment: ResolvedDeployment, options: RouterCallOptions, withSignal = true): CallOptions {
  const signal = withSignal ? options.signal : undefined;
  if (signal === undefined && options.timeout === undefined && options.cache === undefined) return deployment.callOptions;
  const own: CallOptions = {};
  if (signal !== undefined) own.signal = signal;
  if (options.timeout !== undefined) own.timeout = options.timeout;
  if (options.cache !== undefined) own.cache = options.cache;
  return copyWith(deployment.callOptions, own);
}

/** Without an `onStoreError`, a failing store is reported as a process warning, once per outage. */
function warnStoreError(error: LlmuxError): void {
  globalThis.process?.emitWarning?.(
    `llmux Router: the state store failed, so this process routes on its own state until it answers again: ${error.message}`,
    'LlmuxStoreWarning',
  );
}

/** A failure already written to the ledger by the attempt that raised it (a context-window stop). */
class RecordedFailure {
  constructor(readonly failure: LlmuxError) {}
}
