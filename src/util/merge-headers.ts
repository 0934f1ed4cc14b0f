/**
 * The one header merge of llmux, used by the call loop and by every adapter. Pure.
 *
 * A request's headers are layers, later over earlier: the adapter's defaults (`content-type`,
 * `accept`, `anthropic-version`, attribution), the adapter's auth made from the API key, then
 * the caller's layers: client `headers`, the provider's `headers`, the call's `headers`, the
 * request's `extra_headers`. Names are lower-cased, so two spellings of one header can never
 * both be sent (`fetch` would join them into `Bearer gateway, Bearer sk-...`). A `null` value
 * unsets what an earlier layer set, auth and defaults included.
 *
 * Auth sits under the caller's layers on purpose: it is set once, by the adapter, and a
 * caller's own `authorization` (or `x-api-key`) replaces the key's instead of joining it.
 */

/** Headers as a caller gives them: a `null` value unsets the header an earlier layer set. */
export type HeaderLayer = Readonly<Record<string, string | null | undefined>>;

/** The caller's merged headers as an adapter receives them (see `AdapterContext`). */
export interface CallerHeaders {
  /** Lower-cased names, unset ones left out. */
  headers: Readonly<Record<string, string>>;
  /** Lower-cased names a caller unset with `null`: an adapter's defaults and auth for them are not sent. */
  unsetHeaders?: readonly string[] | undefined;
}

/**
 * Layers merged in order, later over earlier, names lower-cased; a `null` is kept (as a
 * pending unset, for a later merge to apply). `undefined` layers and values are skipped.
 */
export function mergeHeaderLayers(...layers: readonly (HeaderLayer | undefined)[]): Record<string, string | null> {
  const out: Record<string, string | null> = {};
  for (const layer of layers) {
    if (layer == null) continue;
    for (const name of Object.keys(layer)) {
      const value = layer[name];
      // A later layer replaces the value in place, so a name keeps its first position. A header
      // named `__proto__` stays a header, never the object's prototype: defined, not assigned
      // (only that one: defining every header cost more than the rest of the merge).
      if (value === undefined) continue;
      const key = name.toLowerCase();
      if (key !== '__proto__') out[key] = value;
      else Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
    }
  }
  return out;
}

/** The caller's layers (client, provider, call, request) as the call loop hands them to an adapter. */
export function mergeCallerHeaders(...layers: readonly (HeaderLayer | undefined)[]): CallerHeaders {
  const merged = mergeHeaderLayers(...layers);
  const unsetHeaders = Object.keys(merged).filter((name) => merged[name] === null);
  const headers = withoutUnset(merged);
  return unsetHeaders.length === 0 ? { headers } : { headers, unsetHeaders };
}

/**
 * The headers an adapter sends: its `defaults`, its `auth` (from the key; absent without one),
 * then the caller's merged headers and unsets, all lower-cased.
 */
export function buildRequestHeaders(caller: CallerHeaders, defaults: HeaderLayer, auth: HeaderLayer | undefined): Record<string, string> {
  const merged = mergeHeaderLayers(defaults, auth, caller.headers);
  // Deleted rather than set to null: an unset name is never assigned, so `__proto__` stays harmless.
  for (const name of caller.unsetHeaders ?? []) delete merged[name.toLowerCase()];
  return withoutUnset(merged);
}

/** The merged headers minus the unset ones, in place (the object is the merge's own). */
function withoutUnset(merged: Record<string, string | null>): Record<string, string> {
  for (const name of Object.keys(merged)) if (merged[name] === null) delete merged[name];
  return merged as Record<string, string>;
}
