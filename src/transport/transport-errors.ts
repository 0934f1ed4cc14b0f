/**
 * Turns low-level failures (socket errors, timeouts, aborts) into typed llmux errors.
 */
import { APIConnectionError, APITimeoutError, LlmuxError, isLlmuxError } from '../errors.js';
import { callerAbortError } from './caller-abort-error.js';
import type { TransportRequest } from './transport-types.js';

/** Maps a thrown value from a transport into a typed error, keeping llmux errors as they are. */
export function toTransportError(error: unknown, request: Pick<TransportRequest, 'provider' | 'model' | 'signal' | 'url'>): LlmuxError {
  if (isLlmuxError(error)) return error;
  const context = { provider: request.provider, model: request.model, cause: error };
  if (request.signal?.aborted) return callerAbortError(request.signal.reason, context);
  const code = (error as { code?: unknown } | null)?.code;
  const detail = error instanceof Error ? error.message : String(error);
  const where = safeOrigin(request.url);
  const message = `Connection to ${where} failed${typeof code === 'string' ? ` (${code})` : ''}: ${detail}`;
  return new APIConnectionError(message, { ...context, retryable: true, code: typeof code === 'string' ? code : undefined });
}

/**
 * The client's own idle timeout (`timeout` option) fired: no response headers, or no next
 * piece of the body, within `timeoutMs`.
 */
export function timeoutError(request: Pick<TransportRequest, 'provider' | 'model' | 'url' | 'timeoutMs'>, phase: 'response' | 'stream'): APITimeoutError {
  const what = phase === 'response' ? 'response' : 'stream data';
  return new APITimeoutError(`No ${what} from ${safeOrigin(request.url)} within ${request.timeoutMs} ms`, {
    provider: request.provider,
    model: request.model,
    retryable: true,
    code: 'ETIMEDOUT',
  });
}

/** Origin only: paths and query strings may carry keys (e.g. `?key=`) and never reach a message. */
export function safeOrigin(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return 'the provider';
  }
}
