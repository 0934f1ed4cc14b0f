/**
 * An incremental parser for one JSON value arriving in pieces: each piece is read once, and the
 * value so far can be taken at any point as a partial object. Pure; never throws on bad input
 * (it stops and reports the error instead).
 *
 * What a partial value shows: objects and arrays as soon as they open, strings as far as they
 * have arrived (an escape is shown once complete), and numbers, `true`, `false` and `null` only
 * once complete. A key appears when its value starts. Snapshots are frozen and share every part
 * that has closed, so taking one costs the size of the open containers, not of the whole value.
 *
 * This file is the state machine (containers, numbers, literals, snapshots); the inside of a
 * string is read by json-string-scanner.ts.
 */
import {
  CLOSE_BRACE,
  CLOSE_BRACKET,
  COLON,
  COMMA,
  LOWER_F,
  LOWER_N,
  LOWER_T,
  MINUS,
  NINE,
  OPEN_BRACE,
  OPEN_BRACKET,
  QUOTE,
  ZERO,
  isNumberChar,
  isWhitespace,
} from './json-chars.js';
import { type OpenString, openString, scanString } from './json-string-scanner.js';

export interface PartialJsonParser {
  /** Reads the next piece. Returns true when the visible value changed. */
  feed(text: string): boolean;
  /** The end of input: completes a top-level number still open. Returns true when that changed the value. */
  end(): boolean;
  /** The value so far (frozen), or undefined while nothing is visible. */
  snapshot(): unknown;
  /** True once the value is complete; later input is ignored. */
  readonly complete: boolean;
  /** Why parsing stopped, for input that is not JSON. */
  readonly error: string | undefined;
  /** Characters read up to the end of the value (or up to the error). */
  readonly consumed: number;
}

const NUMBER_PATTERN = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;

/** What an open container expects next. */
type Expect = 'first' | 'key' | 'colon' | 'value' | 'next';

interface ObjectFrame {
  kind: 'object';
  value: Record<string, unknown>;
  key: string;
  expect: Expect;
}

interface ArrayFrame {
  kind: 'array';
  value: unknown[];
  expect: Expect;
}

type Frame = ObjectFrame | ArrayFrame;

interface NumberScalar {
  kind: 'number';
  text: string;
}

interface LiteralScalar {
  kind: 'literal';
  word: 'true' | 'false' | 'null';
  matched: number;
}

type Scalar = OpenString | NumberScalar | LiteralScalar;

const LITERALS = { true: true, false: false, null: null } as const;

/** Sets a property the way JSON.parse does, `__proto__` included (as an own property). */
function setProperty(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
  else target[key] = value;
}

