/**
 * Call ids for router calls. The router needs one per call (`routing.callId`, the ledger, the
 * callback events); a random UUID per call costs more than the rest of the router's own work.
 * So an id is a random prefix drawn once per process followed by a counter: unique in the
 * process, and unlikely to repeat across processes (the prefix holds 64 random bits).
 */

let prefix: string | undefined;
let counter = 0;

function randomPrefix(): string {
  const uuid = globalThis.crypto?.randomUUID?.();
  if (uuid !== undefined) return uuid.replace(/-/g, '').slice(0, 16);
  // No Web Crypto: the clock and Math.random still make a collision across processes unlikely.
  return `${Date.now().toString(16)}${Math.floor(Math.random() * 0x100000000).toString(16)}`;
}

/** A new call id: `call-<16 hex digits>-<counter in base 36>`. */
export function newRouterCallId(): string {
  prefix ??= `call-${randomPrefix()}-`;
  return prefix + (counter++).toString(36);
}
