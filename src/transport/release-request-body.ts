/**
 * What an exchange keeps of its request once the response has come: the request without a long
 * body. The body is sent by then, and a redirect re-sends it from its own copy of the request,
 * so a stream that runs for minutes need not hold its prompt (an agent sends tens of kilobytes
 * of context per call, and a thousand of them may stream at once). A short body is kept: the
 * copy would cost more than it. Used by the node transport, where many streams run at once. The
 * `fetch` transport keeps its request as it was: Node's `fetch` holds the body itself while the
 * response streams (measured: dropping llmux's reference freed nothing), and the copy would take
 * `llmux/lite` over its size budget.
 */
import type { TransportRequest } from './transport-types.js';

/** Longest request body an exchange keeps once the response has come. */
const KEPT_BODY_CHARS = 8192;

// A spread that only overrides a field the request has: one hidden class for every copy (see copyWith).
export const withoutLongBody = (request: TransportRequest): TransportRequest =>
  (request.body?.length ?? 0) > KEPT_BODY_CHARS ? { ...request, body: undefined } : request;
