/**
 * Incremental Server-Sent Events parser (WHATWG HTML "event stream interpretation").
 *
 * Every streamed LLM response passes through here, so the scanner works on whole chunk strings
 * with `indexOf`/`charCodeAt`, allocates only the values it hands out, and never throws on
 * malformed input: a stream we cannot make sense of yields fewer events, not an exception.
 *
 * A class, not a closure per function per stream: a stream then holds one small object whose
 * methods every stream shares, not eight closures and their context. With a thousand streams in
 * flight that was memory the young generation copied at every collection (with the other
 * per-stream cuts of that pass, a stream in flight went from 20.2 to 14.9 KB of heap; see
 * bench/README.md, "Third pass"). `createSSEParser` and `createSSEDecoder` in `sse.ts` are the public faces of
 * these classes.
 */
/** One dispatched event. `event` is undefined when no `event:` field was given (the spec's "message"). */
export interface SSEEvent {
  data: string;
  event: string | undefined;
  /** The stream's last event ID at dispatch time: it persists across events, as the spec says. */
  id: string | undefined;
}

/** Called synchronously from `feed`/`end`. A callback that throws aborts that call and leaves the rest of the chunk unparsed: `reset()` before reusing the parser. */
export interface SSEParserCallbacks {
  onEvent(event: SSEEvent): void;
  /** A valid `retry:` field (ASCII digits only), in milliseconds. */
  onRetry?(ms: number): void;
  /** A line starting with ':' (text after the colon, one leading space stripped). */
  onComment?(comment: string): void;
  /**
   * The stream broke a limit (see `SSEParserOptions.maxEventLength`). The parser reports it
   * here instead of throwing, then ignores its input until `reset()`.
   */
  onError?(error: SSEParseError): void;
}

/** Why the parser stopped. */
export interface SSEParseError {
  type: 'too-long';
  /** The length (UTF-16 code units) that went past the limit. */
  length: number;
}

export interface SSEParserOptions {
  /**
   * Longest line, and longest event data, in UTF-16 code units; past it the parser calls
   * `onError` and stops, so a hostile stream cannot make it buffer without end. Default: none.
   */
  maxEventLength?: number;
}

export interface SSEParser {
  /** Any split of the text is fine: mid-line, between CR and LF, etc. */
  feed(chunk: string): void;
  /**
   * Flushes at end of stream: per spec an unterminated final event is discarded (and returned,
   * so a caller can tell a stream cut inside an event from one that ended between events);
   * pass {dispatchIncomplete:true} to dispatch it instead. Then resets state.
   */
  end(options?: { dispatchIncomplete?: boolean }): SSEEvent | undefined;
  reset(): void;
}

const LF = 0x0a;
const SPACE = 0x20;
const COLON = 0x3a;
const DIGIT_0 = 0x30;
const DIGIT_9 = 0x39;
const LOWER_D = 0x64;
const LOWER_E = 0x65;
const LOWER_I = 0x69;
const LOWER_R = 0x72;
const BOM = 0xfeff;

/**
 * Index where the value of `name` starts if the line [start, end) is that field ("name" alone
 * or "name:..."), else -1. Comparing in place spares a slice per line for the field name.
 */
function valueStart(text: string, start: number, end: number, name: string): number {
  const nameEnd = start + name.length;
  if (nameEnd > end || !text.startsWith(name, start)) return -1;
  if (nameEnd === end) return end;
  if (text.charCodeAt(nameEnd) !== COLON) return -1;
  const afterColon = nameEnd + 1;
  return afterColon < end && text.charCodeAt(afterColon) === SPACE ? afterColon + 1 : afterColon;
}

/** The parser (see `SSEParser`); `createSSEParser` hands one out. */
export class SSEStreamParser implements SSEParser {
  readonly #callbacks: SSEParserCallbacks;
  readonly #maxLength: number;
  // Set once a limit is broken: the rest of the stream is ignored until `reset()`.
  #broken = false;
  // Invariant: `#pending` never contains CR or LF; it is the start of a line still being received.
  #pending = '';
  #atStreamStart = true;
  // The previous chunk ended in CR: an LF opening the next chunk belongs to the same line break.
  #skipLeadingLF = false;
  // Spec buffers. `#hasData` is separate because `data:` with an empty value still counts.
  #data = '';
  #hasData = false;
  #eventType = '';
  #lastEventId: string | undefined = undefined;

