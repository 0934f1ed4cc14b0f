import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ndjsonAsEventStream } from '../../src/adapter-kit/ndjson-as-event-stream.js';
import { type SSEEvent, createSSEDecoder } from '../../src/transport/sse.js';
import type { TransportResponse } from '../../src/transport/transport-types.js';

function response(pieces: readonly Uint8Array[], log: string[]): TransportResponse {
  return {
    status: 200,
    headers: { 'content-type': 'application/x-ndjson' },
    body: (async function* () {
      yield* pieces;
    })(),
    text: async () => '',
    cancel: () => void log.push('cancel'),
  };
}

async function events(
  pieces: readonly Uint8Array[],
): Promise<{ events: SSEEvent[]; unterminated: SSEEvent | undefined; type: string | undefined }> {
  const out: SSEEvent[] = [];
  const decoder = createSSEDecoder({ onEvent: (event) => out.push(event) });
  const rewritten = ndjsonAsEventStream(response(pieces, []));
  for await (const bytes of rewritten.body) decoder.push(bytes);
  return { events: out, unterminated: decoder.end(), type: rewritten.headers['content-type'] };
}

describe('ndjsonAsEventStream', () => {
  const text = '{"t":"Hé"}\n\n{"t":"☕ wörld"}\r\n{"t":"last"}';
  const bytes = new TextEncoder().encode(text);

  it('makes each line one data event, whatever the reads, a final line without its newline included', async () => {
    const expected = ['{"t":"Hé"}', '{"t":"☕ wörld"}', '{"t":"last"}'];
    for (let cut = 0; cut <= bytes.length; cut++) {
      for (const size of [1, 2, 3]) {
        const pieces: Uint8Array[] = [bytes.subarray(0, cut)];
        for (let at = cut; at < bytes.length; at += size) pieces.push(bytes.subarray(at, at + size));
        const got = await events(pieces);
        assert.deepEqual(
          got.events.map((e) => e.data),
          expected,
          `cut at ${cut}, then ${size}-byte reads`,
        );
        assert.equal(got.unterminated, undefined);
        assert.equal(got.type, 'text/event-stream');
      }
    }
  });

  it('hands cancel and text to the response it wraps', async () => {
    const log: string[] = [];
    const rewritten = ndjsonAsEventStream(response([bytes], log));
    rewritten.cancel();
    assert.deepEqual(log, ['cancel']);
    assert.equal(rewritten.status, 200);
  });
});
