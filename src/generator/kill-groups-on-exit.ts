/**
 * A child in a process group of its own no longer gets the terminal's Ctrl-C, and outlives a
 * parent that dies. While such children run, this kills their groups when the parent exits or
 * is stopped by SIGINT, SIGTERM or SIGHUP; with no other listener for that signal, the signal is
 * then raised again so the parent ends as it would have.
 */
const live = new Set<number>();
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

function killAll(): void {
  for (const pid of live) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  live.clear();
}

function onSignal(signal: NodeJS.Signals): void {
  killAll();
  const alone = process.listenerCount(signal) === 1;
  uninstall();
  if (alone) process.kill(process.pid, signal);
}

/** Children about to be spawned: the handlers are in place before a signal can find one. */
let pending = 0;

function install(): void {
  process.on('exit', killAll);
  for (const signal of SIGNALS) process.on(signal, onSignal);
}

function uninstall(): void {
  process.off('exit', killAll);
  for (const signal of SIGNALS) process.off(signal, onSignal);
}

function releaseIfIdle(): void {
  if (live.size === 0 && pending === 0) uninstall();
}

/**
 * Call before spawning: installs the handlers first, so a signal that arrives between the
 * spawn and the tracking still kills the group. Pass the new child's pid (undefined if it did
 * not start) to the returned function; it returns the function that stops tracking it.
 */
export function trackNextGroup(): (pid: number | undefined) => () => void {
  if (live.size === 0 && pending === 0) install();
  pending++;
  let taken = false;
  return (pid) => {
    if (!taken) {
      taken = true;
      pending--;
    }
    if (pid === undefined) {
      releaseIfIdle();
      return () => undefined;
    }
    live.add(pid);
    return () => {
      if (!live.delete(pid)) return;
      releaseIfIdle();
    };
  };
}
