/**
 * Reads a piped prompt. Only called when stdin is not a terminal, since waiting on an
 * interactive terminal would look like a hang.
 */
import type { Readable } from 'node:stream';

export async function readStdin(input: Readable = process.stdin): Promise<string> {
  const parts: Buffer[] = [];
  for await (const chunk of input) parts.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  // Decoding once at the end keeps multi-byte characters split across chunks intact.
  return Buffer.concat(parts).toString('utf8');
}

/**
 * The prompt given as arguments, a blank line, then what was piped in, as `llm` and `sgpt` do.
 * Nothing piped (an empty or blank stdin) leaves the prompt as it is.
 */
export function combinePrompt(prompt: string, piped: string): string {
  const material = piped.trimEnd();
  return material.trim() === '' ? prompt : `${prompt}\n\n${material}`;
}
