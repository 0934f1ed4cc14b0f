/**
 * OpenTelemetry spans from llmux callbacks: one CLIENT span per attempt (one HTTP request),
 * named and described by the GenAI semantic conventions.
 *
 * Lifecycle. `onRequest` starts the span at the event's timestamp, under whatever span is active
 * then. A non-streamed attempt ends at `onResponse` or `onError`. A streamed attempt ends at
 * `onStreamEnd`, which carries what the stream assembled (partial usage, time to first chunk);
 * an error that is retried or falls back ends it at once, since no stream end follows it. A
 * retry or a fallback is a new attempt and so a new span.
 *
 * Retries and fallbacks. The failed attempt's span is already over when `onRetry`/`onFallback`
 * arrive, so they become `llmux.retry`/`llmux.fallback` span events on the next attempt's span,
 * which also links to the failed one. The failed span itself carries `error.type`, an ERROR
 * status and `llmux.will_retry`/`llmux.will_fallback`.
 *
 * Nothing leaks: open spans are kept by `callId:attempt` and removed when they end; a span that
 * is still open when a later attempt of its call starts is ended then; what waits for a next
 * attempt is bounded.
 */
// Types only: the peer is loaded at run time, and only when needed (see load-otel-api.ts).
import type { Link, Span, SpanContext, SpanKind, SpanStatusCode, Tracer, TracerProvider } from '@opentelemetry/api';
import type {
  CallEventBase,
  ErrorEvent,
  FallbackEvent,
  LlmuxCallbacks,
  RequestEvent,
  ResponseEvent,
  RetryEvent,
  StreamEndEvent,
} from '../callbacks/callback-types.js';
import {
  type GenAiAttributes,
  errorAttributes,
  errorType,
  fallbackEventAttributes,
  genAiSpanName,
  requestAttributes,
  responseAttributes,
  retryEventAttributes,
} from './genai-attributes.js';
import { redactBounded } from '../util/redact.js';
import { loadOtelApi } from './load-otel-api.js';

/** Options of {@link createOtelCallbacks}. */
export interface OtelCallbacksOptions {
  /** The tracer to start spans with. Default: `tracerProvider`'s (or the global provider's) `llmux` tracer. */
  tracer?: Tracer;
  /**
   * Where to get the `llmux` tracer when no `tracer` is given. Default: the global provider of
   * `@opentelemetry/api` (which then has to be installed).
   */
  tracerProvider?: TracerProvider;
  /**
   * Record the input messages, tool definitions and output messages on spans
   * (`gen_ai.input.messages`, `gen_ai.tool.definitions`, `gen_ai.output.messages`, as JSON).
   * Default false: prompts and replies can hold secrets and personal data.
   */
  captureContent?: boolean;
}

/** The instrumentation scope name of the spans. */
export const OTEL_TRACER_NAME = 'llmux';

// The values of the API's enums (fixed by the OpenTelemetry specification), so that a caller who
// brings a tracer needs no copy of @opentelemetry/api loaded by llmux.
const SPAN_KIND_CLIENT = 2 as SpanKind.CLIENT;
const STATUS_ERROR = 2 as SpanStatusCode.ERROR;

/** How many calls may wait, between a failed attempt and the next, to hand over retry/fallback events. */
const MAX_WAITING_CALLS = 1024;
/** A span status description is a summary; exporters and backends cut or reject long ones. */
const MAX_STATUS_CHARS = 1024;

interface Handover {
  previous: SpanContext | undefined;
  events: { name: string; attributes: GenAiAttributes }[];
}

/**
 * Callbacks that trace every attempt of every call they are given to, following the
 * OpenTelemetry GenAI semantic conventions. Give them to `createClient({ callbacks })`, a
 * router, or a single call's `callbacks`; one set can serve many clients.
 *
 * With neither `tracer` nor `tracerProvider`, the global tracer provider of
 * `@opentelemetry/api` is used, and that optional peer dependency must be installed: without it
 * this throws a ConfigurationError that says so.
 *
 * @example
 * ```ts
 * import { createClient } from 'llmux';
 * import { createOtelCallbacks } from 'llmux/otel';
 * const client = createClient({ callbacks: createOtelCallbacks() });
 * ```
 */
