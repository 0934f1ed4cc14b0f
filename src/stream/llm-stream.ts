/**
 * The object `stream()` returns: an async iterable of `chat.completion.chunk`s that also offers
 * the text deltas alone, the assembled final response, and abort. A failure or abort mid-way
 * throws a typed error carrying everything received so far. A failed attempt is retried only
 * while no chunk has reached the caller, so nothing is ever delivered twice.
 */
import { APIUserAbortError, LlmuxError, isLlmuxError } from '../errors.js';
import { shouldRetry } from '../core/retry-policy.js';
import type { ChatCompletionChunk, ModelResponse } from '../types.js';
import { createChunkAccumulator } from './accumulate-chunks.js';

/** How a stream opens its source, once per attempt. */
export interface LlmStreamSource {
  open(signal: AbortSignal, attempt: number): AsyncIterable<ChatCompletionChunk>;
  maxRetries: number;
  provider?: string | undefined;
  model?: string | undefined;
  signal?: AbortSignal | undefined;
  /** Called before each retry with the error that caused it and the delay chosen. */
  onRetry?: ((error: LlmuxError, attempt: number, delayMs: number) => void) | undefined;
}

export class LlmStream implements AsyncIterable<ChatCompletionChunk> {
  readonly #source: LlmStreamSource;
  readonly #controller = new AbortController();
  readonly #accumulator;
  readonly #final: Promise<ModelResponse>;
  #resolve!: (response: ModelResponse) => void;
  #reject!: (error: unknown) => void;
  #started = false;

  constructor(source: LlmStreamSource) {
    this.#source = source;
    this.#accumulator = createChunkAccumulator(source.provider);
    this.#final = new Promise<ModelResponse>((resolve, reject) => {
      this.#resolve = resolve;
      this.#reject = reject;
    });
    // The failure is also thrown to the iterating caller; an unread final promise must not crash the process.
    this.#final.catch(() => undefined);
    const external = source.signal;
    if (external !== undefined) {
      if (external.aborted) this.#controller.abort(external.reason);
      else external.addEventListener('abort', () => this.#controller.abort(external.reason), { once: true });
    }
  }

  /** Iterates the chunks. A stream can be iterated once. */
  [Symbol.asyncIterator](): AsyncIterator<ChatCompletionChunk> {
    if (this.#started) throw new LlmuxError('This stream has already been consumed; call stream() again for a new one');
    this.#started = true;
    return this.#run();
  }

  /** The text deltas of the first choice, skipping chunks without text. */
  get textStream(): AsyncIterable<string> {
    const self = this;
    return {
      async *[Symbol.asyncIterator]() {
        for await (const chunk of self) {
          const text = chunk.choices[0]?.delta.content;
          if (text) yield text;
        }
      },
    };
  }

  /**
   * The complete response (text joined, tool-call arguments merged, usage included). Reads the
   * stream to its end if nobody is iterating it.
   */
  finalResponse(): Promise<ModelResponse> {
    if (!this.#started) {
      void (async () => {
        for await (const _ of this);
      })().catch(() => undefined);
    }
    return this.#final;
  }

  /** Stops the stream and frees its connection; iteration and `finalResponse()` reject with `APIUserAbortError`. */
  abort(reason?: unknown): void {
    this.#controller.abort(reason);
  }

  /** The signal that aborts this stream's requests. */
  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  async *#run(): AsyncGenerator<ChatCompletionChunk> {
    const { maxRetries } = this.#source;
    const signal = this.#controller.signal;
    const accumulator = this.#accumulator;
    let delivered = false;
    let finished = false;
    try {
      for (let attempt = 0; ; attempt++) {
        try {
          for await (const chunk of this.#source.open(signal, attempt)) {
            accumulator.add(chunk);
            delivered = true;
            yield chunk;
          }
          break;
        } catch (error) {
          if (signal.aborted || delivered || !shouldRetry(error, attempt, maxRetries)) throw error;
          const typed = error as LlmuxError;
          // Retry timing loads on the first retry: a stream that never fails never pays for it.
          const { computeRetryDelay, sleep } = await import('../core/retry-timing.js');
          const delay = computeRetryDelay(attempt, typed.retryAfterMs);
          this.#source.onRetry?.(typed, attempt + 1, delay);
          await sleep(delay, signal);
        }
      }
      finished = true;
      this.#resolve(accumulator.result());
    } catch (error) {
      finished = true;
      const typed = this.#toError(error);
      this.#reject(typed);
      throw typed;
    } finally {
      if (!finished) {
        // The caller stopped iterating early: end the request and report what was received.
        this.#controller.abort();
        this.#reject(this.#toError(new APIUserAbortError('The stream was closed before it ended')));
      }
    }
  }

  #toError(error: unknown): LlmuxError {
    const context = { provider: this.#source.provider, model: this.#source.model };
    let typed: LlmuxError;
    if (this.#controller.signal.aborted && !(error instanceof APIUserAbortError)) {
      typed = new APIUserAbortError('The stream was aborted', { ...context, cause: error });
    } else if (isLlmuxError(error)) {
      typed = error;
    } else {
      typed = new LlmuxError(`Stream failed: ${error instanceof Error ? error.message : String(error)}`, { ...context, cause: error });
    }
    if (typed.partialResponse === undefined && this.#accumulator.count > 0) typed.partialResponse = this.#accumulator.snapshot();
    return typed;
  }
}
