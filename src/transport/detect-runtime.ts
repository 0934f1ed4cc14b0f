/**
 * Which transport suits this runtime. Kept apart from the transports themselves so that the
 * choice costs nothing to load.
 */

/** True on Node itself (Bun and Deno also report `versions.node` but serve `fetch` better). */
export function isNodeRuntime(): boolean {
  const g = globalThis as { process?: { versions?: Record<string, string | undefined> }; Bun?: unknown; Deno?: unknown };
  return g.process?.versions?.['node'] !== undefined && g.Bun === undefined && g.Deno === undefined;
}
