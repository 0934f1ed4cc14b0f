import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createSSEDecoder, createSSEParser, type SSEEvent } from '../../src/transport/sse.js';

interface Parsed {
  events: SSEEvent[];
  retries: number[];
  comments: string[];
}

function parse(chunks: string | string[], options?: { dispatchIncomplete?: boolean }): Parsed {
  const out: Parsed = { events: [], retries: [], comments: [] };
  const parser = createSSEParser({
    onEvent: (event) => out.events.push(event),
    onRetry: (ms) => out.retries.push(ms),
    onComment: (comment) => out.comments.push(comment),
  });
  for (const chunk of typeof chunks === 'string' ? [chunks] : chunks) parser.feed(chunk);
  parser.end(options);
  return out;
}

function ev(data: string, event?: string, id?: string): SSEEvent {
  return { data, event, id };
}

describe('SSE parser: spec examples', () => {
  it('joins consecutive data lines with LF (stock ticker example)', () => {
    assert.deepEqual(parse('data: YHOO\ndata: +2\ndata: 10\n\n').events, [ev('YHOO\n+2\n10')]);
  });

  it('handles comments, ids and an id reset (four-block example)', () => {
    const { events, comments } = parse(': test stream\n\ndata: first event\nid: 1\n\ndata:second event\nid\n\ndata:  third event\n\n');
    assert.deepEqual(events, [ev('first event', undefined, '1'), ev('second event', undefined, ''), ev(' third event', undefined, '')]);
    assert.deepEqual(comments, ['test stream']);
  });

  it('dispatches empty data, and discards the unterminated last block (three-block example)', () => {
    assert.deepEqual(parse('data\n\ndata\ndata\n\ndata:').events, [ev(''), ev('\n')]);
  });

  it('strips exactly one space after the colon (two identical events example)', () => {
    assert.deepEqual(parse('data:test\n\ndata: test\n\n').events, [ev('test'), ev('test')]);
  });

  it('sets the event type per event (add/remove example)', () => {
    const text = 'event: add\ndata: 73857293\n\nevent: remove\ndata: 2153\n\nevent: add\ndata: 113411\n\n';
    assert.deepEqual(parse(text).events, [ev('73857293', 'add'), ev('2153', 'remove'), ev('113411', 'add')]);
  });
});

describe('SSE parser: line endings', () => {
  const expected = [ev('a\nb', 'x'), ev('c')];
  for (const [name, eol] of [
    ['LF', '\n'],
    ['CRLF', '\r\n'],
    ['CR', '\r'],
  ] as const) {
    it(`accepts ${name}`, () => {
      const text = ['event: x', 'data: a', 'data: b', '', 'data: c', '', ''].join(eol);
      assert.deepEqual(parse(text).events, expected);
    });
  }

  it('accepts mixed endings in one stream', () => {
    assert.deepEqual(parse('event: x\rdata: a\r\ndata: b\n\r\ndata: c\r\r').events, expected);
  });

  it('treats LF CR as two line breaks, and CR CR as two', () => {
    assert.deepEqual(parse('data: a\n\rdata: b\r\r').events, [ev('a'), ev('b')]);
  });

  it('does not see an extra empty line when CR ends one chunk and LF starts the next', () => {
    // Were "\r" + "\n" two breaks, the first event would end after "a" and "b" would be separate.
    assert.deepEqual(parse(['data: a\r', '\ndata: b\r', '\n\r', '\n']).events, [ev('a\nb')]);
  });

  it('keeps the CR/LF pairing across empty chunks', () => {
    assert.deepEqual(parse(['data: a\r', '', '', '\ndata: b\r\n\r', '', '\n']).events, [ev('a\nb')]);
  });

  it('still honours an LF after the CR-LF skip is consumed by a non-LF character', () => {
    assert.deepEqual(parse(['data: a\r', 'data: b\r', '\r', '\n', 'data: c\n\n']).events, [ev('a\nb'), ev('c')]);
  });

  it('dispatches on a trailing CR at once, without waiting for a possible LF', () => {
    const events: SSEEvent[] = [];
    const parser = createSSEParser({ onEvent: (event) => events.push(event) });
    parser.feed('data: now\r\r');
    assert.deepEqual(events, [ev('now')]);
  });
});

