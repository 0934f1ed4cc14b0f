/**
 * The model table's lookup as adapters take it (`AdapterContext.modelInfo`): asynchronous, so
 * the table loads on the first lookup and not before. The module is imported once: an
 * `import()` per call costs a trip through the module loader on every request.
 */
import type { ModelInfo } from './model-info.js';

let models: Promise<typeof import('./model-lookup.js')> | undefined;
let loaded: typeof import('./model-lookup.js') | undefined;

export function lookupModelInfo(id: string): Promise<ModelInfo | undefined> {
  return (models ??= import('./model-lookup.js').then((m) => (loaded = m))).then((m) => m.getModelInfo(id));
}

/** The lookup without waiting, once a call has loaded the table; undefined before. */
export function loadedModelInfo(): ((id: string) => ModelInfo | undefined) | undefined {
  return loaded?.getModelInfo;
}