  constructor(callbacks: SSEParserCallbacks, options: SSEParserOptions = {}) {
    this.#callbacks = callbacks;
    this.#maxLength = options.maxEventLength ?? Infinity;
  }

  reset(): void {
    this.#broken = false;
    this.#pending = '';
    this.#atStreamStart = true;
    this.#skipLeadingLF = false;
    this.#data = '';
    this.#hasData = false;
    this.#eventType = '';
    this.#lastEventId = undefined;
  }

  feed(chunk: string): void {
    if (this.#broken) return;
    let from = 0;
    if (this.#atStreamStart && chunk.length > 0) {
      this.#atStreamStart = false;
      if (chunk.charCodeAt(0) === BOM) from = 1;
    }
    if (this.#skipLeadingLF && from < chunk.length) {
      this.#skipLeadingLF = false;
      if (chunk.charCodeAt(from) === LF) from++;
    }
    this.#processText(chunk, from);
  }

  end(options?: { dispatchIncomplete?: boolean }): SSEEvent | undefined {
    if (this.#broken) {
      this.reset();
      return undefined;
    }
    let incomplete: SSEEvent | undefined;
    const inside = this.#pending !== '' || this.#hasData || this.#eventType !== '';
    // `#pending` holds no line break, so it is exactly one unterminated line.
    if (this.#pending !== '') this.#processLine(this.#pending, 0, this.#pending.length);
    if (options?.dispatchIncomplete === true) this.#dispatch();
    else if (inside) incomplete = { data: this.#data, event: this.#eventType === '' ? undefined : this.#eventType, id: this.#lastEventId };
    this.reset();
    return incomplete;
  }

  #tooLong(length: number): void {
    this.#broken = true;
    this.#pending = '';
    this.#data = '';
    this.#hasData = false;
    this.#eventType = '';
    this.#callbacks.onError?.({ type: 'too-long', length });
  }

  #dispatch(): void {
    if (!this.#hasData) {
      this.#eventType = '';
      return;
    }
    const event: SSEEvent = {
      data: this.#data,
      event: this.#eventType === '' ? undefined : this.#eventType,
      id: this.#lastEventId,
    };
    this.#data = '';
    this.#hasData = false;
    this.#eventType = '';
    this.#callbacks.onEvent(event);
  }

  #processLine(text: string, start: number, end: number): void {
    if (start === end) {
      this.#dispatch();
      return;
    }
    // Every field we act on has a distinct first letter, so one switch replaces a colon search;
    // any other line is an unknown field, which the spec ignores.
    switch (text.charCodeAt(start)) {
      case LOWER_D: {
        const from = valueStart(text, start, end, 'data');
        if (from < 0) return;
        const value = from === end ? '' : text.slice(from, end);
        if (this.#hasData) {
          this.#data += '\n' + value;
        } else {
          this.#data = value;
          this.#hasData = true;
        }
        if (this.#data.length > this.#maxLength) this.#tooLong(this.#data.length);
        return;
      }
      case LOWER_E: {
        const from = valueStart(text, start, end, 'event');
        if (from >= 0) this.#eventType = text.slice(from, end);
        return;
      }
      case LOWER_I: {
        const from = valueStart(text, start, end, 'id');
        if (from < 0) return;
        const value = text.slice(from, end);
        if (value.indexOf('\u0000') === -1) this.#lastEventId = value;
        return;
      }
      case LOWER_R: {
        const onRetry = this.#callbacks.onRetry;
        if (onRetry === undefined) return;
        const from = valueStart(text, start, end, 'retry');
        if (from < 0 || from === end) return;
        for (let i = from; i < end; i++) {
          const code = text.charCodeAt(i);
          if (code < DIGIT_0 || code > DIGIT_9) return;
        }
        this.#callbacks.onRetry!(Number(text.slice(from, end)));
        return;
      }
      case COLON: {
        if (this.#callbacks.onComment === undefined) return;
        const from = start + 1 < end && text.charCodeAt(start + 1) === SPACE ? start + 2 : start + 1;
        this.#callbacks.onComment(text.slice(from, end));
        return;
      }
      default:
        return;
    }
  }

  /** Processes every complete line of `text` from `pos`; appends the unterminated rest to `#pending`. */
  #processText(text: string, pos: number): void {
    const length = text.length;
    // Next LF / CR at or after `pos`; -1 means none left, so each is searched for at most once
    // per line break of its own kind: an LF-only stream scans for CR exactly once per chunk.
    let lf = -2;
    let cr = -2;
    // Next blank line (`\n\n`) at or after `pos`, kept the same way: lines that leave the parser
    // between events (comments, `id:`) must not each search the rest of the chunk again.
    let blank = -2;
    while (pos < length && !this.#broken) {
      if (cr !== -1 && cr < pos) cr = text.indexOf('\r', pos);
      // Between events, with no CR left in the chunk, the shape nearly every event of an LLM
      // stream has (`event: <name>\ndata: <value>\n\n`, or the `data:` line alone) is read in
      // one step when the whole block is in this chunk; any other shape goes line by line, which
      // reads every field the spec defines. The step is written out here rather than called: it
      // runs once per event, and as its own function the JIT compiled it twice (alone, then
      // inlined here), which costs a cold stream more than the call saves.
      if (cr === -1 && this.#pending === '' && !this.#hasData && this.#eventType === '') {
        if (blank !== -1 && blank < pos) blank = text.indexOf('\n\n', pos);
        const blockEnd = blank;
        if (blockEnd !== -1) {
          let dataLine = pos;
          let name: string | undefined;
          if (text.startsWith('event: ', pos)) {
            const nameEnd = text.indexOf('\n', pos);
            if (nameEnd > pos + 7) name = text.slice(pos + 7, nameEnd);
            dataLine = nameEnd + 1;
          }
          if (text.startsWith('data: ', dataLine) && text.indexOf('\n', dataLine) === blockEnd) {
            if (blockEnd - dataLine - 6 > this.#maxLength) {
              this.#tooLong(blockEnd - dataLine - 6);
              return;
            }
            this.#callbacks.onEvent({ data: text.slice(dataLine + 6, blockEnd), event: name, id: this.#lastEventId });
            pos = blockEnd + 2;
            continue;
          }
        }
      }
      if (lf !== -1 && lf < pos) lf = text.indexOf('\n', pos);
      let lineEnd: number;
      let next: number;
      if (cr === -1 || (lf !== -1 && lf < cr)) {
        if (lf === -1) break;
        lineEnd = lf;
        next = lf + 1;
      } else {
        lineEnd = cr;
        next = cr + 1;
        if (next === length) {
          this.#skipLeadingLF = true;
        } else if (text.charCodeAt(next) === LF) {
          next++;
        }
      }
      if (this.#pending === '') {
        this.#processLine(text, pos, lineEnd);
      } else {
        // Only the buffered line is joined: joining the whole chunk to it would copy the chunk.
        const line = this.#pending + text.slice(pos, lineEnd);
        this.#pending = '';
        this.#processLine(line, 0, line.length);
      }
      pos = next;
    }
    // Appending keeps a long line arriving in many small chunks linear: the pieces form a rope
    // that is flattened once, when its line ends.
    if (pos < length && !this.#broken) {
      this.#pending += pos === 0 ? text : text.slice(pos);
      if (this.#pending.length > this.#maxLength) this.#tooLong(this.#pending.length);
    }
  }
}

/** Bytes in (UTF-8, decoded incrementally), events out (see `createSSEDecoder`). */
export class SSEStreamDecoder {
  readonly #parser: SSEStreamParser;
  // The decoder keeps the BOM so the parser alone strips it: stripping in both places would
  // also eat a second U+FEFF that the spec says belongs to the first line.
  readonly #decoder = new TextDecoder('utf-8', { ignoreBOM: true });

  constructor(callbacks: SSEParserCallbacks, options?: SSEParserOptions) {
    this.#parser = new SSEStreamParser(callbacks, options);
  }

  push(bytes: Uint8Array): void {
    this.#parser.feed(this.#decoder.decode(bytes, STREAMING));
  }

  /** See `SSEParser.end`: returns the unterminated final event it discarded, if any. */
  end(options?: { dispatchIncomplete?: boolean }): SSEEvent | undefined {
    // A non-streaming decode flushes a truncated character as U+FFFD and resets the decoder.
    this.#parser.feed(this.#decoder.decode());
    return this.#parser.end(options);
  }
}

const STREAMING = { stream: true } as const;
