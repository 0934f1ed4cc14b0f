/** One server-sent event; `event` is the optional `event:` line Anthropic streams carry. */
export interface SseEvent {
  event?: string;
  data: string;
}

/**
 * What an API handler decides to send, kept apart from the writing so faults and chunk delays
 * are applied in one place for both APIs.
 */
export type MockResponse =
  | { kind: 'json'; status: number; body: unknown }
  | {
      kind: 'sse';
      events: SseEvent[];
      /** What `malformedAfterChunks` sends: an event this API's clients would try to parse. */
      malformedEvent: SseEvent;
    };

/** Serialises one event in the `text/event-stream` format. */
export function formatSseEvent(event: SseEvent): string {
  return `${event.event === undefined ? '' : `event: ${event.event}\n`}data: ${event.data}\n\n`;
}