describe('SSE parser: fields', () => {
  it('keeps empty data lines inside multi-line data', () => {
    assert.deepEqual(parse('data: a\ndata:\ndata\ndata: b\ndata:\n\n').events, [ev('a\n\n\nb\n')]);
  });

  it('keeps every character of the value after the single stripped space', () => {
    assert.deepEqual(parse('data:   x : y\t\n\n').events, [ev('  x : y\t')]);
  });

  it('resets the event type on every empty line, even without data', () => {
    assert.deepEqual(parse('event: lost\n\ndata: y\n\n').events, [ev('y')]);
  });

  it('resets the event type after a dispatch', () => {
    assert.deepEqual(parse('event: a\ndata: 1\n\ndata: 2\n\n').events, [ev('1', 'a'), ev('2')]);
  });

  it('treats an empty event field as the default type', () => {
    assert.deepEqual(parse('event:\ndata: 1\n\nevent\ndata: 2\n\n').events, [ev('1'), ev('2')]);
  });

  it('uses the last event field of a block', () => {
    assert.deepEqual(parse('event: a\nevent: b\ndata: 1\n\n').events, [ev('1', 'b')]);
  });

  it('keeps the last event id across events until changed', () => {
    const { events } = parse('data: 1\n\nid: 7\ndata: 2\n\ndata: 3\n\nid: 8\n\ndata: 4\n\nid:\ndata: 5\n\n');
    assert.deepEqual(events, [ev('1'), ev('2', undefined, '7'), ev('3', undefined, '7'), ev('4', undefined, '8'), ev('5', undefined, '')]);
  });

  it('ignores an id that contains NULL', () => {
    assert.deepEqual(parse('id: 1\ndata: a\n\nid: 2\u00003\ndata: b\n\n').events, [ev('a', undefined, '1'), ev('b', undefined, '1')]);
  });

  it('reports retry only when the value is all ASCII digits', () => {
    const { retries, events } = parse(
      'retry: 1000\nretry:250\nretry: 1.5\nretry: -1\nretry: 10ms\nretry:\nretry\nretry:  30\nretry: ５\nretry: 007\n\n',
    );
    assert.deepEqual(retries, [1000, 250, 7]);
    assert.deepEqual(events, []);
  });

  it('ignores unknown fields and fields that only start like known ones', () => {
    const text = 'foo: bar\ndatum: x\ndata2: y\nevents: z\nidx: 1\nretryy: 5\nData: up\nbogus\ndata: ok\n\n';
    const { events, retries } = parse(text);
    assert.deepEqual(events, [ev('ok')]);
    assert.deepEqual(retries, []);
  });

  it('reads a line without a colon as a field with an empty value', () => {
    assert.deepEqual(parse('event\ndata\n\n').events, [ev('')]);
  });

  it('splits at the first colon only', () => {
    assert.deepEqual(parse('data: {"a":"b:c"}\n\n').events, [ev('{"a":"b:c"}')]);
  });
});

describe('SSE parser: comments', () => {
  it('reports comment text with one leading space stripped, and never dispatches', () => {
    const { events, comments } = parse(':\n: ping\n:  two spaces\n:no-space\n\n');
    assert.deepEqual(comments, ['', 'ping', ' two spaces', 'no-space']);
    assert.deepEqual(events, []);
  });

  it('keeps an event intact across interleaved comments', () => {
    const { events, comments } = parse('data: a\n: keep-alive\ndata: b\n\n');
    assert.deepEqual(events, [ev('a\nb')]);
    assert.deepEqual(comments, ['keep-alive']);
  });

  it('works without the optional callbacks', () => {
    const events: SSEEvent[] = [];
    const parser = createSSEParser({ onEvent: (event) => events.push(event) });
    parser.feed(': c\nretry: 5\ndata: x\n\n');
    assert.deepEqual(events, [ev('x')]);
  });
});

