/**
 * An NDJSON answer (one JSON value per line) as the event stream llmux's SSE loop reads: each
 * line becomes one `data:` event, so an NDJSON provider streams through the same loop, with the
 * same caps, terminator handling and release of the body, as every SSE provider.
 */
import type { TransportResponse } from '../transport/transport-types.js';

const LF = 0x0a;
const DATA = new TextEncoder().encode('data: ');
const EVENT_END = new TextEncoder().encode('\n\n');

/**
 * The response with its body rewritten line by line to `data: <line>\n\n` and its content type
 * `text/event-stream`. Works on bytes (a JSON line holds no raw newline), so a multi-byte
 * character split between reads stays whole; a final line without its newline still counts.
 */
export function ndjsonAsEventStream(response: TransportResponse): TransportResponse {
  const source = response.body;
  return {
    status: response.status,
    headers: { ...response.headers, 'content-type': 'text/event-stream' },
    body: { [Symbol.asyncIterator]: () => rewrite(source)[Symbol.asyncIterator]() },
    text: () => response.text(),
    cancel: () => response.cancel(),
  };
}

async function* rewrite(body: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  let atLineStart = true;
  for await (const bytes of body) {
    const parts: Uint8Array[] = [];
    let from = 0;
    for (let at = bytes.indexOf(LF); at !== -1; at = bytes.indexOf(LF, from)) {
      if (at > from) {
        if (atLineStart) parts.push(DATA);
        parts.push(bytes.subarray(from, at));
        atLineStart = false;
      }
      // A blank line stays blank (no event); a line's end ends its event.
      if (!atLineStart) parts.push(EVENT_END);
      atLineStart = true;
      from = at + 1;
    }
    if (from < bytes.length) {
      if (atLineStart) parts.push(DATA);
      parts.push(bytes.subarray(from));
      atLineStart = false;
    }
    if (parts.length > 0) yield concat(parts);
  }
  if (!atLineStart) yield EVENT_END;
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0]!;
  let size = 0;
  for (const part of parts) size += part.byteLength;
  const out = new Uint8Array(size);
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.byteLength;
  }
  return out;
}
