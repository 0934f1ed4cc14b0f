/**
 * What every entry of the package shares by identity: the error classes, the stream class and
 * the call loop. `llmux/lite` and every adapter import it (by relative path, in the build), so
 * an error thrown inside any adapter is an instance of the classes users import, whichever
 * client they built. On Node the build puts it in one file with the root, so that
 * `import "llmux"` reads one module; its names are then exports of the root's file at run time,
 * though not of its declarations (they are not public API). Elsewhere (browser and edge bundles)
 * it is its own file, dist/default/shared.js. It holds no provider registry and no transport: an
 * app bundled from `llmux/lite` reaches no `node:` module through it.
 */
export * from './base/errors.js';
export { LlmStream } from './stream/llm-stream.js';
export {
  DEFAULT_MAX_RETRIES,
  DEFAULT_TIMEOUT_MS,
  completeCall,
  countProviderTokensCall,
  createClientCore,
  createClientState,
  streamCall,
} from './core/client-core.js';
// Helpers of the call loop that the adapters, the transports and llmux/lite use too: exported
// here, they are taken from this module instead of copied into each entry (one copy per app
// bundle, and nothing more to compile when an adapter loads on Node).
export * from './util/caller-abort-error.js';
export * from './util/to-llmux-error.js';
export * from './util/run-attempts.js';
export * from './util/retry-timing.js';
export * from './util/retry-policy.js';
export * from './util/merge-headers.js';
export * from './util/model-id.js';
export * from './stream/check-chunk.js';
// The chunk accumulator is not here: a stream loads it (see llm-stream.ts), and the entries that
// fold chunks themselves (fold-stream, testing) carry their own copy.
export * from './transport/transport-types.js';
// Redaction runs in the call loop, the transports and every adapter: one copy for all of them.
export * from './util/redact.js';
export * from './util/classify-header-name.js';
export * from './util/message-at.js';
// A stream's signal and the node transport's exchange: one table of slots, so one copy.
export * from './util/abort-hook.js';
