import type { createChunkAccumulator } from './accumulate-chunks.js';

/**
 * The chunk accumulator arrives with the first stream, not with `import "llmux"`: it comes with
 * the SSE loop's module (which an SSE stream loads anyway), asked for when a stream is made and
 * awaited (once per process) before its first chunk is taken.
 */
let createAccumulator: typeof createChunkAccumulator | undefined;
let accumulatorModule: Promise<typeof createChunkAccumulator> | undefined;
export const loadAccumulator = (): Promise<typeof createChunkAccumulator> =>
  (accumulatorModule ??= import('./stream-sse-chunks.js').then((m) => (createAccumulator = m.createChunkAccumulator)));

/** The accumulator's factory once loaded, so a stream made after the first takes it without an await. */
export function accumulatorFactory(): typeof createChunkAccumulator | undefined {
  return createAccumulator;
}