describe('SSE parser: BOM', () => {
  it('ignores a leading BOM', () => {
    assert.deepEqual(parse('\uFEFFdata: x\n\n').events, [ev('x')]);
  });

  it('ignores a BOM arriving as a chunk of its own', () => {
    assert.deepEqual(parse(['', '\uFEFF', 'data: x\n\n']).events, [ev('x')]);
  });

  it('strips only one BOM, and only at stream start', () => {
    // The second BOM becomes part of the field name, which then matches nothing.
    assert.deepEqual(parse('\uFEFF\uFEFFdata: x\n\ndata: y\n\n').events, [ev('y')]);
    assert.deepEqual(parse(['data: a\n\n', '\uFEFFdata: b\n\n']).events, [ev('a')]);
    assert.deepEqual(parse('data: \uFEFF\n\n').events, [ev('\uFEFF')]);
  });

  it('strips a UTF-8 BOM at the byte level exactly once', () => {
    const events: SSEEvent[] = [];
    const decoder = createSSEDecoder({ onEvent: (event) => events.push(event) });
    const once = new TextEncoder().encode('\uFEFFdata: x\n\n');
    decoder.push(once.subarray(0, 2));
    decoder.push(once.subarray(2));
    decoder.end();
    assert.deepEqual(events, [ev('x')]);

    events.length = 0;
    const twice = new TextEncoder().encode('\uFEFF\uFEFFdata: x\n\ndata: y\n\n');
    decoder.push(twice.subarray(0, 4));
    decoder.push(twice.subarray(4));
    decoder.end();
    // The second BOM is text: it spoils the first field name, so only the second block survives.
    assert.deepEqual(events, [ev('y')]);
  });
});

describe('SSE parser: end of stream', () => {
  it('discards an unterminated final event by default', () => {
    assert.deepEqual(parse('data: a\n\ndata: b').events, [ev('a')]);
    assert.deepEqual(parse('data: a\n\ndata: b\n').events, [ev('a')]);
  });

  it('end() returns the unterminated event it discarded, so a cut inside an event can be told apart', () => {
    const events: unknown[] = [];
    const parser = createSSEParser({ onEvent: (event) => events.push(event) });
    parser.feed('data: a\n\nevent: usage\ndata: {"usage": {"prompt');
    assert.deepEqual(parser.end(), { data: '{"usage": {"prompt', event: 'usage', id: undefined });
    assert.equal(events.length, 1);
    parser.feed('data: a\n\n');
    assert.equal(parser.end(), undefined, 'ended between events');
    parser.feed('data: [DONE]');
    assert.deepEqual(parser.end(), { data: '[DONE]', event: undefined, id: undefined });
    parser.feed('event: ping');
    assert.deepEqual(parser.end(), { data: '', event: 'ping', id: undefined }, 'a field line alone is inside an event too');
    parser.feed('data: b');
    assert.equal(parser.end({ dispatchIncomplete: true }), undefined, 'dispatched, not returned');
  });

  it('dispatches the unterminated final event when asked', () => {
    assert.deepEqual(parse('data: a\n\nevent: e\nid: 9\ndata: b\ndata: c', { dispatchIncomplete: true }).events, [
      ev('a'),
      ev('b\nc', 'e', '9'),
    ]);
    assert.deepEqual(parse('data: a\n\ndata: b\n', { dispatchIncomplete: true }).events, [ev('a'), ev('b')]);
    assert.deepEqual(parse('data: a\n\ndata: b\r', { dispatchIncomplete: true }).events, [ev('a'), ev('b')]);
  });

  it('dispatches nothing extra when the stream ended cleanly', () => {
    assert.deepEqual(parse('data: a\n\n', { dispatchIncomplete: true }).events, [ev('a')]);
    assert.deepEqual(parse('data: a\n\nevent: x\n', { dispatchIncomplete: true }).events, [ev('a')]);
  });

  it('resets after end, so the parser can read a new stream', () => {
    const events: SSEEvent[] = [];
    const parser = createSSEParser({ onEvent: (event) => events.push(event) });
    parser.feed('id: 1\ndata: a\n\ndata: partial');
    parser.end();
    parser.feed('\uFEFFdata: b\r');
    parser.end();
    parser.feed('\ndata: c\n\n');
    assert.deepEqual(events, [ev('a', undefined, '1'), ev('c')]);
  });

  it('reset() drops buffered lines, data, event type and id', () => {
    const events: SSEEvent[] = [];
    const parser = createSSEParser({ onEvent: (event) => events.push(event) });
    parser.feed('id: 1\nevent: e\ndata: a\ndata: par');
    parser.reset();
    parser.feed('tial\n\ndata: b\n\n');
    assert.deepEqual(events, [ev('b')]);
  });
});

