/** Which wire protocol a request speaks. */
export type MockApi = 'openai' | 'anthropic';

/**
 * One misbehaviour for the mock server to act out, so client code can be tested against the
 * failures real providers and proxies produce.
 *
 * Faults apply before authentication and validation, the way a proxy or an overloaded front end
 * fails before the API proper sees the request. A fault whose only effects are streaming ones
 * (`resetAfterChunks`, `stallAfterChunks`, `malformedAfterChunks`, `endAfterChunks`) waits in the queue for a
 * streaming request instead of being spent on a non-streaming one.
 */
export interface FaultSpec {
  /** Respond with this status and the API's own error body (OpenAI or Anthropic shape). */
  status?: number | undefined;
  /** Seconds, sent as the `retry-after` header. */
  retryAfter?: number | undefined;
  /** Milliseconds, sent as the `retry-after-ms` header. */
  retryAfterMs?: number | undefined;
  /** Raw response body instead of the API error body, e.g. an HTML 502 page. Status defaults to 200. */
  body?: string | undefined;
  /** Content type of `body`; defaults to `text/plain; charset=utf-8`. */
  contentType?: string | undefined;
  /** Destroy the connection without sending anything. */
  resetBeforeHeaders?: boolean | undefined;
  /** Streaming: send this many SSE events, then drop the connection. */
  resetAfterChunks?: number | undefined;
  /** Streaming: send this many SSE events, then go silent with the connection held open. */
  stallAfterChunks?: number | undefined;
  /** Wait this long before sending the status line and headers. */
  delayFirstByteMs?: number | undefined;
  /** Streaming: after this many SSE events send one event whose data is not JSON, then carry on. */
  malformedAfterChunks?: number | undefined;
  /**
   * Streaming: send this many SSE events, then end the response cleanly, without the stream's
   * terminal event (`[DONE]`, `message_stop`): a truncated stream, as a proxy that gives up
   * mid-way but closes politely produces.
   */
  endAfterChunks?: number | undefined;
  /** How many matching requests this fault applies to; default 1. Ignored for header faults. */
  times?: number | undefined;
  /** Only match requests of this API; default any. */
  api?: MockApi | undefined;
}

/** A request as the mock server received it, for assertions in tests. */
export interface RecordedRequest {
  method: string;
  /** Path and query string as sent. */
  path: string;
  /** The API the path belongs to, or undefined for an unknown path. */
  api: MockApi | undefined;
  /** Lower-case names; credentials (authorization, x-api-key, ...) replaced by `[redacted]`. */
  headers: Record<string, string>;
  /** The parsed JSON body; the raw text when it is not JSON; undefined when empty. */
  body: unknown;
}

/** What a {@link MockServerOptions.faultPlan} is told about the request it decides for. */
export interface FaultPlanRequest {
  /** 0 for the server's first API request, counting up (the order requests arrived in). */
  index: number;
  api: MockApi;
  stream: boolean;
}

/** Options for {@link startMockServer}. */
export interface MockServerOptions {
  /** Default 0: the operating system picks a free port. */
  port?: number | undefined;
  /** Default `127.0.0.1`. */
  host?: string | undefined;
  /**
   * When set, requests must carry this key (OpenAI: `Authorization: Bearer`, Anthropic:
   * `x-api-key`) or receive a 401 in that API's error shape.
   */
  apiKey?: string | undefined;
  /** Delay between SSE events; default 0. */
  chunkDelayMs?: number | undefined;
  /** Faults queued from the start. */
  faults?: readonly FaultSpec[] | undefined;
  /**
   * Decides a fault for each API request that neither an `x-mock-fault` header nor the queue
   * gave one: "this fault for this request" at any concurrency, e.g. faults at set rates from a
   * seeded generator. Return undefined for a normal answer. A stream-only fault returned for a
   * non-streaming request is not acted out; an invalid one answers 500.
   */
  faultPlan?: ((request: FaultPlanRequest) => FaultSpec | undefined) | undefined;
  /** Request bodies larger than this many bytes are answered 413 without being kept (default 32 MiB). */
  maxBodyBytes?: number | undefined;
  /** How many requests {@link MockServer.requests} keeps, the newest (default 1000). */
  maxRecordedRequests?: number | undefined;
  /** Log one line per API request to stderr (default false: a server inside a test suite stays silent). */
  log?: boolean | undefined;
}

/** A running mock server. */
export interface MockServer {
  /** `http://HOST:PORT` */
  readonly url: string;
  readonly port: number;
  /** Base URL for OpenAI-style clients: `url + '/v1'`. */
  readonly openaiBaseURL: string;
  /** Base URL for Anthropic-style clients, which append `/v1/messages` themselves. */
  readonly anthropicBaseURL: string;
  /** Queue faults; each is spent by the next matching request(s), in queue order. Throws a TypeError on an invalid spec. */
  injectFaults(faults: readonly FaultSpec[]): void;
  /** The latest requests to an API or unknown path (up to `maxRecordedRequests`, default 1000), oldest first (control endpoints are not recorded). */
  readonly requests: RecordedRequest[];
  /** Stop listening and destroy open connections, stalled streams included, so the process can exit. */
  close(): Promise<void>;
}
