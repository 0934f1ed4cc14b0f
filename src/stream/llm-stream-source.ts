/** What `LlmStream` is made from: how it opens its source, once per attempt, and whom it tells. */
import type { LlmuxError } from '../base/errors.js';
import type { ChatCompletionChunk, LlmuxWarning } from '../base/types.js';
import type { StreamObserver } from '../callbacks/call-reporter.js';
import type { Pricer } from '../core/load-pricer.js';
import type { ChunkAccumulator } from './accumulate-chunks.js';
import type { LlmStream } from './llm-stream.js';

/** What a stream reads of a fold: how many chunks, the response so far, the final response. */
export type StreamFold = Pick<ChunkAccumulator, 'count' | 'snapshot' | 'result'>;

/** How a stream opens its source, once per attempt. */
export interface LlmStreamSource {
  open(signal: AbortSignal, attempt: number): AsyncIterable<ChatCompletionChunk> | Promise<AsyncIterable<ChatCompletionChunk>>;
  maxRetries: number;
  provider?: string | undefined;
  model?: string | undefined;
  signal?: AbortSignal | undefined;
  /**
   * Called before each retry with the error that caused it, the number of the attempt to come
   * and the delay chosen.
   */
  onRetry?: ((error: LlmuxError, attempt: number, delayMs: number) => void) | undefined;
  /** Prices the chunk that carries usage (it gets `cost`); awaited before the first chunk when a promise. */
  pricer?: Pricer | Promise<Pricer | undefined> | undefined;
  /** Told about attempts, chunks and the end, for callbacks. */
  observer?: StreamObserver | undefined;
  /** What llmux changed about the request (see `ModelResponse.warnings`), put on the final response. */
  warnings?: (() => LlmuxWarning[] | undefined) | undefined;
  /** Told when the stream is aborted, however: a source that is a stream (the Router's) stops it here, with no listener on `open`'s signal. */
  onAbort?: ((reason: unknown) => void) | undefined;
  /**
   * For a stream over another stream (the Router's over its attempt's): the stream that served,
   * which has checked and folded every chunk this one hands out. This stream then keeps no second
   * fold, and its final response is the served stream's own (built once; its warnings included);
   * undefined (no attempt served yet) falls back to its own, empty fold.
   */
  servedBy?: (() => LlmStream | undefined) | undefined;
}
