/**
 * `streamObject()`: the object as it streams in, as partial objects, then validated. Partial
 * objects come from the incremental parser over the message text (or the tool call's arguments).
 */
import type { CallOptions } from '../client.js';
import { APIUserAbortError } from '../base/errors.js';
import { callerAbortError } from '../util/caller-abort-error.js';
import type { LlmStream } from '../stream/llm-stream.js';
import type { ChatCompletionChunk, ModelResponse } from '../base/types.js';
import { type ObjectSession, startObjectSession } from './object-session.js';
import { createPartialJsonParser } from './partial-json-parser.js';
import { WRAPPER_KEY } from './prepare-json-schema.js';
import type { DeepPartial, InferObject, ObjectRequest, ObjectResult, ObjectSchema } from './structured-types.js';

/**
 * Streams an object matching `schema`: iterate it for partial objects (frozen; unchanged parts
 * are shared between them), then `finalObject()` for the validated object. After a re-ask the
 * partial objects start again from the new answer. It fails as `completeObject()` does: a
 * failed request's error (an abort's too) carries what the earlier attempts spent as
 * `error.structured`.
 *
 * @example
 * ```ts
 * const s = streamObject({ model: 'openai/gpt-4o-mini', messages, schema });
 * for await (const partial of s) render(partial);
 * const object = await s.finalObject();
 * ```
 */
export function streamObject<S extends ObjectSchema>(request: ObjectRequest<S>, options?: CallOptions): ObjectStream<InferObject<S>> {
  return new ObjectStream<InferObject<S>>(request as ObjectRequest, options);
}

export class ObjectStream<T> implements AsyncIterable<DeepPartial<T>> {
  readonly #request: ObjectRequest;
  readonly #options: CallOptions | undefined;
  readonly #result: Promise<ObjectResult<T>>;
  #resolve!: (result: ObjectResult<T>) => void;
  #reject!: (error: unknown) => void;
  #started = false;
  #settled = false;
  #current: LlmStream | undefined;
  #abortReason: { reason: unknown } | undefined;

  constructor(request: ObjectRequest, options: CallOptions | undefined) {
    this.#request = request;
    this.#options = options;
    this.#result = new Promise<ObjectResult<T>>((resolve, reject) => {
      this.#resolve = resolve;
      this.#reject = reject;
    });
    // The failure also reaches the iterating caller; an unread result must not crash the process.
    this.#result.catch(() => undefined);
  }

  /** Partial objects, each one a step further; a stream can be iterated once. */
  [Symbol.asyncIterator](): AsyncIterator<DeepPartial<T>> {
    if (this.#started) throw new Error('This object stream has already been consumed; call streamObject() again');
    this.#started = true;
    return this.#run();
  }

  /** The validated object. Reads the stream to its end if nobody is iterating it. */
  async finalObject(): Promise<T> {
    return (await this.result()).object;
  }

  /** The validated object with the mode that served, every attempt, and the summed usage and cost. */
  result(): Promise<ObjectResult<T>> {
    if (!this.#started) {
      void (async () => {
        for await (const _ of this);
      })().catch(() => undefined);
    }
    return this.#result;
  }

  /** Stops the stream; iteration and `finalObject()` reject with `APIUserAbortError`. */
  abort(reason?: unknown): void {
    this.#abortReason = { reason };
    this.#current?.abort(reason);
  }

  async *#run(): AsyncGenerator<DeepPartial<T>, void, undefined> {
    let session: ObjectSession | undefined;
    try {
      session = await startObjectSession(this.#request);
      for (;;) {
        this.#throwIfAborted();
        const stream = session.target.stream(session.request(), this.#options);
        this.#current = stream;
        const attempt = yield* this.#attempt(session, stream);
        if (attempt === 'rejected') continue;
        const result = await session.answered(attempt);
        if (result !== undefined) {
          this.#settle(() => this.#resolve(result as ObjectResult<T>));
          return;
        }
      }
    } catch (error) {
      const failure = session === undefined ? error : session.failed(error);
      this.#settle(() => this.#reject(failure));
      throw failure;
    } finally {
      if (!this.#settled) {
        // The caller stopped iterating early.
        this.#current?.abort();
        const closed = new APIUserAbortError('The object stream was closed before it ended');
        this.#settle(() => this.#reject(session === undefined ? closed : session.failed(closed)));
      }
    }
  }

  /** One streamed answer: yields its partial objects, returns the response (or 'rejected' when the session sends again). */
  async *#attempt(session: ObjectSession, stream: LlmStream): AsyncGenerator<DeepPartial<T>, ModelResponse | 'rejected', undefined> {
    const tools = session.mode === 'tools';
    // `{` prefilled by `json` mode on Anthropic: the answer continues it, so it goes back in front.
    const prefill = session.prefill;
    const parser = createPartialJsonParser();
    let started = false;
    let received = false;
    try {
      for await (const chunk of stream) {
        received = true;
        let piece = pieceOf(chunk, tools);
        if (!piece) continue;
        if (!started && prefill !== '') {
          piece = prefill + piece;
          started = true;
        } else if (!started) {
          // Text modes may open with prose or a code fence: the value starts at its first bracket.
          const at = tools ? 0 : piece.search(/[[{]/);
          if (at === -1) continue;
          piece = piece.slice(at);
          started = true;
        }
        if (parser.feed(piece)) {
          const snapshot = parser.snapshot();
          const partial = session.wrapped ? (snapshot as Record<string, unknown> | undefined)?.[WRAPPER_KEY] : snapshot;
          if (partial !== undefined) yield partial as DeepPartial<T>;
        }
      }
      return await stream.finalResponse();
    } catch (error) {
      if (!received && this.#abortReason === undefined && session.rejected(error)) return 'rejected';
      throw error;
    }
  }

  #throwIfAborted(): void {
    if (this.#abortReason !== undefined) throw callerAbortError(this.#abortReason.reason, {}, 'The object stream was aborted');
  }

  #settle(settle: () => void): void {
    if (this.#settled) return;
    this.#settled = true;
    settle();
  }
}

function pieceOf(chunk: ChatCompletionChunk, tools: boolean): string | undefined {
  const delta = chunk.choices[0]?.delta;
  if (delta === undefined) return undefined;
  if (!tools) return delta.content ?? undefined;
  // The forced call is the first one; a model adding others is ignored here and judged at the end.
  return delta.tool_calls?.find((call) => call.index === 0)?.function?.arguments;
}
