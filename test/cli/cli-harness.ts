/**
 * Runs the built CLI as a child process with a controlled environment, so tests see exactly
 * what a user would, and never inherit the developer's real keys.
 */
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const CLI_PATH = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));

/** A value no output may ever contain; not key-shaped, so only exact-secret redaction can hide it. */
export const SENTINEL_KEY = 'llmux-sentinel-5e1f0a7c93';

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** PATH and nothing else from the parent, plus what the test sets. */
export function cleanEnv(extra: Record<string, string> = {}): Record<string, string> {
  return { PATH: process.env['PATH'] ?? '', ...extra };
}

export function startCli(
  args: readonly string[],
  env: Record<string, string>,
  nodeArgs: readonly string[] = [],
): ChildProcessWithoutNullStreams {
  return spawn(process.execPath, [...nodeArgs, CLI_PATH, ...args], { env, stdio: 'pipe' });
}

/** Collects a child's output until it exits. */
export function collect(child: ChildProcessWithoutNullStreams): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (text: string) => (stdout += text));
  child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

/** Runs the CLI to completion; stdin gets `stdin` (or nothing) and is closed so no run can hang on it. */
export function runCli(
  args: readonly string[],
  options: { env?: Record<string, string>; stdin?: string; nodeArgs?: readonly string[] } = {},
): Promise<CliResult> {
  const child = startCli(args, options.env ?? cleanEnv(), options.nodeArgs);
  const done = collect(child);
  child.stdin.end(options.stdin ?? '');
  return done;
}

/** Resolves with the first match of `pattern` in the child's stdout. */
export function waitForStdout(child: ChildProcessWithoutNullStreams, pattern: RegExp): Promise<RegExpMatchArray> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const onData = (chunk: Buffer): void => {
      seen += chunk.toString('utf8');
      const match = seen.match(pattern);
      if (match !== null) {
        child.stdout.off('data', onData);
        resolve(match);
      }
    };
    child.stdout.on('data', onData);
    child.once('close', () => reject(new Error(`exited before printing ${pattern}; stdout was: ${seen}`)));
  });
}

// Node arguments that make the CLI report every local module it loads, one `LOADED <url>` line
// per module on stderr. Node >= 22.15 runs hooks registered with registerHooks() on the main
// thread, so none of their output is lost when a short command exits; older Nodes use the
// off-thread register().
const asyncHooks = `export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  if (result.url.startsWith('file:')) process.stderr.write('LOADED ' + result.url + '\\n');
  return result;
}`;
const syncHooks = `({ resolve(specifier, context, next) {
  const result = next(specifier, context);
  if (result.url.startsWith('file:')) process.stderr.write('LOADED ' + result.url + '\\n');
  return result;
} })`;
const registerHooks =
  `import * as m from 'node:module'; ` +
  `if (typeof m.registerHooks === 'function') m.registerHooks(${syncHooks}); ` +
  `else m.register(${JSON.stringify(`data:text/javascript,${encodeURIComponent(asyncHooks)}`)});`;
export const TRACE_LOADS: readonly string[] = ['--import', `data:text/javascript,${encodeURIComponent(registerHooks)}`];
