/**
 * Plain console output for the demo: bold headings only on a terminal, so piped output and
 * logs stay free of escape codes.
 */
import type { Writable } from 'node:stream';

export interface Printer {
  heading(text: string): void;
  line(text?: string): void;
  /** Writes without a newline, for text that arrives in pieces. */
  write(text: string): void;
}

export function createPrinter(out: Writable & { isTTY?: boolean } = process.stdout): Printer {
  const bold = out.isTTY === true ? (text: string) => `\u001b[1m${text}\u001b[22m` : (text: string) => text;
  return {
    heading: (text) => out.write(`\n${bold(text)}\n`),
    line: (text = '') => out.write(`${text}\n`),
    write: (text) => out.write(text),
  };
}
