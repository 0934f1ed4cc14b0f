/** Runs soak-child.js in its own `node --expose-gc` process and reads its report and exit. */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { SoakReport } from './run-soak.js';

export interface SoakRun {
  report: SoakReport | undefined;
  /** Exit code, or undefined when it had to be killed. */
  code: number | null | undefined;
  /** From the report's `closedAt` to the process's exit. */
  exitLagMs: number | undefined;
  stderr: string;
  killed: boolean;
}

const CHILD = fileURLToPath(new URL('./soak-child.js', import.meta.url));

export function runSoakChild(args: readonly string[], limitMs: number, exitGraceMs: number): Promise<SoakRun> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--expose-gc', CHILD, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let report: SoakReport | undefined;
    let killed = false;
    let grace: NodeJS.Timeout | undefined;
    child.stdout.setEncoding('utf8').on('data', (text: string) => {
      stdout += text;
      const line = stdout.split('\n').find((l) => l.startsWith('SOAK-REPORT '));
      if (line !== undefined && report === undefined) {
        report = JSON.parse(line.slice('SOAK-REPORT '.length)) as SoakReport;
        // From here the child has nothing left to do: it must be gone within the grace period.
        grace = setTimeout(() => {
          killed = true;
          child.kill('SIGKILL');
        }, exitGraceMs);
      }
    });
    child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
    const limit = setTimeout(() => {
      killed = true;
      child.kill('SIGKILL');
    }, limitMs);
    child.on('exit', (code) => {
      const exitedAt = Date.now();
      clearTimeout(limit);
      clearTimeout(grace);
      resolve({
        report,
        code: killed ? undefined : code,
        exitLagMs: report === undefined ? undefined : exitedAt - report.closedAt,
        stderr,
        killed,
      });
    });
  });
}
