/**
 * Keeps the first `maxBytes` of a child's output stream and counts the rest without holding it,
 * so a child that prints without end cannot grow the parent's memory.
 */
export interface BoundedCapture {
  /** Takes one chunk: the part within the cap is kept, the rest only counted. */
  push(chunk: Buffer): void;
  /** What was kept, as UTF-8 (a character cut at the cap becomes U+FFFD). */
  text(): string;
  /** Bytes that arrived after the cap was reached. */
  readonly droppedBytes: number;
}

export function createBoundedCapture(maxBytes: number): BoundedCapture {
  const kept: Buffer[] = [];
  let keptBytes = 0;
  let dropped = 0;
  return {
    push(chunk) {
      const room = maxBytes - keptBytes;
      if (room >= chunk.length) {
        kept.push(chunk);
        keptBytes += chunk.length;
        return;
      }
      if (room > 0) {
        kept.push(chunk.subarray(0, room));
        keptBytes += room;
      }
      dropped += chunk.length - Math.max(room, 0);
    },
    text: () => Buffer.concat(kept, keptBytes).toString('utf8'),
    get droppedBytes() {
      return dropped;
    },
  };
}