describe('SSE parser: hostile input', () => {
  it('never throws on random bytes and control characters', () => {
    let seed = 42;
    const next = (): number => {
      seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
      return seed;
    };
    const alphabet = ['\r', '\n', ':', ' ', 'data', 'event', 'id', 'retry', '\u0000', '\uFEFF', '\uD83D', 'x', '9'];
    const parser = createSSEParser({ onEvent() {}, onRetry() {}, onComment() {} });
    const decoder = createSSEDecoder({ onEvent() {} });
    for (let round = 0; round < 2000; round++) {
      let chunk = '';
      const length = next() % 12;
      for (let i = 0; i < length; i++) chunk += alphabet[next() % alphabet.length];
      parser.feed(chunk);
      const bytes = new Uint8Array(next() % 8);
      for (let i = 0; i < bytes.length; i++) bytes[i] = next() & 0xff;
      decoder.push(bytes);
    }
    parser.end({ dispatchIncomplete: true });
    decoder.end({ dispatchIncomplete: true });
  });

  it('replaces invalid UTF-8 rather than failing', () => {
    const events: SSEEvent[] = [];
    const decoder = createSSEDecoder({ onEvent: (event) => events.push(event) });
    decoder.push(Uint8Array.of(0x64, 0x61, 0x74, 0x61, 0x3a, 0xff, 0x41, 0x0a, 0x0a));
    decoder.push(Uint8Array.of(0x64, 0x61, 0x74, 0x61, 0x3a, 0xe4, 0xbd));
    decoder.end({ dispatchIncomplete: true });
    assert.deepEqual(events, [ev('\uFFFDA'), ev('\uFFFD')]);
  });

  it('reads a chunk of many lines that keep it between events, each line once', () => {
    // Comments and `id:` lines leave the parser between events, where it looks ahead for a
    // whole block; looking from every such line to the chunk's end would take minutes here.
    const lines = 200_000;
    const text = ': keep-alive\nid: 7\n'.repeat(lines / 2) + 'event: done\ndata: last\n\n';
    const { events, comments } = parse(text);
    assert.equal(comments.length, lines / 2);
    assert.deepEqual(events, [ev('last', 'done', '7')]);
  });

  it('reads a long line delivered one character at a time', () => {
    const payload = 'x'.repeat(200_000);
    const events: SSEEvent[] = [];
    const parser = createSSEParser({ onEvent: (event) => events.push(event) });
    const text = `data: ${payload}\n\n`;
    for (let i = 0; i < text.length; i++) parser.feed(text[i] as string);
    assert.equal(events.length, 1);
    assert.equal(events[0]?.data, payload);
  });
});
