/**
 * Picks the transport for this runtime on first request: `node:http` on Node, `fetch` elsewhere.
 * Imported lazily so that importing llmux loads no HTTP stack.
 */
import type { Transport } from './transport-types.js';

/** True on Node itself (Bun and Deno also report `versions.node` but serve `fetch` better). */
export function isNodeRuntime(): boolean {
  const g = globalThis as { process?: { versions?: Record<string, string | undefined> }; Bun?: unknown; Deno?: unknown };
  return g.process?.versions?.['node'] !== undefined && g.Bun === undefined && g.Deno === undefined;
}

export async function createDefaultTransport(): Promise<Transport> {
  if (isNodeRuntime()) {
    const { createNodeTransport } = await import('./node-transport.js');
    return createNodeTransport();
  }
  const { createFetchTransport } = await import('./fetch-transport.js');
  return createFetchTransport();
}