export function createOtelCallbacks(options: OtelCallbacksOptions = {}): LlmuxCallbacks {
  const tracerOf = tracerSource(options);
  const captureContent = options.captureContent === true;
  const open = new Map<string, Span>();
  const waiting = new Map<string, Handover>();

  const keyOf = (event: CallEventBase): string => `${event.callId}:${event.attempt}`;

  function end(event: CallEventBase): SpanContext | undefined {
    const key = keyOf(event);
    const span = open.get(key);
    if (span === undefined) return undefined;
    open.delete(key);
    span.end(event.timestamp);
    return span.spanContext();
  }

  function fail(span: Span, error: { name?: unknown; message?: unknown } | undefined, attributes: GenAiAttributes): void {
    span.setAttributes(attributes);
    // llmux errors are redacted already; a foreign error (or a future path that forgot) is not.
    const message = typeof error?.message === 'string' ? redactBounded(error.message, [], MAX_STATUS_CHARS) : errorType(error);
    span.setStatus({ code: STATUS_ERROR, message });
  }

  /** Ends the span once the events emitted with this one have been seen (a stream's end follows its last response or error). */
  function endSoon(event: CallEventBase): void {
    queueMicrotask(() => end(event));
  }

  function handover(callId: string): Handover {
    let entry = waiting.get(callId);
    if (entry === undefined) {
      entry = { previous: undefined, events: [] };
      waiting.set(callId, entry);
      if (waiting.size > MAX_WAITING_CALLS) waiting.delete(waiting.keys().next().value!);
    }
    return entry;
  }

  /** Ends spans of earlier attempts of the same call still open (their end event never came). */
  function endEarlierAttempts(event: RequestEvent): void {
    const prefix = `${event.callId}:`;
    for (const [key, span] of open) {
      if (key.startsWith(prefix) && Number(key.slice(prefix.length)) < event.attempt) {
        open.delete(key);
        span.end(event.timestamp);
      }
    }
  }

  return {
    onRequest(event: RequestEvent) {
      const key = keyOf(event);
      // The same callback set given to both a client and a call hears each event twice.
      if (open.has(key)) return;
      const tracer = tracerOf();
      // Only where the peer is still being imported (no synchronous require): this attempt goes untraced.
      if (tracer === undefined) return;
      endEarlierAttempts(event);
      const carried = waiting.get(event.callId);
      waiting.delete(event.callId);
      const links: Link[] =
        carried?.previous === undefined ? [] : [{ context: carried.previous, attributes: { 'llmux.link.type': 'previous_attempt' } }];
      const span = tracer.startSpan(genAiSpanName(event), {
        kind: SPAN_KIND_CLIENT,
        startTime: event.timestamp,
        attributes: requestAttributes(event, captureContent),
        links,
      });
      for (const carriedEvent of carried?.events ?? []) span.addEvent(carriedEvent.name, carriedEvent.attributes, event.timestamp);
      open.set(key, span);
    },

    onResponse(event: ResponseEvent) {
      const span = open.get(keyOf(event));
      if (span === undefined) return;
      span.setAttributes(responseAttributes(event, captureContent));
      if (event.stream) endSoon(event);
      else end(event);
    },

    onError(event: ErrorEvent) {
      const span = open.get(keyOf(event));
      if (span === undefined) return;
      fail(span, event.error, errorAttributes(event));
      if (event.willRetry || event.willFallback) {
        handover(event.callId).previous = end(event);
      } else if (event.stream) {
        endSoon(event);
      } else {
        end(event);
      }
    },

    onRetry(event: RetryEvent) {
      handover(event.callId).events.push({ name: 'llmux.retry', attributes: retryEventAttributes(event) });
    },

    onFallback(event: FallbackEvent) {
      const entry = handover(event.callId);
      entry.events.push({ name: 'llmux.fallback', attributes: fallbackEventAttributes(event) });
      // A fallback reported while the failed attempt is still open ends it here.
      const previous = end(event);
      if (previous !== undefined) entry.previous = previous;
    },

    onStreamEnd(event: StreamEndEvent) {
      const span = open.get(keyOf(event));
      if (span === undefined) return;
      span.setAttributes(responseAttributes(event, captureContent));
      if (event.outcome !== 'completed') {
        const error = event.error ?? {
          name: event.outcome === 'aborted' ? 'APIUserAbortError' : undefined,
          message: `stream ${event.outcome}`,
        };
        fail(span, error, { 'error.type': errorType(error) });
      }
      end(event);
    },
  };
}

/**
 * Where spans start: the given tracer, the given provider's `llmux` tracer, or the global
 * provider's (loading the peer now, so a missing one fails here rather than in a callback).
 */
function tracerSource(options: OtelCallbacksOptions): () => Tracer | undefined {
  if (options.tracer !== undefined) {
    const tracer = options.tracer;
    return () => tracer;
  }
  if (options.tracerProvider !== undefined) {
    const tracer = options.tracerProvider.getTracer(OTEL_TRACER_NAME);
    return () => tracer;
  }
  let tracer = loadOtelApi()?.trace.getTracerProvider().getTracer(OTEL_TRACER_NAME);
  if (tracer !== undefined) return () => tracer;
  return () => {
    if (tracer !== undefined) return tracer;
    try {
      tracer = loadOtelApi()?.trace.getTracerProvider().getTracer(OTEL_TRACER_NAME);
    } catch {
      // The peer failed to load after all: nothing to trace with, and a callback never throws.
    }
    return tracer;
  };
}
