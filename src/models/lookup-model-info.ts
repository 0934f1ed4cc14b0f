/**
 * The model table's lookup as adapters take it (`AdapterContext.modelInfo`): asynchronous, so
 * the table loads on the first lookup and not before.
 */
import type { ModelInfo } from './model-info.js';

export function lookupModelInfo(id: string): Promise<ModelInfo | undefined> {
  return import('./index.js').then((m) => m.getModelInfo(id));
}
