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

function install(): void {
  process.on('exit', killAll);
  for (const signal of SIGNALS) process.on(signal, onSignal);
}

function uninstall(): void {
  process.off('exit', killAll);
  for (const signal of SIGNALS) process.off(signal, onSignal);
}

/** Tracks the group led by `pid` until the returned function is called. */
export function killGroupOnExit(pid: number): () => void {
  if (live.size === 0) install();
  live.add(pid);
  return () => {
    if (!live.delete(pid)) return;
    if (live.size === 0) uninstall();
  };
}
