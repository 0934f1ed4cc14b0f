/**
 * The client: resolves `provider/model` against every built-in provider, loads the adapter on
 * first use, runs the call with retries and timeouts (see `core/client-core.ts`). Each client
 * owns its connection pool and settings; nothing is global.
 */
import type { BaseClientOptions, LlmuxClient } from './core/client-core.js';
import { createClientCore } from './core/client-core.js';
import { deferObserver } from './callbacks/defer-observer.js';
import { loadPricer } from './core/load-pricer.js';
import { createResolutions } from './core/reuse-resolutions.js';
import { type ProviderOptions, resolveCall } from './core/resolve-provider.js';
import { ADAPTER_FAMILIES, PROVIDERS } from './providers/registry.js';
import { isNodeRuntime } from './transport/detect-runtime.js';
import type { FetchFunction } from './transport/fetch-transport.js';
import type { Transport } from './transport/transport-types.js';
import type { ChatRequest } from './base/types.js';
import type { AdapterContext } from './providers/adapter-types.js';
import { loadedModelInfo, lookupModelInfo } from './models/lookup-model-info.js';

export { DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT_MS } from './core/client-core.js';
export type { BaseClientOptions, CallOptions, LlmuxClient } from './core/client-core.js';

export interface ClientOptions extends BaseClientOptions {
  /**
   * Keys, base URLs and headers per provider; also defines new OpenAI-compatible providers,
   * and takes the provider factories of `llmux/openai`, `llmux/anthropic`, `llmux/openrouter`.
   */
  providers?: Record<string, ProviderOptions>;
  /** Use this `fetch` instead of the built-in transport. */
  fetch?: FetchFunction;
  /** Use this transport (advanced; tests, proxies). */
  transport?: Transport;
  /**
   * Put `cost` on every response (and on the usage chunk of a stream) whose model the model
   * table prices or whose provider reports a cost. Default true; false prices nothing (the
   * table still loads where a call needs its facts: Anthropic's default `max_tokens`, and which
   * API serves an OpenAI model when no `api` is set).
   */
  cost?: boolean;
  /**
   * Before sending, count the prompt's tokens and fail with `ContextWindowExceededError` when it
   * is longer than the model's context window (from the model table). Default false. Counting
   * is local: exact for OpenAI models with gpt-tokenizer installed, an estimate otherwise.
   */
  checkContextWindow?: boolean;
}

/** Creates an isolated client that can serve every built-in provider. */
export function createClient(options: ClientOptions = {}): LlmuxClient {
  // A client with callbacks will want their reporter: its code starts loading now.
  if (options.callbacks !== undefined) void Promise.resolve(loadReporter()).catch(() => undefined);
  return createClientCore(options, {
    resolve: (model, env, call) => resolveCall(model, options.providers, env, call),
    mock: PROVIDERS.mock.load,
    keepResolutions: createResolutions,
    createTransport: () =>
      options.transport !== undefined
        ? Promise.resolve(options.transport)
        : options.fetch !== undefined
          ? import('./transport/fetch-transport.js').then((m) => m.createFetchTransport(options.fetch))
          : isNodeRuntime()
            ? import('./transport/node-transport.js').then((m) => m.createNodeTransport())
            : import('./transport/fetch-transport.js').then((m) => m.createFetchTransport()),
    ...(options.cost === false ? {} : { loadPricer }),
    preflight,
    foldStream: (adapter, request, context) => loadFold().then((fold) => fold(adapter, request, context)),
    loadStreamSSE,
    loadReporter,
    deferObserver,
    modelInfo: lookupModelInfo,
    modelInfoNow: loadedModelInfo,
    loadResponsesAdapter: ADAPTER_FAMILIES['openai-responses'],
    fitRequest: (request, adapterProvider, context) =>
      import('./core/fit-reasoning-effort.js').then((m) => m.fitRequest(request, adapterProvider, context)),
    ...(options.checkContextWindow === undefined ? {} : { checkContextWindow: options.checkContextWindow }),
  });
}

// The SSE loop and the fold arrive with the first stream (or mock call), once per process: a
// client that never streams does not compile them, and `import "llmux"` carries neither.
type StreamSSE = typeof import('./stream/stream-sse-chunks.js').streamSSEChunks;
let streamSSE: Promise<StreamSSE> | undefined;
// Once loaded, a stream opens without waiting on the module again.
let streamSSELoaded: StreamSSE | undefined;
let fold: Promise<typeof import('./stream/fold-stream.js').foldStream> | undefined;
const loadStreamSSE = (): StreamSSE | Promise<StreamSSE> =>
  streamSSELoaded ?? (streamSSE ??= import('./stream/stream-sse-chunks.js').then((m) => (streamSSELoaded = m.streamSSEChunks)));
const loadFold = (): Promise<typeof import('./stream/fold-stream.js').foldStream> =>
  (fold ??= import('./stream/fold-stream.js').then((m) => m.foldStream));

// The callback reporter arrives with the first client or call that has callbacks, once per process.
type ReporterClass = typeof import('./callbacks/call-reporter.js').CallReporter;
let Reporter: ReporterClass | undefined;
let reporterModule: Promise<ReporterClass> | undefined;
function loadReporter(): ReporterClass | Promise<ReporterClass> {
  return Reporter ?? (reporterModule ??= import('./callbacks/call-reporter.js').then((m) => (Reporter = m.CallReporter)));
}

async function preflight(request: ChatRequest, context: Pick<AdapterContext, 'provider' | 'model'>): Promise<void> {
  const { checkContextWindow } = await import('./models/index.js');
  await checkContextWindow(request, context.provider, context.model);
}
