import { isStreamOnlyFault } from './validate-fault.js';
import type { FaultSpec, MockApi } from './mock-server-types.js';

/** The pending faults of one server, spent in order by the requests they match. */
export interface FaultQueue {
  push(faults: readonly FaultSpec[]): void;
  /** Removes one use of the first fault matching this request and returns it. */
  take(api: MockApi, stream: boolean): FaultSpec | undefined;
  /** The pending faults with their remaining `times`. */
  list(): FaultSpec[];
}

/** True when the fault may act on a request of this API and streaming mode. */
export function faultMatches(fault: FaultSpec, api: MockApi, stream: boolean): boolean {
  if (fault.api !== undefined && fault.api !== api) return false;
  return stream || !isStreamOnlyFault(fault);
}

export function createFaultQueue(initial: readonly FaultSpec[] = []): FaultQueue {
  const entries: { fault: FaultSpec; remaining: number }[] = [];

  const push = (faults: readonly FaultSpec[]): void => {
    for (const fault of faults) entries.push({ fault, remaining: fault.times ?? 1 });
  };
  push(initial);

  return {
    push,
    take(api, stream) {
      const index = entries.findIndex((entry) => faultMatches(entry.fault, api, stream));
      const entry = entries[index];
      if (entry === undefined) return undefined;
      entry.remaining -= 1;
      if (entry.remaining === 0) entries.splice(index, 1);
      return entry.fault;
    },
    list: () => entries.map((entry) => ({ ...entry.fault, times: entry.remaining })),
  };
}
