/**
 * The `fetch` transport for runtimes without `node:http` (Bun, Deno, edge workers, browsers), or
 * when a caller injects their own `fetch`.
 */
import { APIConnectionError } from '../base/errors.js';
import { requestFollowingRedirects } from './redirects.js';
import { deadlineError, timeoutError, tooLargeError, toTransportError } from './transport-errors.js';
import { DEFAULT_MAX_RESPONSE_BYTES, type Transport, type TransportRequest, type TransportResponse } from './transport-types.js';

export type FetchFunction = (input: string, init: RequestInit) => Promise<Response>;

/** Creates a transport over `fetchFn` (default: `globalThis.fetch`). */
export function createFetchTransport(fetchFn: FetchFunction = (input, init) => globalThis.fetch(input, init)): Transport {
  return { request: (request) => requestFollowingRedirects((r) => sendOnce(fetchFn, r), request) };
}

async function sendOnce(fetchFn: FetchFunction, request: TransportRequest): Promise<TransportResponse> {
  const controller = new AbortController();
  const { signal } = request;
  if (signal?.aborted) throw toTransportError(signal.reason, request);
  // A retry that starts past the deadline is never sent: it could only be paid for and cut.
  if (request.deadlineAt !== undefined && Date.now() >= request.deadlineAt) throw deadlineError(request);
  const onAbort = (): void => controller.abort(signal?.reason);
  signal?.addEventListener('abort', onAbort, { once: true });
  let timedOut: 'response' | 'stream' | 'deadline' | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let deadlineTimer: ReturnType<typeof setTimeout> | undefined;
  if (request.deadlineAt !== undefined) {
    deadlineTimer = setTimeout(
      () => {
        timedOut = 'deadline';
        controller.abort();
      },
      Math.max(0, request.deadlineAt - Date.now()),
    );
  }
  const arm = (phase: 'response' | 'stream'): void => {
    if (request.timeoutMs === undefined || request.timeoutMs <= 0) return;
    clearTimeout(timer);
    timer = setTimeout(() => {
      timedOut ??= phase;
      controller.abort();
    }, request.timeoutMs);
  };
  const done = (): void => {
    clearTimeout(timer);
    clearTimeout(deadlineTimer);
    signal?.removeEventListener('abort', onAbort);
  };
  const fail = (error: unknown): never => {
    done();
    if (timedOut === 'deadline') throw deadlineError(request);
    if (timedOut !== undefined) throw timeoutError(request, timedOut);
    throw toTransportError(error, request);
  };

  arm('response');
  let response: Response;
  try {
    response = await fetchFn(request.url, {
      method: request.method,
      headers: request.headers,
      body: request.body ?? null,
      signal: controller.signal,
      redirect: 'manual',
    });
  } catch (error) {
    return fail(error);
  }
  if (response.type === 'opaqueredirect') {
    done();
    throw new APIConnectionError('The provider answered with a redirect this runtime hides; configure the final base URL', {
      provider: request.provider,
      model: request.model,
    });
  }
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    headers[name.toLowerCase()] = value;
  });

  async function* iterate(): AsyncGenerator<Uint8Array> {
    const reader = response.body?.getReader();
    if (reader === undefined) return done();
    try {
      for (;;) {
        arm('stream');
        const { done: finished, value } = await reader.read();
        // The idle timeout measures the provider's silence, not how long the caller takes per chunk.
        clearTimeout(timer);
        if (finished) break;
        yield value;
      }
    } catch (error) {
      fail(error);
    } finally {
      done();
      reader.cancel().catch(() => undefined);
    }
  }
  const body = iterate();
  return {
    status: response.status,
    headers,
    body,
    // Capped per read, after the runtime's decompression, so a bomb fails typed, not out of memory.
    text: async () => {
      const limit = request.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
      const decoder = new TextDecoder();
      let text = '';
      let size = 0;
      for await (const part of body) {
        size += part.byteLength;
        if (size > limit) {
          await body.return(undefined);
          throw tooLargeError(request, limit);
        }
        text += decoder.decode(part, { stream: true });
      }
      return text + decoder.decode();
    },
    cancel: () => {
      done();
      controller.abort();
    },
  };
}
