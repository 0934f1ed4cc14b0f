/**
 * One client's state: its settings, the parts its kind of client plugs into the shared call
 * loop, its adapters as they load, its lazily made transport, and what it has resolved.
 */
import type { CallReporter } from '../callbacks/call-reporter.js';
import type { LlmStreamSource } from '../stream/llm-stream-source.js';
import type { Pricer } from './load-pricer.js';
import type { Env, ResolveCallOptions, ResolvedCall } from './resolve-call.js';
import type { AdapterContext, ProviderAdapter } from '../providers/adapter-types.js';
import type { Transport } from '../transport/transport-types.js';
import type { ChatRequest, ModelResponse } from '../base/types.js';
import type { FittedRequest } from './fit-reasoning-effort.js';
import type { streamSSEChunks } from '../stream/stream-sse-chunks.js';
import type { BaseClientOptions, CallOptions } from './client-options.js';
import type { Resolution } from './prepare-call.js';
import type { Resolutions } from './reuse-resolutions.js';

/** What a kind of client plugs into the shared call loop. */
export interface ClientParts {
  /** Provider, model, adapter, key and base URL for one call. */
  resolve(model: string, env: Env, call: CallOptions & ResolveCallOptions): ResolvedCall;
  /**
   * The adapter that answers a request's `mock_response` without a request, whatever its model
   * (absent: such a request is refused, never sent).
   */
  mock?: () => Promise<ProviderAdapter>;
  /** Makes the client's store of kept resolutions (absent: every call resolves its model). */
  keepResolutions?: () => Resolutions<Resolution>;
  /** Creates the client's transport; called once, on the first request. */
  createTransport(): Promise<Transport>;
  /** Loads the pricer on a call's start, a promise only while it loads (absent: responses are not priced). */
  loadPricer?: () => Pricer | undefined | Promise<Pricer | undefined>;
  /** The context-window check, when `checkContextWindow` asks for it (absent: never checked). */
  preflight?: (request: ChatRequest, context: Pick<AdapterContext, 'provider' | 'model'>) => Promise<void>;
  /** The client-wide `checkContextWindow` setting. */
  checkContextWindow?: boolean;
  /** See `AdapterContext.loadResponsesAdapter`. */
  loadResponsesAdapter?: AdapterContext['loadResponsesAdapter'];
  /** The model table's lookup, handed to adapters (see `AdapterContext.modelInfo`). */
  modelInfo?: AdapterContext['modelInfo'];
  /** See `AdapterContext.modelInfoNow`. */
  modelInfoNow?: AdapterContext['modelInfoNow'];
  /**
   * Fits a request to the model before the adapter sees it (`reasoning_effort` moved to a level
   * the model takes, with a warning); called only for a request that sets it. Absent
   * (`llmux/lite`): the request goes as asked.
   */
  fitRequest?: (
    request: ChatRequest,
    adapterProvider: string,
    context: Pick<AdapterContext, 'provider' | 'model' | 'modelInfo'>,
  ) => Promise<FittedRequest>;
  /**
   * Turns callbacks into events: the reporter's class, or a promise of it while its code loads
   * (the full client loads it with the first call that has callbacks, so `import "llmux"` carries
   * none of it). Absent (`llmux/lite`), callbacks must arrive wrapped by `withCallbacks`, which
   * carries it, so an app without callbacks bundles none of it.
   */
  loadReporter?: () => typeof CallReporter | Promise<typeof CallReporter>;
  /**
   * Gives a stream whose reporter is still loading an observer that passes on what it is told
   * once it has (see `deferObserver`); returns what the stream's request waits for. Set with a
   * `loadReporter` that can return a promise.
   */
  deferObserver?: (source: LlmStreamSource, reporter: Promise<CallReporter>) => () => Promise<unknown>;
  /**
   * Builds `complete()` from the stream for an adapter without a native non-streaming path
   * (absent: such an adapter can only stream).
   */
  foldStream?: (adapter: ProviderAdapter, request: ChatRequest, context: AdapterContext) => Promise<ModelResponse>;
  /**
   * The SSE chunk loop a stream's adapter reads its events with, asked for when a stream opens:
   * the full client loads it with its first stream, `llmux/lite` sets it in its `stream()`, so
   * an app that never streams carries none of it (absent: no stream can be opened).
   */
  loadStreamSSE?: () => typeof streamSSEChunks | Promise<typeof streamSSEChunks>;
}

/**
 * One client's settings, parts and connection state. The call functions below take it, so a
 * client built of them (`llmux/lite`) bundles only the calls an app makes.
 */
export interface ClientState {
  readonly options: BaseClientOptions;
  readonly parts: ClientParts;
  /** Adapters get a transport that is only created on their first request (the mock never makes one). */
  readonly transport: Transport;
  /** Closes the transport, if one was made; the next request makes a new one. */
  close(): void;
  /** Each adapter factory's adapter once loaded, its promise until then. */
  readonly adapters: Map<() => Promise<ProviderAdapter>, ProviderAdapter | Promise<ProviderAdapter>>;
  /** Kept resolutions of model strings, when the client's parts keep them (see `prepareCall`). */
  readonly resolutions: Resolutions<Resolution> | undefined;
}

/** A client's state: nothing is created until its first request. */
export function createClientState(options: BaseClientOptions, parts: ClientParts): ClientState {
  let transport: Promise<Transport> | undefined;
  // The transport once made: a request then goes to it directly. Through the promise, each
  // request held two more promises while it waited, and cost three more promise jobs.
  let made: Transport | undefined;
  return {
    options,
    parts,
    transport: {
      request: (request) => {
        if (made !== undefined) {
          try {
            return made.request(request);
          } catch (error) {
            return Promise.reject(error as Error);
          }
        }
        const loading = (transport ??= parts.createTransport());
        return loading.then((t) => {
          // Not kept when `close()` came while it was being made: the next request makes another.
          if (transport === loading) made = t;
          return t.request(request);
        });
      },
    },
    close() {
      void transport?.then((t) => t.close?.());
      transport = undefined;
      made = undefined;
    },
    adapters: new Map(),
    resolutions: parts.keepResolutions?.(),
  };
}
