/**
 * A transport that passes every exchange through and keeps a copy: the request as sent and the
 * response status, headers and body bytes as received, however the adapter reads them.
 */
import type { Transport, TransportRequest } from '../transport/transport-types.js';

export interface RecordedExchange {
  request: TransportRequest;
  status: number;
  headers: Record<string, string>;
  /** The body bytes read so far (all of them once the adapter has finished). */
  body: Buffer[];
}

export function recordingTransport(inner: Transport): { transport: Transport; exchanges: RecordedExchange[] } {
  const exchanges: RecordedExchange[] = [];
  const transport: Transport = {
    async request(request) {
      const response = await inner.request(request);
      const exchange: RecordedExchange = { request, status: response.status, headers: response.headers, body: [] };
      exchanges.push(exchange);
      const source = response.body;
      const body: AsyncIterable<Uint8Array> = {
        async *[Symbol.asyncIterator]() {
          for await (const piece of source) {
            exchange.body.push(Buffer.from(piece));
            yield piece;
          }
        },
      };
      return {
        ...response,
        body,
        async text() {
          const text = await response.text();
          exchange.body.push(Buffer.from(text, 'utf8'));
          return text;
        },
      };
    },
  };
  return { transport, exchanges };
}
