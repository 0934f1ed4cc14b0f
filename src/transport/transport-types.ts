/**
 * The transport seam: one HTTP exchange, body streamed. Node uses `node:http(s)` with keep-alive;
 * other runtimes use `fetch`; tests and users may inject their own.
 */

/** Default cap of a body read whole and of one SSE line or event: 32 MiB. */
export const DEFAULT_MAX_RESPONSE_BYTES = 32 * 1024 * 1024;

export interface TransportRequest {
  url: string;
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  body?: string | undefined;
  signal?: AbortSignal | undefined;
  /** Longest silence allowed, in ms: before the response headers and between body chunks. */
  timeoutMs?: number | undefined;
  /**
   * Most bytes of a body read whole (`text()`), counted after decompression; a larger body fails
   * with `InvalidResponseError`. Default `DEFAULT_MAX_RESPONSE_BYTES`. A streamed `body` is not
   * capped in total (the SSE loop caps each line and event).
   */
  maxResponseBytes?: number | undefined;
  /** When the whole exchange must be over, body included, as a `Date.now()` time; then `APITimeoutError`. */
  deadlineAt?: number | undefined;
  /** Names the call in transport errors. */
  provider?: string | undefined;
  model?: string | undefined;
}

export interface TransportResponse {
  status: number;
  /** Lower-cased header names; repeated headers joined with ', '. */
  headers: Record<string, string>;
  /** The decoded (decompressed) body, streamed. Iterate once. */
  body: AsyncIterable<Uint8Array>;
  /** Reads the whole body as UTF-8 text. */
  text(): Promise<string>;
  /** Releases the connection without reading the rest of the body. */
  cancel(): void;
}

export interface Transport {
  request(request: TransportRequest): Promise<TransportResponse>;
  /** Closes pooled connections so the process can exit. */
  close?(): void;
}
