/**
 * Incremental Server-Sent Events parser (WHATWG HTML "event stream interpretation").
 *
 * Every streamed LLM response passes through here, so the scanner works on whole chunk strings
 * with `indexOf`/`charCodeAt`, allocates only the values it hands out, and never throws on
 * malformed input: a stream we cannot make sense of yields fewer events, not an exception.
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

export function createSSEParser(callbacks: SSEParserCallbacks, options: SSEParserOptions = {}): SSEParser {
  const { onEvent, onRetry, onComment, onError } = callbacks;
  const maxLength = options.maxEventLength ?? Infinity;
  // Set once a limit is broken: the rest of the stream is ignored until `reset()`.
  let broken = false;

  // Invariant: `pending` never contains CR or LF; it is the start of a line still being received.
  let pending = '';
  let atStreamStart = true;
  // The previous chunk ended in CR: an LF opening the next chunk belongs to the same line break.
  let skipLeadingLF = false;

  // Spec buffers. `hasData` is separate because `data:` with an empty value still counts.
  let data = '';
  let hasData = false;
  let eventType = '';
  let lastEventId: string | undefined;

  function reset(): void {
    broken = false;
    pending = '';
    atStreamStart = true;
    skipLeadingLF = false;
    data = '';
    hasData = false;
    eventType = '';
    lastEventId = undefined;
  }

  function tooLong(length: number): void {
    broken = true;
    pending = '';
    data = '';
    hasData = false;
    eventType = '';
    onError?.({ type: 'too-long', length });
  }

  function dispatch(): void {
    if (!hasData) {
      eventType = '';
      return;
    }
    const event: SSEEvent = {
      data,
      event: eventType === '' ? undefined : eventType,
      id: lastEventId,
    };
    data = '';
    hasData = false;
    eventType = '';
    onEvent(event);
  }

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

  function processLine(text: string, start: number, end: number): void {
    if (start === end) {
      dispatch();
      return;
    }
    // Every field we act on has a distinct first letter, so one switch replaces a colon search;
    // any other line is an unknown field, which the spec ignores.
    switch (text.charCodeAt(start)) {
      case LOWER_D: {
        const from = valueStart(text, start, end, 'data');
        if (from < 0) return;
        const value = from === end ? '' : text.slice(from, end);
        if (hasData) {
          data += '\n' + value;
        } else {
          data = value;
          hasData = true;
        }
        if (data.length > maxLength) tooLong(data.length);
        return;
      }
      case LOWER_E: {
        const from = valueStart(text, start, end, 'event');
        if (from >= 0) eventType = text.slice(from, end);
        return;
      }
      case LOWER_I: {
        const from = valueStart(text, start, end, 'id');
        if (from < 0) return;
        const value = text.slice(from, end);
        if (value.indexOf('\u0000') === -1) lastEventId = value;
        return;
      }
      case LOWER_R: {
        if (onRetry === undefined) return;
        const from = valueStart(text, start, end, 'retry');
        if (from < 0 || from === end) return;
        for (let i = from; i < end; i++) {
          const code = text.charCodeAt(i);
          if (code < DIGIT_0 || code > DIGIT_9) return;
        }
        onRetry(Number(text.slice(from, end)));
        return;
      }
      case COLON: {
        if (onComment === undefined) return;
        const from = start + 1 < end && text.charCodeAt(start + 1) === SPACE ? start + 2 : start + 1;
        onComment(text.slice(from, end));
        return;
      }
      default:
        return;
    }
  }

  /** Processes every complete line of `text` from `pos`; appends the unterminated rest to `pending`. */
  function processText(text: string, pos: number): void {
    const length = text.length;
    // Next LF / CR at or after `pos`; -1 means none left, so each is searched for at most once
    // per line break of its own kind: an LF-only stream scans for CR exactly once per chunk.
    let lf = -2;
    let cr = -2;
    // Next blank line (`\n\n`) at or after `pos`, kept the same way: lines that leave the parser
    // between events (comments, `id:`) must not each search the rest of the chunk again.
    let blank = -2;
    while (pos < length && !broken) {
      if (cr !== -1 && cr < pos) cr = text.indexOf('\r', pos);
      // Between events, with no CR left in the chunk, the shape nearly every event of an LLM
      // stream has (`event: <name>\ndata: <value>\n\n`, or the `data:` line alone) is read in
      // one step when the whole block is in this chunk; any other shape goes line by line, which
      // reads every field the spec defines. The step is written out here rather than called: it
      // runs once per event, and as its own function the JIT compiled it twice (alone, then
      // inlined here), which costs a cold stream more than the call saves.
      if (cr === -1 && pending === '' && !hasData && eventType === '') {
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
            if (blockEnd - dataLine - 6 > maxLength) {
              tooLong(blockEnd - dataLine - 6);
              return;
            }
            onEvent({ data: text.slice(dataLine + 6, blockEnd), event: name, id: lastEventId });
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
          skipLeadingLF = true;
        } else if (text.charCodeAt(next) === LF) {
          next++;
        }
      }
      if (pending === '') {
        processLine(text, pos, lineEnd);
      } else {
        // Only the buffered line is joined: joining the whole chunk to it would copy the chunk.
        const line = pending + text.slice(pos, lineEnd);
        pending = '';
        processLine(line, 0, line.length);
      }
      pos = next;
    }
    // Appending keeps a long line arriving in many small chunks linear: the pieces form a rope
    // that is flattened once, when its line ends.
    if (pos < length && !broken) {
      pending += pos === 0 ? text : text.slice(pos);
      if (pending.length > maxLength) tooLong(pending.length);
    }
  }

  function feed(chunk: string): void {
    if (broken) return;
    let from = 0;
    if (atStreamStart && chunk.length > 0) {
      atStreamStart = false;
      if (chunk.charCodeAt(0) === BOM) from = 1;
    }
    if (skipLeadingLF && from < chunk.length) {
      skipLeadingLF = false;
      if (chunk.charCodeAt(from) === LF) from++;
    }
    processText(chunk, from);
  }

  function end(options?: { dispatchIncomplete?: boolean }): SSEEvent | undefined {
    if (broken) {
      reset();
      return undefined;
    }
    let incomplete: SSEEvent | undefined;
    const inside = pending !== '' || hasData || eventType !== '';
    // `pending` holds no line break, so it is exactly one unterminated line.
    if (pending !== '') processLine(pending, 0, pending.length);
    if (options?.dispatchIncomplete === true) dispatch();
    else if (inside) incomplete = { data, event: eventType === '' ? undefined : eventType, id: lastEventId };
    reset();
    return incomplete;
  }

  return { feed, end, reset };
}

