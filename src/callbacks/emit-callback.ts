/**
 * Calls callbacks without letting them affect the call: not awaited, exceptions and rejections
 * swallowed. Several callback sets (client, router, call) receive the same event in that order.
 */
import type { CallbackName, LlmuxCallbacks } from './callback-types.js';

type EventOf<K extends CallbackName> = Parameters<NonNullable<LlmuxCallbacks[K]>>[0];

/** Whether any of `sets` listens for `name` (so events nobody wants are never built). */
export function listens(sets: readonly (LlmuxCallbacks | undefined)[], name: CallbackName): boolean {
  for (const set of sets) if (set?.[name] !== undefined) return true;
  return false;
}

export function emitCallback<K extends CallbackName>(sets: readonly (LlmuxCallbacks | undefined)[], name: K, event: EventOf<K>): void {
  for (const set of sets) {
    const handler = set?.[name] as ((e: EventOf<K>) => unknown) | undefined;
    if (handler === undefined) continue;
    try {
      const result = handler.call(set, event);
      if (result !== null && typeof result === 'object' && typeof (result as Promise<unknown>).then === 'function') {
        (result as Promise<unknown>).then(undefined, () => undefined);
      }
    } catch {
      // A callback must never break the call.
    }
  }
}
