/**
 * Runs untrusted JavaScript (a drafted adapter, model-written hooks included) in a Node child
 * that cannot reach the parent's secrets: an environment of PATH and a throw-away HOME/TMPDIR
 * only (no `*_API_KEY` but the ones handed in, no NODE_OPTIONS), Node's permission model
 * granting reads of the given paths and its own temporary directory and writes of that
 * directory alone (so no `/proc/<ppid>/environ`, no `.env` of the parent's working directory,
 * no child processes or workers), that directory as its working directory, and the limits of
 * {@link runBoundedChild} (own process group killed at the time limit, bounded output).
 * See docs/adapter-generator.md, "The check child's sandbox".
 */
import { existsSync, realpathSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { permissionFlags } from './permission-flags.js';
import { type BoundedChildResult, runBoundedChild } from './run-bounded-child.js';

export interface SandboxedNodeOptions {
  /** Node arguments after the permission flags: the script and its arguments. */
  args: readonly string[];
  /** Files and directories the child may read (its own temporary directory is added). */
  read: readonly string[];
  /** Variables added to the minimal environment (a live check's key, say). */
  env?: Record<string, string> | undefined;
  timeLimitMs: number;
  maxStdoutBytes?: number | undefined;
  maxStderrBytes?: number | undefined;
}

/** The parent variables a child may see, by name: what finds programs and trusted TLS roots; nothing that holds a key or changes how Node starts. */
const PASSED = ['PATH', 'SystemRoot', 'NODE_EXTRA_CA_CERTS'] as const;

export async function runSandboxedNode(options: SandboxedNodeOptions): Promise<BoundedChildResult & { home: string }> {
  const home = realpathSync(await mkdtemp(join(tmpdir(), 'llmux-check-')));
  try {
    const env = sandboxEnv(home, process.env, options.env ?? {});
    const read = [home, ...options.read.map(real)];
    if (env['NODE_EXTRA_CA_CERTS'] !== undefined) read.push(real(env['NODE_EXTRA_CA_CERTS']));
    const result = await runBoundedChild({
      command: process.execPath,
      args: [...permissionFlags({ read: [...new Set(read)], write: [home] }), ...options.args],
      env,
      cwd: home,
      timeLimitMs: options.timeLimitMs,
      maxStdoutBytes: options.maxStdoutBytes,
      maxStderrBytes: options.maxStderrBytes,
    });
    return { ...result, home };
  } finally {
    await rm(home, { recursive: true, force: true });
  }
}

/** The child's whole environment: the allowlisted parent variables, HOME and temp pointing at `home`, then `extra`. Pure. */
export function sandboxEnv(
  home: string,
  parent: Readonly<Record<string, string | undefined>>,
  extra: Readonly<Record<string, string>>,
): Record<string, string> {
  const env: Record<string, string> = {};
  for (const name of PASSED) {
    const value = parent[name];
    if (value !== undefined) env[name] = value;
  }
  if (env['PATH'] === undefined) env['PATH'] = '';
  for (const name of ['HOME', 'USERPROFILE', 'TMPDIR', 'TMP', 'TEMP']) env[name] = home;
  return { ...env, ...extra };
}

/** The path with symlinks resolved (the permission model matches real paths), or as given when it does not exist yet. */
function real(path: string): string {
  const absolute = resolve(path);
  return existsSync(absolute) ? realpathSync(absolute) : absolute;
}
