/**
 * llmux/adapter-kit: the building blocks llmux's own adapters are made of, for adapters written
 * outside llmux (by hand, or drafted by `llmux adapter new`). An adapter built on them inherits
 * what the built-in ones do: bounded bodies and stream events, keys scrubbed from every error,
 * the caller's timeout, deadline and abort signal, typed errors for every HTTP status and
 * transport failure, and a stream that ends at its terminator or fails as truncated.
 * See docs/adapter-kit.md for a complete adapter.
 *
 * @example
 * ```ts
 * import { buildRequestHeaders, mapHttpError, parseJsonBody, postJson, streamEvents, truncated } from 'llmux/adapter-kit';
 * import type { ProviderAdapter } from 'llmux/adapter-kit';
 *
 * export const acme: ProviderAdapter = {
 *   specificationVersion: 'v1',
 *   provider: 'acme',
 *   stream(request, context) {
 *     let done = false;
 *     return streamEvents(context, {
 *       open: () => postJson(context, `${context.baseURL}/chat`, buildRequestHeaders(context, { 'content-type': 'application/json' }, { authorization: `Bearer ${context.apiKey}` }), { ...request, model: context.model, stream: true }, mapHttpError),
 *       map(event, out) {
 *         if (event.data === '[DONE]') return !(done = true);
 *         out.push(parseJsonBody(event.data, context));
 *         return true;
 *       },
 *       complete: () => done,
 *       truncated: () => truncated(context, undefined, '[DONE]'),
 *     });
 *   },
 * };
 * ```
 */

// The seam: what an adapter is and what it receives per call.
export type { AdapterContext, ProviderAdapter, ProviderCompat } from '../providers/adapter-types.js';
export type { Transport, TransportRequest, TransportResponse } from '../transport/transport-types.js';

// Sending: one JSON POST through the context's transport (caps, timeout, deadline, signal), the
// response's JSON read with a depth cap, and the typed errors for answers that are not right.
export { type ErrorMapper, malformed, parseJsonBody, postJson, truncated, unexpected } from '../providers/post-json.js';

// Headers: defaults, then auth from the key, then the caller's layers (a caller's `authorization`
// replaces the key's; `null` unsets), names lower-cased.
export { type CallerHeaders, type HeaderLayer, buildRequestHeaders, mergeCallerHeaders, mergeHeaderLayers } from '../util/merge-headers.js';

// Errors: an HTTP error answer as the right typed error (status, provider words for context
// window and content policy, Retry-After, request id, redacted message and body); a thrown
// transport failure as a typed connection or timeout error.
export {
  type ErrorCause,
  type HttpErrorInput,
  type ParsedErrorBody,
  classifyErrorCause,
  errorPayloadText,
  isRetryableStatus,
  mapHttpError,
  parseErrorBody,
} from '../util/map-http-error.js';
export { safeOrigin, toTransportError } from '../transport/transport-errors.js';
export { parseRetryAfter } from '../util/retry-timing.js';

// Redaction: the keys of the call (`context.secrets`), key-shaped tokens and URL credentials.
export { isSecretHeader, redactBounded, redactText, redactValue, truncate, type RedactLimits } from '../util/redact.js';

// Streams: the SSE decoder, the chunk loop every built-in streaming adapter uses, the check that
// an answer is an event stream at all, and NDJSON read through the same loop.
export {
  createSSEDecoder,
  createSSEParser,
  readSSE,
  type SSEEvent,
  type SSEParseError,
  type SSEParser,
  type SSEParserCallbacks,
  type SSEParserOptions,
} from '../transport/sse.js';
export { type SSEChunkOptions, type SSEChunkSource, streamSSEChunks } from '../stream/stream-sse-chunks.js';
export { requireEventStream, type StreamOrigin } from '../stream/require-event-stream.js';
export { streamEvents } from './stream-events.js';
export { ndjsonAsEventStream } from './ndjson-as-event-stream.js';
