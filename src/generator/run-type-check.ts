/**
 * The type-check step: finds `typescript` (the user's project first, then llmux's own
 * node_modules) and checks the draft in a child process with a time limit. A missing TypeScript,
 * or a checker that cannot run, makes the step a skip with its reason, never a failure: only
 * errors in the draft's own files fail it.
 */
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runBoundedChild } from './run-bounded-child.js';
import type { TypeCheckOutput } from './type-check-draft.js';

const MAX_OUTPUT_BYTES = 4 * 1024 * 1024;

// The child imports this module by its own URL and calls this export: in the bundle that URL is
// generator/index.js (which exports it too), in an unbundled build this file.
export { typeCheckChildMain } from './type-check-draft.js';

export interface TypeCheckRun {
  status: 'passed' | 'failed' | 'skipped';
  /** What was checked and how it went, or why it was skipped. */
  message: string;
  /** `file:line:column TS1234: message` for each error in the draft. */
  diagnostics: string[];
  /** The TypeScript version that checked, when one did. */
  typescript?: string | undefined;
  durationMs: number;
}

export interface TypeCheckOptions {
  /** The draft adapter folder (with `node_modules/llmux` reachable from it). */
  draftDir: string;
  timeLimitMs: number;
  /** Directories to resolve `typescript` (and `@types/node`) from, in order. Default: the working directory, then llmux's own. */
  typescriptFrom?: readonly string[] | undefined;
}

export interface TypeScriptLocation {
  /** The `typescript` module's entry file. */
  typescript: string;
  /** The `@types` folder holding `node`, when there is one. */
  typesRoot: string | undefined;
}

const SELF = fileURLToPath(import.meta.url);

export function defaultTypescriptFrom(): string[] {
  return [process.cwd(), dirname(SELF)];
}

/** Where `typescript` resolves from the first directory that has it, or undefined. */
export function findTypeScript(from: readonly string[]): TypeScriptLocation | undefined {
  const resolveFrom = (dir: string, specifier: string): string | undefined => {
    try {
      return createRequire(join(resolve(dir), 'package.json')).resolve(specifier);
    } catch {
      return undefined;
    }
  };
  const typescript = from.map((dir) => resolveFrom(dir, 'typescript')).find((p) => p !== undefined);
  if (typescript === undefined) return undefined;
  const nodeTypes = from.map((dir) => resolveFrom(dir, '@types/node/package.json')).find((p) => p !== undefined);
  return { typescript, typesRoot: nodeTypes === undefined ? undefined : dirname(dirname(nodeTypes)) };
}

export async function runTypeCheck(options: TypeCheckOptions): Promise<TypeCheckRun> {
  const started = performance.now();
  const from = options.typescriptFrom ?? defaultTypescriptFrom();
  const elapsed = (): number => Math.round(performance.now() - started);
  const located = findTypeScript(from);
  if (located === undefined) {
    return {
      status: 'skipped',
      message: `TypeScript not found (looked from ${from.join(', ')}): install typescript in the project to type-check drafts`,
      diagnostics: [],
      durationMs: elapsed(),
    };
  }
  const child = await runChild(options, located);
  if ('problem' in child)
    return { status: 'skipped', message: `the type-check could not run: ${child.problem}`, diagnostics: [], durationMs: elapsed() };
  const out = child.output;
  if (out.setup.length > 0)
    return {
      status: 'skipped',
      message: `TypeScript ${out.typescript} could not be set up for the draft: ${out.setup.slice(0, 3).join('; ')}`,
      diagnostics: [],
      typescript: out.typescript,
      durationMs: elapsed(),
    };
  const what = `TypeScript ${out.typescript} (checkJs, strict) against llmux's declarations${located.typesRoot === undefined ? ', without @types/node' : ''}`;
  if (out.diagnostics.length === 0)
    return {
      status: 'passed',
      message: `${what}: no errors in ${out.files} files`,
      diagnostics: [],
      typescript: out.typescript,
      durationMs: elapsed(),
    };
  const n = out.diagnostics.length;
  return {
    status: 'failed',
    message: `${what}: ${n} type error${n === 1 ? '' : 's'}`,
    diagnostics: out.diagnostics,
    typescript: out.typescript,
    durationMs: elapsed(),
  };
}

/**
 * The checker in a child of its own: PATH is all of the environment it gets, like the kit's
 * child; it is killed with its process group at the time limit and its output is bounded. It
 * reads the draft but never runs it, so it is not confined to the kit child's paths (TypeScript
 * probes folders all the way up for its libraries and types).
 */
async function runChild(
  options: TypeCheckOptions,
  located: TypeScriptLocation,
): Promise<{ output: TypeCheckOutput } | { problem: string }> {
  const script = 'const m = await import(process.argv[1]); await m.typeCheckChildMain(process.argv.slice(2));';
  const where = JSON.stringify({ typescript: located.typescript, typesRoot: located.typesRoot ?? null });
  const env: Record<string, string> = { PATH: process.env['PATH'] ?? '' };
  if (process.env['SystemRoot'] !== undefined) env['SystemRoot'] = process.env['SystemRoot'];
  const child = await runBoundedChild({
    command: process.execPath,
    args: ['--input-type=module', '-e', script, new URL(import.meta.url).href, resolve(options.draftDir), where],
    env,
    timeLimitMs: options.timeLimitMs,
    maxStdoutBytes: MAX_OUTPUT_BYTES,
    maxStderrBytes: MAX_OUTPUT_BYTES,
  });
  if (child.timedOut) return { problem: `it did not finish within ${options.timeLimitMs} ms` };
  if (child.spawnError !== undefined) return { problem: child.spawnError.message };
  if (child.stdoutDroppedBytes > 0) return { problem: `the checker wrote more than ${MAX_OUTPUT_BYTES} bytes` };
  try {
    const output = JSON.parse(child.stdout) as TypeCheckOutput;
    if (Array.isArray(output.diagnostics) && Array.isArray(output.setup)) return { output };
  } catch {
    // reported below
  }
  const stderr = child.stderr.trim();
  return {
    problem: `the checker exited with code ${child.code}${stderr === '' ? '' : `: ${stderr.split('\n').slice(-3).join(' | ').slice(0, 2000)}`}`,
  };
}
