/**
 * The inside of a JSON string, read in pieces: plain runs, simple escapes, `\u` escapes and
 * surrogate pairs split across pieces. The partial JSON parser hands it each piece of a string
 * that is open; what the string holds so far is `text` (a high surrogate waits in `high` until
 * its low half arrives, so a snapshot never shows half a pair).
 */
import { BACKSLASH, LOWER_U, QUOTE, SPACE } from './json-chars.js';

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

/** A string being read: a key or a value. */
export interface OpenString {
  kind: 'string';
  text: string;
  isKey: boolean;
  /** 0: none; 1: after a backslash; 2: inside `\u` (see `hex`). */
  escape: 0 | 1 | 2;
  hex: string;
  /** A decoded high surrogate waiting for its low half; hidden from snapshots until then. */
  high: string;
  /** Set when the closing quote was read. */
  closed: boolean;
  /** Set when the string is not valid JSON (the parser stops there). */
  error: string | undefined;
}

export function openString(isKey: boolean): OpenString {
  return { kind: 'string', text: '', isKey, escape: 0, hex: '', high: '', closed: false, error: undefined };
}

/**
 * Reads string content from `text` at `i` until the closing quote (read, and `closed` set), an
 * error (`error` set, positions counted from `offset`) or the end of the piece. Returns the
 * index after what it read. `text` grows exactly when what a snapshot shows of the string changes.
 */
export function scanString(s: OpenString, text: string, i: number, offset: number): number {
  const length = text.length;
  while (i < length) {
    if (s.escape === 0) {
      // Fast path: everything up to the next quote, backslash or control character at once.
      let j = i;
      while (j < length) {
        const c = text.charCodeAt(j);
        if (c === QUOTE || c === BACKSLASH || c < SPACE) break;
        j++;
      }
      if (j > i) {
        s.text += s.high + text.slice(i, j);
        s.high = '';
        i = j;
        continue;
      }
      const c = text.charCodeAt(i);
      if (c === QUOTE) {
        s.closed = true;
        return i + 1;
      }
      if (c === BACKSLASH) {
        s.escape = 1;
        i++;
        continue;
      }
      s.error = `Unescaped control character in a string at ${offset + i}`;
      return i;
    }
    const ch = text[i]!;
    if (s.escape === 1) {
      const simple = SIMPLE_ESCAPES[ch];
      if (simple !== undefined) {
        s.text += s.high + simple;
        s.high = '';
        s.escape = 0;
      } else if (text.charCodeAt(i) === LOWER_U) {
        s.escape = 2;
        s.hex = '';
      } else {
        s.error = `Invalid escape \\${ch} at ${offset + i}`;
        return i;
      }
      i++;
      continue;
    }
    if (!/[0-9a-fA-F]/.test(ch)) {
      s.error = `Invalid \\u escape at ${offset + i}`;
      return i;
    }
    s.hex += ch;
    i++;
    if (s.hex.length === 4) {
      const code = Number.parseInt(s.hex, 16);
      s.escape = 0;
      const decoded = String.fromCharCode(code);
      if (code >= 0xd800 && code <= 0xdbff) {
        // Shown once its low half arrives (or the string ends), never as a lone half.
        s.text += s.high;
        s.high = decoded;
      } else {
        s.text += s.high + decoded;
        s.high = '';
      }
    }
  }
  return i;
}
