/**
 * The object `stream()` returns: an async iterable of `chat.completion.chunk`s that also offers
 * the text deltas alone, the assembled final response, and abort. A failure or abort mid-way
 * throws a typed error carrying everything received so far. A failed attempt is retried only
 * while no chunk has reached the caller, so nothing is ever delivered twice.
 *
 * Over 350 lines because it is one class whose methods share its private state (the source,
 * the fold, the outcome); about a quarter of it is the documentation of its public members.
 * What stands alone lives beside it: the source type, the accumulator's loading, the text
 * deltas and the web-stream encoding.
 */
import { APIUserAbortError, LlmuxError } from '../base/errors.js';
import { abortOwned, ownedController } from '../util/abort-hook.js';
import { callerAbortError } from '../util/caller-abort-error.js';
import { retryWhileRetryable } from '../util/retry-policy.js';
import { STOP, runAttempts } from '../util/run-attempts.js';
import { toLlmuxError } from '../util/to-llmux-error.js';
import type { ChatCompletionChunk, LlmuxWarning, ModelResponse } from '../base/types.js';
import type { ChunkAccumulator } from './accumulate-chunks.js';
import { accumulatorFactory, loadAccumulator } from './load-accumulator.js';
import type { LlmStreamSource, StreamFold } from './llm-stream-source.js';
import type { Pricer } from '../core/load-pricer.js';
import { type ReadableStreamFormat, encodeReadableStream } from './encode-readable-stream.js';
import { textDeltas } from './text-deltas.js';
import type { BatchIterator } from './iterate-batches.js';

/** What `#detach` is while there is nothing to unhook: one function for every stream, not a closure each. */
const noop = (): void => undefined;

type ChunksClass = new (stream: LlmStream) => BatchIterator<ChatCompletionChunk>;
/** The class of a stream's iterator, made with the first stream's iteration (see `#makeChunksClass`). */
let chunksClass: ChunksClass | undefined;

export class LlmStream implements AsyncIterable<ChatCompletionChunk> {
  readonly #source: LlmStreamSource;
  readonly #controller = ownedController();
  /** `#controller.signal.aborted`, kept as a field: it is read once per chunk. */
  #aborted = false;
  /** Made before the first chunk is taken (see `loadAccumulator`); undefined while none has arrived. */
  #accumulator: ChunkAccumulator | undefined;
  /** `finalResponse()`'s promise, made when first asked for (most streams are only iterated). */
  #final: Promise<ModelResponse> | undefined;
  #resolve: ((response: ModelResponse) => void) | undefined;
  #reject: ((error: unknown) => void) | undefined;
  /** How the stream ended: `true` once complete, or its error. */
  #outcome: true | { error: LlmuxError } | undefined;
  /** The final response, assembled once, when first needed. */
  #response: ModelResponse | undefined;
  #started = false;
  #finished = false;
  /** A failure met while handing out a buffered chunk, for the next `next()` to reject with. */
  #failure: LlmuxError | undefined;
  #iterator: AsyncIterator<ChatCompletionChunk> | undefined;
  #price: Pricer | undefined;
  /** Unhooks the caller's signal once the stream is over, so a long-lived signal collects no listeners. */
  #detach: () => void = noop;

  constructor(source: LlmStreamSource) {
    this.#source = source;
    const create = accumulatorFactory();
    if (create !== undefined) this.#accumulator = create(source.provider);
    else void loadAccumulator().catch(() => undefined);
    const external = source.signal;
    if (external !== undefined) {
      if (external.aborted) this.#abort(external.reason);
      else {
        const onAbort = (): void => this.#abort(external.reason);
        external.addEventListener('abort', onAbort, { once: true });
        this.#detach = () => external.removeEventListener('abort', onAbort);
      }
    }
  }

