/**
 * The generator's live progress: on a TTY the running step on one line with a spinner and its
 * elapsed time, finished steps as lines with a mark; elsewhere (a pipe, CI) plain lines only.
 */

export interface ProgressEvent {
  /** `start` a step, end it (`done`/`fail`), or a line of `info`. */
  kind: 'start' | 'done' | 'fail' | 'info';
  message: string;
}

export type ProgressListener = (event: ProgressEvent) => void;

interface Output {
  write(text: string): unknown;
  isTTY?: boolean | undefined;
}

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

export interface ProgressDisplay {
  listener: ProgressListener;
  stop(): void;
}

export function createProgressDisplay(out: Output, redact: (text: string) => string = (t) => t): ProgressDisplay {
  const tty = out.isTTY === true;
  let running: { message: string; started: number } | undefined;
  let frame = 0;
  let timer: ReturnType<typeof setInterval> | undefined;
  const draw = (): void => {
    if (running === undefined) return;
    const seconds = ((performance.now() - running.started) / 1000).toFixed(1);
    out.write(`\r\x1b[K${FRAMES[frame++ % FRAMES.length]} ${running.message} (${seconds}s)`);
  };
  const clear = (): void => {
    if (tty && running !== undefined) out.write('\r\x1b[K');
  };
  const listener: ProgressListener = (event) => {
    const message = redact(event.message);
    if (event.kind === 'start') {
      clear();
      running = { message, started: performance.now() };
      if (tty) {
        draw();
        timer ??= setInterval(draw, 100);
        timer.unref?.();
      } else out.write(`… ${message}\n`);
      return;
    }
    clear();
    const mark = event.kind === 'done' ? '✓' : event.kind === 'fail' ? '✗' : ' ';
    const elapsed =
      running !== undefined && event.kind !== 'info' ? ` (${((performance.now() - running.started) / 1000).toFixed(1)}s)` : '';
    out.write(`${mark} ${message}${elapsed}\n`);
    if (event.kind !== 'info') running = undefined;
    else if (tty) draw();
  };
  return {
    listener,
    stop: () => {
      if (timer !== undefined) clearInterval(timer);
      clear();
      running = undefined;
    },
  };
}
