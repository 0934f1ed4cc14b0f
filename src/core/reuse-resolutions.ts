/**
 * What lets a client skip resolving a model string again: the resolution of each model string
 * its calls use, reused while every environment variable the resolution read still holds the
 * same value. The full client plugs it in (`ClientParts.resolutions`); an `llmux/lite` app
 * resolves per call and bundles none of this.
 */
import type { Env, ResolveCallOptions } from './resolve-call.js';
import type { ChatRequest } from '../base/types.js';

/** Model strings remembered per client; past it the oldest is forgotten. */
const MAX_RESOLUTIONS = 256;

interface Kept<T> {
  value: T;
  env: Env;
  read: readonly (readonly [string, string | undefined])[];
}

/**
 * One client's kept resolutions: the one of `request.model`, resolved by `resolve` (handed an
 * environment that records what it reads) if none is kept or what it read has changed; or
 * undefined for a call that brings its own key, base URL or headers, or a mock response, which
 * is resolved as it comes.
 */
export type Resolutions<T> = (
  request: ChatRequest,
  call: ResolveCallOptions & { headers?: unknown },
  env: Env,
  resolve: (env: Env) => T,
) => T | undefined;

/** A fresh store of resolutions (see `Resolutions`). */
export function createResolutions<T>(): Resolutions<T> {
  const kept = new Map<string, Kept<T>>();
  return (request, call, env, resolve) => {
    if (
      request.mock_response !== undefined ||
      call.apiKey !== undefined ||
      call.baseURL !== undefined ||
      call.headers !== undefined ||
      request.extra_headers !== undefined
    )
      return undefined;
    const model = request.model;
    const entry = kept.get(model);
    if (entry !== undefined && entry.env === env && unchanged(entry.read, env)) return entry.value;
    const read: [string, string | undefined][] = [];
    const recording = new Proxy(env, {
      get(target, name) {
        const value: unknown = Reflect.get(target, name);
        if (typeof name === 'string') read.push([name, typeof value === 'string' ? value : undefined]);
        return value;
      },
    });
    const value = resolve(recording);
    if (kept.size >= MAX_RESOLUTIONS && !kept.has(model)) kept.delete(kept.keys().next().value!);
    kept.set(model, { value, env, read });
    return value;
  };
}

/** Whether every variable read still holds the value it held. */
function unchanged(read: readonly (readonly [string, string | undefined])[], env: Env): boolean {
  for (let i = 0; i < read.length; i++) if (env[read[i]![0]] !== read[i]![1]) return false;
  return true;
}
