/**
 * A stream's observer while its callback reporter's code loads (the full client loads it with
 * the first client or call that has callbacks, so `import "llmux"` carries none of it).
 */
import type { LlmuxError } from '../base/errors.js';
import type { LlmStreamSource } from '../stream/llm-stream-source.js';
import type { CallReporter, StreamObserver } from './call-reporter.js';

/**
 * Sets `source.observer` to one that keeps what the stream tells it, in order, until `reporter`
 * has loaded; the reporter's own observer then takes its place and is told what was kept.
 * Returns what the stream's request must wait for (everything told so far passed on), so that
 * the attempt is reported before its request goes out. No chunk can arrive before that request,
 * so chunks are never kept.
 */
export function deferObserver(source: LlmStreamSource, reporter: Promise<CallReporter>): () => Promise<unknown> {
  let told!: Promise<StreamObserver>;
  // A reporter that fails to load fails the stream's request (which awaits `told`); a stream
  // nobody reads must not turn that into an unhandled rejection.
  const chain = (next: Promise<StreamObserver>): void => {
    told = next;
    next.catch(() => undefined);
  };
  chain(reporter.then((r) => (source.observer = r.streamObserver())));
  const later =
    <A extends unknown[]>(tell: (observer: StreamObserver, ...args: A) => void) =>
    (...args: A): void =>
      chain(told.then((observer) => (tell(observer, ...args), observer)));
  source.observer = {
    attempt: later((o, attempt: number) => o.attempt(attempt)),
    chunk: undefined,
    failed: later((o, error: LlmuxError, willRetry: boolean) => o.failed(error, willRetry)),
    end: later((o, ...args: Parameters<StreamObserver['end']>) => o.end(...args)),
  };
  return () => told;
}
