/**
 * Model text made safe for a terminal: escape sequences (CSI such as clear-screen or cursor
 * moves, OSC such as window titles and OSC 52 clipboard writes, DCS/SOS/PM/APC strings, and
 * two- or three-character ESC sequences), their 8-bit C1 forms, and every other C0/C1 control
 * but newline and tab are removed; all other text passes unchanged. A model (or whoever steers
 * it) must not be able to rewrite the screen, set the clipboard or retitle the window of the
 * person reading its answer.
 */

/** A stateful filter for streamed text: a sequence split across chunks is still removed whole. */
export interface TerminalFilter {
  /** The printable part of `text`, given everything pushed before. */
  push(text: string): string;
}

const ESC = 0x1b;
const BEL = 0x07;
const CAN = 0x18;
const SUB = 0x1a;
const DEL = 0x7f;
const LF = 0x0a;
const TAB = 0x09;
const C1_CSI = 0x9b;
const C1_ST = 0x9c;
const C1_OSC = 0x9d;
const BACKSLASH = 0x5c;

type State = 'text' | 'esc' | 'escIntermediate' | 'csi' | 'string' | 'stringEsc';

export function createTerminalFilter(): TerminalFilter {
  let state: State = 'text';
  return {
    push(text) {
      let out = '';
      let start = 0; // start of the pending run of printable text
      const flush = (end: number): void => {
        if (end > start) out += text.slice(start, end);
      };
      let i = 0;
      for (; i < text.length; i++) {
        const c = text.charCodeAt(i);
        if (state === 'text') {
          if (c >= 0x20 && c !== DEL && (c < 0x80 || c > 0x9f)) continue;
          if (c === LF || c === TAB) continue;
          flush(i);
          start = i + 1;
          if (c === ESC) state = 'esc';
          else if (c === C1_CSI) state = 'csi';
          else if (c === C1_OSC || c === 0x90 || c === 0x98 || c === 0x9e || c === 0x9f) state = 'string';
          continue;
        }
        start = i + 1;
        // CAN and SUB cancel any sequence in progress, as on a VT100.
        if (c === CAN || c === SUB) {
          state = 'text';
          continue;
        }
        switch (state) {
          case 'esc':
            if (c === 0x5b) state = 'csi'; // [
            else if (c === 0x5d || c === 0x50 || c === 0x58 || c === 0x5e || c === 0x5f) state = 'string'; // ] P X ^ _
            else if (c >= 0x20 && c <= 0x2f) state = 'escIntermediate';
            else if (c >= 0x30 && c <= 0x7e) state = 'text';
            else if (c !== ESC) state = reprocess();
            break;
          case 'escIntermediate':
            if (c >= 0x30 && c <= 0x7e) state = 'text';
            else if (!(c >= 0x20 && c <= 0x2f)) state = reprocess();
            break;
          case 'csi':
            if (c >= 0x40 && c <= 0x7e) state = 'text';
            else if (!(c >= 0x20 && c <= 0x3f)) state = reprocess();
            break;
          case 'string':
            if (c === BEL || c === C1_ST) state = 'text';
            else if (c === ESC) state = 'stringEsc';
            break;
          case 'stringEsc':
            if (c === BACKSLASH) state = 'text';
            else {
              // An ESC inside a string ends it and starts a sequence of its own.
              state = 'esc';
              i--;
            }
            break;
        }
      }
      if (state === 'text') flush(text.length);
      return out;

      // A malformed sequence ends at the character that broke it, which is read again as text.
      function reprocess(): State {
        start = i;
        i--;
        return 'text';
      }
    },
  };
}

/** `text` with terminal control sequences and control characters (but `\n` and `\t`) removed. Pure. */
export function stripTerminalControls(text: string): string {
  return createTerminalFilter().push(text);
}
