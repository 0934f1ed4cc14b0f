// The origin the SSE loop names and redacts with is always the call's own: a source that
// already carries it is handed over as it is (no copy per stream), any other gets a copy.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AdapterContext } from '../../src/providers/adapter-types.js';
import { sseOrigin, streamThroughSSE } from '../../src/providers/require-sse.js';
import type { ChatCompletionChunk } from '../../src/base/types.js';
import type { SSEChunkSource } from '../../src/stream/stream-sse-chunks.js';

/** The source the SSE loop is handed, for a context whose loop only records it. */
let handed: SSEChunkSource | undefined;
const context = {
  provider: 'custom',
  model: 'm',
  secrets: ['sk-call-key-0123456789'],
  streamSSE: (sent: SSEChunkSource) => {
    handed = sent;
    return [][Symbol.iterator]() as unknown as AsyncIterableIterator<ChatCompletionChunk>;
  },
} as unknown as AdapterContext;
const handedFor = (given: SSEChunkSource): SSEChunkSource => {
  streamThroughSSE(context, given);
  return handed!;
};
const source = (origin?: SSEChunkSource['origin']): SSEChunkSource => ({
  open: () => Promise.reject(new Error('not opened')),
  map: () => true,
  complete: () => true,
  truncated: () => new Error('truncated') as never,
  ...(origin === undefined ? {} : { origin }),
});

describe("streamThroughSSE hands the loop a source with the call's origin", () => {
  it("passes a source that carries the call's origin as it is", () => {
    const own = source(sseOrigin(context));
    assert.equal(handedFor(own), own);
  });

  it("gives a source without an origin a copy with the call's", () => {
    const bare = source();
    const sent = handedFor(bare);
    assert.notEqual(sent, bare);
    assert.deepEqual(sent.origin, { provider: 'custom', model: 'm', secrets: ['sk-call-key-0123456789'] });
    assert.equal(bare.origin, undefined, 'the adapter’s own object is not changed');
    assert.equal(sent.map, bare.map);
  });

  it("replaces an origin of the adapter's own making: the keys redacted are the call's", () => {
    const foreign = source({ provider: 'custom', model: 'm', secrets: [] });
    const sent = handedFor(foreign);
    assert.deepEqual(sent.origin?.secrets, ['sk-call-key-0123456789']);
  });
});
