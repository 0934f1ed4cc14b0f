import type { IncomingHttpHeaders } from 'node:http';
import type { MockResponse } from './mock-response.js';
import type { MockApi } from './mock-server-types.js';
import type { ParsedBody } from './parse-json-body.js';

/** Everything the server needs to know about one API dialect, so its request loop stays API-agnostic. */
export interface ApiHandler {
  api: MockApi;
  /** Response header that carries the request id in this API. */
  requestIdHeader: string;
  /** The API key as this API's clients send it. */
  readApiKey(headers: IncomingHttpHeaders): string | undefined;
  /** The 401 for a missing or wrong key. */
  authFailure(provided: string | undefined): MockResponse;
  /** An error response with this API's body shape and the status's usual type. */
  errorResponse(status: number, message?: string): MockResponse;
  /** Whether the body asks for a stream, decided before validation so stream faults can match. */
  wantsStream(body: ParsedBody): boolean;
  /** Validates the request and builds the reply; `n` is the server's request counter. */
  respond(body: ParsedBody, n: number): MockResponse;
}