  /** Iterates the chunks. A stream can be iterated once. */
  [Symbol.asyncIterator](): AsyncIterator<ChatCompletionChunk> {
    if (this.#started) throw new LlmuxError('This stream has already been consumed; call stream() again for a new one');
    this.#started = true;
    return new (chunksClass ??= this.#makeChunksClass())(this);
  }

  /**
   * The iterator a stream hands out. A hand-written iterator rather than an async generator:
   * this runs once per chunk, and a generator frame per layer costs more than the parsing
   * itself. A class whose methods every stream shares, not four closures and their context per
   * stream: with a thousand streams in flight, that was memory every young collection copied
   * (see bench/README.md, "Ninth pass"). Declared in the class body, so it reaches the stream's
   * private members; made on first use, so that `import "llmux"` does not build a class most
   * imports never iterate (a class made at import cost the root's import 2% more instructions).
   * An instance method: a class body that names its own class (a static member read as
   * `LlmStream.#x`) is renamed by the bundler (`_LlmStream`), which users would see in stack
   * traces and `util.inspect`, and a static block would keep bundlers from dropping the class
   * from apps that never stream.
   */
  #makeChunksClass(): ChunksClass {
    return class Chunks implements BatchIterator<ChatCompletionChunk> {
      readonly #stream: LlmStream;

      constructor(stream: LlmStream) {
        this.#stream = stream;
      }

      next(): Promise<IteratorResult<ChatCompletionChunk>> {
        const stream = this.#stream;
        // Fast path: a chunk already parsed from the last network read needs no async hop.
        try {
          const buffered = stream.#nextBuffered();
          if (buffered !== undefined) return Promise.resolve(buffered);
        } catch (error) {
          return Promise.reject(stream.#fail(error));
        }
        return stream.#next();
      }

      /** For a stream over this one (the Router's); a chunk that cannot be taken fails this stream for the next `next()`. */
      nextBuffered(): IteratorYieldResult<ChatCompletionChunk> | undefined {
        const stream = this.#stream;
        try {
          return stream.#nextBuffered();
        } catch (error) {
          stream.#failure = stream.#fail(error);
          return undefined;
        }
      }

      return(): Promise<IteratorResult<ChatCompletionChunk>> {
        return this.#stream.#stop();
      }

      [Symbol.asyncIterator](): this {
        return this;
      }
    };
  }

  /** A chunk already parsed from the last network read, taken and observed; undefined when there is none. */
  #nextBuffered(): IteratorYieldResult<ChatCompletionChunk> | undefined {
    if (this.#finished || this.#aborted) return undefined;
    const buffered = (this.#iterator as Partial<BatchIterator<ChatCompletionChunk>> | undefined)?.nextBuffered?.();
    if (buffered === undefined) return undefined;
    this.#take(buffered.value);
    this.#source.observer?.chunk?.(buffered.value);
    return buffered;
  }

  /** The fold this stream's final response and partial responses come from (see `LlmStreamSource.servedBy`). */
  #fold(): StreamFold | undefined {
    const served = this.#source.servedBy?.();
    return served !== undefined ? served.#fold() : this.#accumulator;
  }

  /** The text deltas of the first choice, skipping chunks without text. */
  get textStream(): AsyncIterable<string> {
    return textDeltas(this);
  }

  /**
   * The stream as a web `ReadableStream` of bytes, for an edge or serverless handler to return
   * as a `Response` body. Reading it iterates this stream, so call it instead of iterating.
   *
   * - `'sse'` (default): OpenAI-shaped Server-Sent Events, `data: {chunk JSON}\n\n` per chunk
   *   and `data: [DONE]\n\n` at the end, as `openai-node` and the Vercel AI SDK read them. A
   *   failure mid-way (after any retries) becomes one final `event: error` whose data is
   *   `{"error":{"message","type","code"}}` (the redacted message, the error class name, the
   *   provider's code or null), and the body then ends normally.
   * - `'text'`: the first choice's text deltas as UTF-8; a failure mid-way errors the body.
   *
   * Cancelling it (the client went away) aborts the request; `finalResponse()` then rejects
   * with `APIUserAbortError`.
   *
   * @example
   * ```ts
   * // A Cloudflare Worker (Deno, Bun and edge routes take the same Response):
   * import { createClient, stream } from 'llmux/lite';
   * import { openai } from 'llmux/openai';
   * export default {
   *   async fetch(request: Request, env: { OPENAI_API_KEY: string }): Promise<Response> {
   *     const client = createClient({ providers: { openai: openai({ apiKey: env.OPENAI_API_KEY }) } });
   *     const { prompt } = await request.json();
   *     const llm = stream(client, { model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: prompt }] });
   *     return new Response(llm.toReadableStream(), { headers: { 'content-type': 'text/event-stream' } });
   *   },
   * };
   * ```
   */
  toReadableStream(format: ReadableStreamFormat = 'sse'): ReadableStream<Uint8Array> {
    return encodeReadableStream(this, format, (reason) => this.#abort(reason));
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
    if (this.#final === undefined) {
      const outcome = this.#outcome;
      this.#final =
        outcome === true
          ? Promise.resolve(this.#finalValue())
          : outcome !== undefined
            ? Promise.reject(outcome.error)
            : new Promise<ModelResponse>((resolve, reject) => {
                this.#resolve = resolve;
                this.#reject = reject;
              });
      // The failure is also thrown to the iterating caller; an unread final promise must not crash the process.
      this.#final.catch(() => undefined);
    }
    return this.#final;
  }

  /** The response a completed stream adds up to, with what llmux changed about the request. */
  #finalValue(): ModelResponse {
    if (this.#response === undefined) {
      // A stream over the one that served (the Router's) takes that stream's response as it is.
      const served = this.#source.servedBy?.();
      if (served !== undefined && served.#outcome === true) return (this.#response = served.#finalValue());
      const response = this.#fold()!.result();
      const warnings = this.#source.warnings?.();
      if (warnings !== undefined && warnings.length > 0) response.warnings = [...warnings, ...(response.warnings ?? [])];
      this.#response = response;
    }
    return this.#response;
  }

  /** Ends the stream with `error`, for `finalResponse()`. */
  #settleFailed(error: LlmuxError): void {
    if (this.#outcome !== undefined) return;
    this.#outcome = { error };
    this.#reject?.(error);
  }

  /** Stops the stream and frees its connection; iteration and `finalResponse()` reject with `APIUserAbortError`. */
  abort(reason?: unknown): void {
    this.#abort(reason);
  }

  /** Every abort goes through here, so `#aborted` always says what the signal says. */
  #abort(reason?: unknown): void {
    this.#aborted = true;
    abortOwned(this.#controller, reason);
    try {
      this.#source.onAbort?.(reason);
    } catch {
      // Released by #fail or #stop anyway.
    }
  }

  /** What llmux changed about the request to fit the model, once the request is sent (see `ModelResponse.warnings`). */
  get warnings(): LlmuxWarning[] | undefined {
    return this.#source.warnings?.();
  }

  /** The signal that aborts this stream's requests. */
  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  // The wait for the source goes on in a callback, not in a suspended async frame: a stream
  // waiting for the network (a thousand of them in a burst) holds less.
  #next(): Promise<IteratorResult<ChatCompletionChunk>> {
    const failure = this.#failure;
    this.#failure = undefined;
    if (failure !== undefined) return Promise.reject(failure);
    if (this.#finished) return Promise.resolve({ value: undefined, done: true });
    const signal = this.#controller.signal;
    // Once aborted, nothing more is handed out, even chunks already read.
    if (signal.aborted) return Promise.reject(this.#fail(signal.reason));
    const iterator = this.#iterator;
    let pending: Promise<IteratorResult<ChatCompletionChunk>>;
    try {
      // The first read opens the source (with retries) and takes its chunk itself.
      pending = iterator === undefined ? this.#first(signal) : iterator.next();
    } catch (error) {
      pending = Promise.reject(error);
    }
    return pending.then(
      (result) => this.#received(result, iterator !== undefined),
      (error: unknown) => this.#failed(error),
    );
  }

  /** A read of the source came back: its chunk is taken (unless `#first` took it) and handed out, or the stream ends. */
  #received(result: IteratorResult<ChatCompletionChunk>, take: boolean): IteratorResult<ChatCompletionChunk> {
    if (result.done === true) {
      this.#finished = true;
      this.#detach();
      this.#outcome = true;
      // Assembled only for whoever asks: `finalResponse()` or a callback.
      if (this.#resolve !== undefined) this.#resolve(this.#finalValue());
      const observer = this.#source.observer;
      if (observer !== undefined) observer.end('completed', this.#finalValue());
      return result;
    }
    if (take) {
      try {
        this.#takeOrRelease(result.value);
      } catch (error) {
        return this.#failed(error);
      }
    }
    this.#source.observer?.chunk?.(result.value);
    return result;
  }

  /** A read of the source failed (or its chunk could not be taken): the stream fails with it. */
  #failed(error: unknown): never {
    this.#iterator = undefined;
    throw this.#fail(error);
  }

  /**
   * Opens the source and reads its first chunk (or its end), retrying a failed attempt: no
   * chunk has reached the caller yet, so nothing can be delivered twice. A failure that is not
   * retried is thrown.
   */
  #first(signal: AbortSignal): Promise<IteratorResult<ChatCompletionChunk>> {
    const source = this.#source;
    return runAttempts({
      signal,
      context: source,
      messagePrefix: 'Stream failed: ',
      abortMessage: 'The stream was aborted',
      // Not async: once the pricer and the accumulator have loaded and the source opens at once,
      // a stream waiting for its first chunk holds no async function's promise (see
      // bench/README.md, "Tenth pass"). `runAttempts` takes a throw here as the attempt's failure.
      run: (attempt) => {
        source.observer?.attempt(attempt);
        try {
          const opened = source.open(signal, attempt);
          const pricer = source.pricer;
          const create = this.#accumulator === undefined ? accumulatorFactory() : undefined;
          if (opened instanceof Promise || pricer instanceof Promise || (this.#accumulator === undefined && create === undefined))
            return this.#firstAfterWaits(opened, pricer);
          this.#price ??= pricer;
          if (create !== undefined) this.#accumulator = create(source.provider);
          return this.#takeFirst((this.#iterator = opened[Symbol.asyncIterator]()).next());
        } catch (error) {
          return this.#forget(error);
        }
      },
      onFailure: (error, attempt) => {
        const next = retryWhileRetryable(error, attempt, source.maxRetries);
        // A failure that ends the stream is reported once, by #fail.
        if (next !== STOP) source.observer?.failed(error, true);
        return next;
      },
      onRetry: source.onRetry,
    });
  }

  /** A first attempt that waits for its source, the pricer or the accumulator to load. */
  async #firstAfterWaits(
    opened: AsyncIterable<ChatCompletionChunk> | Promise<AsyncIterable<ChatCompletionChunk>>,
    pricer: LlmStreamSource['pricer'],
  ): Promise<IteratorResult<ChatCompletionChunk>> {
    try {
      const iterator = (this.#iterator = (await opened)[Symbol.asyncIterator]());
      this.#price ??= await pricer;
      this.#accumulator ??= (accumulatorFactory() ?? (await loadAccumulator()))(this.#source.provider);
      return this.#takeFirst(iterator.next());
    } catch (error) {
      return this.#forget(error);
    }
  }

  /**
   * The first chunk is taken in a callback, one reaction for both outcomes: a stream waiting for
   * it (a model thinking before its first token) holds no suspended frame here, and a chunk that
   * cannot be taken fails the attempt as a failed read does.
   */
  #takeFirst(read: Promise<IteratorResult<ChatCompletionChunk>>): Promise<IteratorResult<ChatCompletionChunk>> {
    return read.then(
      (result) => {
        try {
          if (result.done !== true) this.#takeOrRelease(result.value);
        } catch (error) {
          return this.#forget(error);
        }
        return result;
      },
      (error: unknown) => this.#forget(error),
    );
  }

  /** A failed attempt leaves no iterator behind (the next one opens its own); its failure is thrown. */
  #forget(error: unknown): never {
    this.#iterator = undefined;
    throw error;
  }

  /** #take, releasing the source when its chunk cannot be used (the source is still open). */
  #takeOrRelease(chunk: ChatCompletionChunk): void {
    try {
      this.#take(chunk);
    } catch (error) {
      this.#release();
      throw error;
    }
  }

  /**
   * Prices and folds in a chunk about to be handed out. Throws `InvalidResponseError` for a chunk
   * that cannot be folded (see `ChunkAccumulator.add`); such a chunk is never handed out.
   */
  #take(chunk: ChatCompletionChunk): void {
    // Only a usage object is priced; anything else is refused by the accumulator just after.
    const usage = (chunk as Partial<ChatCompletionChunk> | null)?.usage;
    if (typeof usage === 'object' && usage !== null && !Array.isArray(usage)) this.#priceChunk(chunk);
    if (this.#source.servedBy === undefined) this.#accumulator!.add(chunk);
  }

  /** Closes the source (its connection and timers) without waiting, whatever state it is in. */
  #release(): void {
    const iterator = this.#iterator;
    this.#iterator = undefined;
    try {
      void iterator?.return?.()?.catch(() => undefined);
    } catch {
      // A source that fails to close has nothing more to release.
    }
  }

  #priceChunk(chunk: ChatCompletionChunk): void {
    const cost = this.#price?.(chunk, this.#source.provider, this.#source.model);
    if (cost !== undefined) chunk.cost = cost;
  }

  /** The caller stopped iterating early: end the request and report what was received. */
  async #stop(): Promise<IteratorResult<ChatCompletionChunk>> {
    if (!this.#finished) {
      this.#finished = true;
      this.#detach();
      this.#abort();
      const iterator = this.#iterator;
      this.#iterator = undefined;
      await iterator?.return?.();
      const error = this.#toError(new APIUserAbortError('The stream was closed before it ended'));
      this.#settleFailed(error);
      this.#source.observer?.end('aborted', error.partialResponse, error);
    }
    return { value: undefined, done: true };
  }

  #fail(error: unknown): LlmuxError {
    this.#finished = true;
    this.#detach();
    // Release the source (its connection and timers) even when it did not fail itself.
    this.#release();
    const typed = this.#toError(error);
    this.#settleFailed(typed);
    const observer = this.#source.observer;
    if (observer !== undefined) {
      observer.failed(typed, false);
      observer.end(typed instanceof APIUserAbortError ? 'aborted' : 'error', typed.partialResponse, typed);
    }
    return typed;
  }

  #toError(error: unknown): LlmuxError {
    const context = { provider: this.#source.provider, model: this.#source.model };
    let typed: LlmuxError;
    const signal = this.#controller.signal;
    // A signal that timed out (AbortSignal.timeout()) gives an APITimeoutError, whatever the source threw.
    if (signal.aborted && !(error instanceof APIUserAbortError)) {
      typed = callerAbortError(signal.reason, context, 'The stream was aborted');
    } else {
      typed = toLlmuxError(error, context, 'Stream failed: ');
    }
    const accumulator = this.#fold();
    if (typed.partialResponse === undefined && accumulator !== undefined && accumulator.count > 0)
      typed.partialResponse = accumulator.snapshot();
    return typed;
  }
}
