/**
 * Runs a child process with a time limit it cannot outlive and output it cannot grow without
 * bound: the child leads a process group of its own (`detached`), the whole group (and, on Linux,
 * every descendant found under it, a grandchild in a session of its own included) is killed at
 * the time limit, the group again once the child exits, and stdout and stderr are each kept up
 * to a cap, the rest counted and dropped. The group also dies with the parent (exit, SIGINT,
 * SIGTERM, SIGHUP), since a group of its own no longer receives the terminal's Ctrl-C.
 */
import { spawn } from 'node:child_process';
import { createBoundedCapture } from './bounded-capture.js';
import { trackNextGroup } from './kill-groups-on-exit.js';
import { listDescendants } from './list-descendants.js';

/** Default cap of each captured stream, in bytes. */
export const DEFAULT_MAX_CAPTURE_BYTES = 1024 * 1024;

export interface BoundedChildOptions {
  command: string;
  args: readonly string[];
  /** The child's whole environment (nothing of the parent's is added). */
  env: Record<string, string>;
  cwd?: string | undefined;
  /** The child and everything it started are killed after this many ms. */
  timeLimitMs: number;
  /** Bytes of stdout kept (default 1 MiB). */
  maxStdoutBytes?: number | undefined;
  /** Bytes of stderr kept (default 1 MiB). */
  maxStderrBytes?: number | undefined;
}

export interface BoundedChildResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** Bytes of stdout past the cap, counted and dropped. */
  stdoutDroppedBytes: number;
  stderrDroppedBytes: number;
  timedOut: boolean;
  pid: number | undefined;
  /** Set when the child could not be started. */
  spawnError?: Error | undefined;
}

const GROUPS = process.platform !== 'win32';

export function runBoundedChild(options: BoundedChildOptions): Promise<BoundedChildResult> {
  const stdout = createBoundedCapture(options.maxStdoutBytes ?? DEFAULT_MAX_CAPTURE_BYTES);
  const stderr = createBoundedCapture(options.maxStderrBytes ?? DEFAULT_MAX_CAPTURE_BYTES);
  // The signal handlers go in before the spawn: a Ctrl-C in between must not orphan the group.
  const track = GROUPS ? trackNextGroup() : undefined;
  const start = () =>
    spawn(options.command, options.args, {
      env: options.env,
      ...(options.cwd === undefined ? {} : { cwd: options.cwd }),
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: GROUPS,
      windowsHide: true,
    });
  let child: ReturnType<typeof start>;
  try {
    child = start();
  } catch (error) {
    track?.(undefined);
    throw error;
  }
  child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
  child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
  // A pipe error after a kill says nothing the exit does not.
  child.stdout.on('error', () => undefined);
  child.stderr.on('error', () => undefined);
  // Without this, a Ctrl-C or a crash of the parent would leave the group running.
  const untrack = track?.(child.pid) ?? (() => undefined);
  return new Promise((resolve) => {
    let timedOut = false;
    let exited = false;
    let settled = false;
    const timer = setTimeout(() => {
      if (!exited) {
        timedOut = true;
        killTree(child.pid, () => child.kill('SIGKILL'));
      }
      // A survivor that holds the pipes open (whatever escaped) must not hold the parent too.
      child.stdout.destroy();
      child.stderr.destroy();
    }, options.timeLimitMs);
    const finish = (code: number | null, signal: NodeJS.Signals | null, spawnError?: Error): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      untrack();
      if (spawnError !== undefined) {
        child.stdout.destroy();
        child.stderr.destroy();
      }
      resolve({
        code,
        signal,
        stdout: stdout.text(),
        stderr: stderr.text(),
        stdoutDroppedBytes: stdout.droppedBytes,
        stderrDroppedBytes: stderr.droppedBytes,
        timedOut,
        pid: child.pid,
        ...(spawnError === undefined ? {} : { spawnError }),
      });
    };
    child.once('exit', () => {
      exited = true;
      // What the child left behind in its group goes with it.
      killGroup(child.pid);
    });
    child.once('error', (error) => finish(null, null, error));
    child.once('close', (code, signal) => finish(code, signal));
  });
}

/** Kills the child's group and every descendant found (collected first: a kill reparents them). */
function killTree(pid: number | undefined, fallback: () => void): void {
  if (pid === undefined || !GROUPS) return fallback();
  const descendants = listDescendants(pid);
  killGroup(pid);
  for (const p of descendants) {
    signal(-p);
    signal(p);
  }
  fallback();
}

function killGroup(pid: number | undefined): void {
  if (pid !== undefined && GROUPS) signal(-pid);
}

function signal(target: number): void {
  try {
    process.kill(target, 'SIGKILL');
  } catch {
    // gone already, or not ours
  }
}
