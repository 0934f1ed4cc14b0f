/**
 * Loads `@opentelemetry/api`, the optional peer dependency of `llmux/otel`, only when it is
 * needed: for the global tracer provider, when the caller gives neither a tracer nor a provider.
 * `llmux/otel` never imports it statically, so importing the entry works without it, and a
 * missing peer is a ConfigurationError that names the package and the install command instead
 * of a bare module-not-found from the linker.
 *
 * On Node (and runtimes that offer `process.getBuiltinModule`) the peer is required
 * synchronously, so `createOtelCallbacks()` stays synchronous. Elsewhere it is imported once,
 * when this module loads; until that import settles the global provider is not known yet.
 */
import type * as OtelApi from '@opentelemetry/api';
import { ConfigurationError } from '../base/errors.js';

/** The part of `@opentelemetry/api` llmux/otel uses at run time. */
export type OtelTraceApi = Pick<typeof OtelApi, 'trace'>;

const PACKAGE = '@opentelemetry/api';

/** Said when the peer cannot be loaded. */
const MISSING_OTEL_API_MESSAGE =
  `llmux/otel needs the optional peer dependency ${PACKAGE} to find the global tracer provider: install it beside llmux (npm install ${PACKAGE}), ` +
  'or pass createOtelCallbacks({ tracer }) or ({ tracerProvider })';

type GetBuiltinModule = (id: string) => unknown;
const getBuiltinModule = (globalThis as { process?: { getBuiltinModule?: GetBuiltinModule } }).process?.getBuiltinModule;

let loaded: OtelTraceApi | undefined;
let failure: unknown;

/** True when `error` says the peer itself was not found (not some module inside it). */
function isMissingPeer(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return (code === 'MODULE_NOT_FOUND' || code === 'ERR_MODULE_NOT_FOUND') && String((error as Error).message).includes(PACKAGE);
}

function missing(error: unknown): ConfigurationError {
  return new ConfigurationError(MISSING_OTEL_API_MESSAGE, { cause: error });
}

// Runtimes without a synchronous require: start the import now, so it has usually settled by the
// first call. A specifier in a variable keeps bundlers from resolving a peer the app may not have.
if (typeof getBuiltinModule !== 'function') {
  const specifier = PACKAGE;
  void import(/* @vite-ignore */ /* webpackIgnore: true */ specifier).then(
    (api: OtelTraceApi) => (loaded = api),
    (error: unknown) => (failure = error),
  );
}

/**
 * The peer's `trace` API, or undefined while its import (on runtimes without a synchronous
 * require) has not settled yet. Throws a ConfigurationError when the peer is not installed.
 */
export function loadOtelApi(): OtelTraceApi | undefined {
  if (loaded !== undefined) return loaded;
  if (typeof getBuiltinModule === 'function') {
    const { createRequire } = getBuiltinModule('node:module') as typeof import('node:module');
    try {
      loaded = createRequire(import.meta.url)(PACKAGE) as OtelTraceApi;
    } catch (error) {
      throw isMissingPeer(error) ? missing(error) : error;
    }
    return loaded;
  }
  // A browser or worker says "failed to resolve" in its own words: any failure here is the peer missing.
  if (failure !== undefined) throw missing(failure);
  return undefined;
}
