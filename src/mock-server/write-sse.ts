import { sleep, waitUntilAborted } from './abortable-wait.js';
import { formatSseEvent } from './mock-response.js';
import type { ServerResponse } from 'node:http';
import type { SseEvent } from './mock-response.js';
import type { FaultSpec } from './mock-server-types.js';

export interface WriteSseOptions {
  events: readonly SseEvent[];
  malformedEvent: SseEvent;
  chunkDelayMs: number;
  fault: FaultSpec | undefined;
  /** Aborts when the client disconnects or the server closes. */
  signal: AbortSignal;
}

/**
 * Writes the events of a stream whose headers are already sent, pausing between events and
 * acting out the fault's streaming effects: a broken event, a dropped connection, a stall, a
 * clean end before the terminal event.
 */
export async function writeSse(response: ServerResponse, options: WriteSseOptions): Promise<void> {
  const { events, chunkDelayMs, fault, signal } = options;
  let flushed: Promise<void> = Promise.resolve();
  const write = (event: SseEvent): void => {
    flushed = new Promise((resolve) => response.write(formatSseEvent(event), () => resolve()));
  };

  for (let sent = 0; ; sent += 1) {
    if (sent === fault?.malformedAfterChunks) write(options.malformedEvent);
    if (sent === fault?.resetAfterChunks) {
      // Let the events reach the kernel first, or the client might never see them.
      await flushed;
      response.socket?.destroy();
      return;
    }
    if (sent === fault?.endAfterChunks) break;
    if (sent === fault?.stallAfterChunks) {
      await waitUntilAborted(signal);
      return;
    }
    const event = events[sent];
    if (event === undefined) break;
    if (sent > 0 && !(await sleep(chunkDelayMs, signal))) return;
    if (signal.aborted) return;
    write(event);
  }
  response.end();
}
