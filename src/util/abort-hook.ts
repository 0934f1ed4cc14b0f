/**
 * A direct line from a signal llmux owns (each stream's) to the one exchange waiting on it. On
 * Node 20, adding and then removing an `abort` listener costs an `AbortSignal` about 10 µs,
 * which a burst of a thousand streams pays a thousand times. A stream's signal has a slot
 * instead (in a weak map, so the signal object is not changed), which the stream calls when it
 * aborts. Any other signal (a caller's), or a second exchange on the same signal, is listened
 * to as usual, so the signal behaves as a standard one for everyone else (custom transports,
 * `fetch`, user code).
 */

/** The slot of each signal llmux owns: null while free, the waiting exchange while taken. */
const slots = new WeakMap<AbortSignal, AbortWaiter | null>();

/** What waits on a signal: told once, when it aborts (an event listener object, too). */
export interface AbortWaiter {
  handleEvent(): void;
}

/** A controller whose signal has a slot: aborted through `abortOwned`, never `abort()`. */
export function ownedController(): AbortController {
  const controller = new AbortController();
  slots.set(controller.signal, null);
  return controller;
}

/**
 * Aborts `controller` (see `ownedController`), then tells the waiter in its signal's slot, once:
 * the slot is freed first, so a second abort tells nobody.
 */
export function abortOwned(controller: AbortController, reason?: unknown): void {
  const { signal } = controller;
  const waiter = slots.get(signal);
  controller.abort(reason);
  if (waiter) {
    slots.set(signal, null);
    waiter.handleEvent();
  }
}

/** Waits for `signal`'s abort: in its slot when it has a free one, as an `abort` listener otherwise. */
export function waitForAbort(signal: AbortSignal, waiter: AbortWaiter): void {
  if (slots.get(signal) === null) slots.set(signal, waiter);
  else signal.addEventListener('abort', waiter);
}

/** Stops waiting (see `waitForAbort`). */
export function stopWaitingForAbort(signal: AbortSignal, waiter: AbortWaiter): void {
  if (slots.get(signal) === waiter) slots.set(signal, null);
  else signal.removeEventListener('abort', waiter);
}