/** Byte-level convenience: decodes UTF-8 incrementally (a multi-byte char split across chunks is decoded correctly) and strips a leading BOM. */
export function createSSEDecoder(
  callbacks: SSEParserCallbacks,
  options?: SSEParserOptions,
): {
  push(bytes: Uint8Array): void;
  /** See `SSEParser.end`: returns the unterminated final event it discarded, if any. */
  end(options?: { dispatchIncomplete?: boolean }): SSEEvent | undefined;
} {
  const parser = createSSEParser(callbacks, options);
  // The decoder keeps the BOM so the parser alone strips it: stripping in both places would
  // also eat a second U+FEFF that the spec says belongs to the first line.
  const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
  const streaming = { stream: true } as const;
  return {
    push(bytes) {
      parser.feed(decoder.decode(bytes, streaming));
    },
    end(options) {
      // A non-streaming decode flushes a truncated character as U+FFFD and resets the decoder.
      parser.feed(decoder.decode());
      return parser.end(options);
    },
  };
}

/** Async-iterates the events of a byte stream (e.g. an HTTP response body). Yields events in order; ends when the body ends. Errors from the body propagate unchanged. */
export async function* readSSE(body: AsyncIterable<Uint8Array>): AsyncGenerator<SSEEvent, void, undefined> {
  // Events are batched per body chunk: one await per network read, not per event.
  const queue: SSEEvent[] = [];
  const decoder = createSSEDecoder({ onEvent: (event) => queue.push(event) });
  for await (const bytes of body) {
    decoder.push(bytes);
    if (queue.length === 0) continue;
    for (let i = 0; i < queue.length; i++) yield queue[i] as SSEEvent;
    queue.length = 0;
  }
  decoder.end();
}