export function createPartialJsonParser(): PartialJsonParser {
  const stack: Frame[] = [];
  let scalar: Scalar | undefined;
  let started = false;
  let complete = false;
  let root: unknown;
  let error: string | undefined;
  let consumed = 0;
  let changed = false;
  let cached: unknown;
  let stale = true;

  const touch = (): void => {
    changed = true;
    stale = true;
  };

  const fail = (message: string): void => {
    error = message;
  };

  /**
   * A value (scalar or closed container) is done: put it into its parent, or finish. `shown`
   * says whether partial values already showed all of it (strings and containers), in which case
   * what is visible does not change.
   */
  const place = (value: unknown, shown: boolean): void => {
    const top = stack[stack.length - 1];
    if (top === undefined) {
      root = value;
      complete = true;
    } else if (top.kind === 'array') {
      top.value.push(value);
      top.expect = 'next';
    } else {
      setProperty(top.value, top.key, value);
      top.expect = 'next';
    }
    if (!shown) touch();
  };

  const finishNumber = (number: NumberScalar): void => {
    scalar = undefined;
    if (!NUMBER_PATTERN.test(number.text)) fail(`Invalid number ${JSON.stringify(number.text)}`);
    else place(Number(number.text), false);
  };

  /** Starts a value at `c`; returns false when `c` cannot start one. */
  const startValue = (c: number): boolean => {
    started = true;
    switch (c) {
      case OPEN_BRACE:
        stack.push({ kind: 'object', value: {}, key: '', expect: 'first' });
        touch();
        return true;
      case OPEN_BRACKET:
        stack.push({ kind: 'array', value: [], expect: 'first' });
        touch();
        return true;
      case QUOTE:
        scalar = openString(false);
        touch();
        return true;
      case LOWER_T:
        scalar = { kind: 'literal', word: 'true', matched: 1 };
        return true;
      case LOWER_F:
        scalar = { kind: 'literal', word: 'false', matched: 1 };
        return true;
      case LOWER_N:
        scalar = { kind: 'literal', word: 'null', matched: 1 };
        return true;
      default:
        if (c === MINUS || (c >= ZERO && c <= NINE)) {
          scalar = { kind: 'number', text: String.fromCharCode(c) };
          return true;
        }
        return false;
    }
  };

  const closeContainer = (): void => {
    const frame = stack.pop()!;
    Object.freeze(frame.value);
    place(frame.value, true);
  };

  /** Reads string content from `i` (see scanString); returns the index after what it read. */
  const readString = (s: OpenString, text: string, i: number): number => {
    const before = s.text.length;
    const next = scanString(s, text, i, consumed);
    if (s.text.length !== before && !s.isKey) touch();
    if (s.error !== undefined) fail(s.error);
    else if (s.closed) {
      scalar = undefined;
      const value = s.text + s.high;
      if (s.isKey) {
        const top = stack[stack.length - 1] as ObjectFrame;
        top.key = value;
        top.expect = 'colon';
      } else {
        place(value, s.high === '');
      }
    }
    return next;
  };

  /** One structural character (outside any scalar); returns false on a syntax error. */
  const readStructure = (c: number, position: number): boolean => {
    const top = stack[stack.length - 1];
    if (top === undefined) {
      if (!started) return startValue(c) || (fail(`Unexpected ${JSON.stringify(String.fromCharCode(c))} at ${position}`), false);
      return true;
    }
    const unexpected = (): boolean => {
      fail(`Unexpected ${JSON.stringify(String.fromCharCode(c))} at ${position}`);
      return false;
    };
    switch (top.expect) {
      case 'first':
        if (top.kind === 'array') {
          if (c === CLOSE_BRACKET) return (closeContainer(), true);
          top.expect = 'next';
          return startValue(c) || unexpected();
        }
        if (c === CLOSE_BRACE) return (closeContainer(), true);
        if (c !== QUOTE) return unexpected();
        scalar = openString(true);
        return true;
      case 'key':
        if (c !== QUOTE) return unexpected();
        scalar = openString(true);
        return true;
      case 'colon':
        if (c !== COLON) return unexpected();
        top.expect = 'value';
        return true;
      case 'value':
        top.expect = 'next';
        return startValue(c) || unexpected();
      case 'next':
        if (c === COMMA) {
          top.expect = top.kind === 'object' ? 'key' : 'value';
          return true;
        }
        if ((c === CLOSE_BRACE && top.kind === 'object') || (c === CLOSE_BRACKET && top.kind === 'array')) return (closeContainer(), true);
        return unexpected();
    }
  };

  const feed = (text: string): boolean => {
    changed = false;
    let i = 0;
    const length = text.length;
    while (i < length && !complete && error === undefined) {
      if (scalar !== undefined) {
        if (scalar.kind === 'string') {
          i = readString(scalar, text, i);
          continue;
        }
        const c = text.charCodeAt(i);
        if (scalar.kind === 'number') {
          if (isNumberChar(c)) {
            scalar.text += text[i];
            i++;
          } else {
            // The character after a number belongs to the structure: read it next round.
            finishNumber(scalar);
          }
          continue;
        }
        if (c !== scalar.word.charCodeAt(scalar.matched)) {
          fail(`Unexpected ${JSON.stringify(text[i])} at ${consumed + i} (expected ${scalar.word})`);
          break;
        }
        scalar.matched++;
        i++;
        if (scalar.matched === scalar.word.length) {
          const word = scalar.word;
          scalar = undefined;
          place(LITERALS[word], false);
        }
        continue;
      }
      const c = text.charCodeAt(i);
      if (isWhitespace(c)) {
        i++;
        continue;
      }
      if (!readStructure(c, consumed + i)) break;
      i++;
    }
    consumed += i;
    return changed;
  };

  const visibleScalar = (): { value: unknown } | undefined => {
    if (scalar?.kind === 'string' && !scalar.isKey) return { value: scalar.text };
    return undefined;
  };

  return {
    feed,
    end() {
      changed = false;
      if (scalar?.kind === 'number' && stack.length === 0 && error === undefined) finishNumber(scalar);
      return changed;
    },
    snapshot() {
      if (!stale) return cached;
      stale = false;
      if (complete) return (cached = root);
      let child = visibleScalar();
      for (let depth = stack.length - 1; depth >= 0; depth--) {
        const frame = stack[depth]!;
        let copy: unknown[] | Record<string, unknown>;
        if (frame.kind === 'array') {
          copy = frame.value.slice();
          if (child !== undefined) copy.push(child.value);
        } else {
          copy = { ...frame.value };
          // A key shows once its value has started (the value is the next frame or a string).
          if (child !== undefined && frame.expect === 'next') setProperty(copy, frame.key, child.value);
        }
        child = { value: Object.freeze(copy) };
      }
      return (cached = child?.value);
    },
    get complete() {
      return complete;
    },
    get error() {
      return error;
    },
    get consumed() {
      return consumed;
    },
  };
}

/** The partial value of a whole text at once (see {@link createPartialJsonParser}). */
export function parsePartialJson(text: string): unknown {
  const parser = createPartialJsonParser();
  parser.feed(text);
  parser.end();
  return parser.snapshot();
}
