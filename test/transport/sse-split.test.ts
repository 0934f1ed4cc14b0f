import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createSSEDecoder, createSSEParser, type SSEEvent, type SSEParserCallbacks } from '../../src/transport/sse.js';
import { seededRandom } from '../helpers/seeded-random.js';

// Chunk boundaries are decided by the network, so a parse must not depend on them: every test
// here compares a split parse against the parse of the whole text.

interface Parsed {
  events: SSEEvent[];
  retries: number[];
  comments: string[];
}

function collector(): { out: Parsed; callbacks: SSEParserCallbacks } {
  const out: Parsed = { events: [], retries: [], comments: [] };
  const callbacks: SSEParserCallbacks = {
    onEvent: (event) => out.events.push(event),
    onRetry: (ms) => out.retries.push(ms),
    onComment: (comment) => out.comments.push(comment),
  };
  return { out, callbacks };
}

function parseText(chunks: readonly string[]): Parsed {
  const { out, callbacks } = collector();
  const parser = createSSEParser(callbacks);
  for (const chunk of chunks) parser.feed(chunk);
  parser.end();
  return out;
}

function parseBytes(chunks: readonly Uint8Array[]): Parsed {
  const { out, callbacks } = collector();
  const decoder = createSSEDecoder(callbacks);
  for (const chunk of chunks) decoder.push(chunk);
  decoder.end();
  return out;
}

const encoder = new TextEncoder();

const OPENAI_PIECES = ['Bonjour', ' 👋', '! Café', ' naïve', ' — 你好', '世界', ' 🇫🇷🧑‍💻', ' ok.'];

function openaiStream(eol: string): string {
  const base = {
    id: 'chatcmpl-AXk3mZ9vQpL2',
    object: 'chat.completion.chunk',
    created: 1732540000,
    model: 'gpt-4o-mini-2024-07-18',
    system_fingerprint: 'fp_0ba0d124f1',
  };
  const chunks: unknown[] = [
    {
      ...base,
      choices: [{ index: 0, delta: { role: 'assistant', content: '', refusal: null }, logprobs: null, finish_reason: null }],
      usage: null,
    },
    ...OPENAI_PIECES.map((content) => ({
      ...base,
      choices: [{ index: 0, delta: { content }, logprobs: null, finish_reason: null }],
      usage: null,
    })),
    { ...base, choices: [{ index: 0, delta: {}, logprobs: null, finish_reason: 'stop' }], usage: null },
    { ...base, choices: [], usage: { prompt_tokens: 12, completion_tokens: 17, total_tokens: 29 } },
  ];
  const lines: string[] = [];
  for (const chunk of chunks) lines.push(`data: ${JSON.stringify(chunk)}`, '');
  lines.push('data: [DONE]', '', '');
  return lines.join(eol);
}

const ANTHROPIC_PIECES = ['Hola', ' 🌍, ', 'こんにちは', ' — déjà vu', ' ✨'];

function anthropicStream(eol: string): string {
  const blocks: [string, unknown][] = [
    [
      'message_start',
      {
        type: 'message_start',
        message: {
          id: 'msg_01XFDUDYJgAACzvnptvVoYEL',
          type: 'message',
          role: 'assistant',
          content: [],
          model: 'claude-sonnet-4-5',
          stop_reason: null,
          stop_sequence: null,
          usage: { input_tokens: 25, output_tokens: 1 },
        },
      },
    ],
    ['content_block_start', { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } }],
    ['ping', { type: 'ping' }],
    ...ANTHROPIC_PIECES.map((text): [string, unknown] => [
      'content_block_delta',
      { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text } },
    ]),
    ['content_block_stop', { type: 'content_block_stop', index: 0 }],
    ['message_delta', { type: 'message_delta', delta: { stop_reason: 'end_turn', stop_sequence: null }, usage: { output_tokens: 15 } }],
    ['message_stop', { type: 'message_stop' }],
  ];
  const lines: string[] = [];
  for (const [name, payload] of blocks) lines.push(`event: ${name}`, `data: ${JSON.stringify(payload)}`, '');
  lines.push('');
  return lines.join(eol);
}

function openaiText(events: readonly SSEEvent[]): string {
  let text = '';
  for (const event of events) {
    if (event.data === '[DONE]') continue;
    const chunk = JSON.parse(event.data) as { choices: { delta: { content?: string } }[] };
    text += chunk.choices[0]?.delta.content ?? '';
  }
  return text;
}

function anthropicText(events: readonly SSEEvent[]): string {
  let text = '';
  for (const event of events) {
    const payload = JSON.parse(event.data) as { type: string; delta?: { text?: string } };
    assert.equal(payload.type, event.event);
    if (event.event === 'content_block_delta') text += payload.delta?.text ?? '';
  }
  return text;
}

const FIXTURES = [
  {
    name: 'OpenAI chat stream',
    build: openaiStream,
    check(parsed: Parsed) {
      assert.equal(parsed.events.length, OPENAI_PIECES.length + 4);
      assert.ok(parsed.events.every((event) => event.event === undefined && event.id === undefined));
      assert.equal(parsed.events.at(-1)?.data, '[DONE]');
      assert.equal(openaiText(parsed.events), OPENAI_PIECES.join(''));
    },
  },
  {
    name: 'Anthropic messages stream',
    build: anthropicStream,
    check(parsed: Parsed) {
      assert.equal(parsed.events.length, ANTHROPIC_PIECES.length + 6);
      assert.equal(parsed.events[0]?.event, 'message_start');
      assert.equal(parsed.events.at(-1)?.event, 'message_stop');
      assert.equal(anthropicText(parsed.events), ANTHROPIC_PIECES.join(''));
    },
  },
];

const ENDINGS = [
  ['LF', '\n'],
  ['CRLF', '\r\n'],
  ['CR', '\r'],
] as const;

for (const fixture of FIXTURES) {
  describe(`SSE splitting: ${fixture.name}`, () => {
    for (const [endingName, eol] of ENDINGS) {
      const text = fixture.build(eol);
      const bytes = encoder.encode(text);
      const whole = parseText([text]);

      it(`parses the whole ${endingName} stream to the expected events`, () => {
        fixture.check(whole);
        assert.ok(bytes.length > text.length, 'fixture must contain multi-byte characters');
        assert.deepEqual(parseBytes([bytes]), whole);
      });

      it(`gives the same events for a split at every UTF-16 index (${endingName})`, () => {
        for (let i = 0; i <= text.length; i++) {
          assert.deepEqual(parseText([text.slice(0, i), text.slice(i)]), whole, `split at ${i}`);
        }
      });

      it(`gives the same events for a split at every byte (${endingName})`, () => {
        for (let i = 0; i <= bytes.length; i++) {
          assert.deepEqual(parseBytes([bytes.subarray(0, i), bytes.subarray(i)]), whole, `split at byte ${i}`);
        }
      });

      it(`gives the same events one byte and one UTF-16 unit at a time (${endingName})`, () => {
        const singleBytes: Uint8Array[] = [];
        for (let i = 0; i < bytes.length; i++) singleBytes.push(bytes.subarray(i, i + 1));
        assert.deepEqual(parseBytes(singleBytes), whole);
        assert.deepEqual(parseText(Array.from({ length: text.length }, (_, i) => text.charAt(i))), whole);
      });
    }
  });
}

describe('SSE splitting: seeded random splits of a large stream', () => {
  function buildLargeStream(random: () => number): string {
    const endings = ['\n', '\r\n', '\r'];
    const words = ['token', ' 🙂', ' 東京', ' señor', ' ü', '\t', ' "quoted"', ' a:b', ' 𝄞'];
    const parts: string[] = ['\uFEFF', 'retry: 3000\n', ': stream opened\n\n'];
    for (let n = 0; n < 3000; n++) {
      const eol = endings[Math.floor(random() * endings.length)] as string;
      const roll = random();
      if (roll < 0.05) parts.push(`: keep-alive ${n}${eol}`);
      if (roll < 0.1) parts.push(`id: ${n}${eol}`);
      if (roll > 0.5) parts.push(`event: delta${eol}`);
      if (roll > 0.97) parts.push(`retry: ${n}${eol}`);
      const lines = 1 + Math.floor(random() * 3);
      for (let l = 0; l < lines; l++) {
        const word = words[Math.floor(random() * words.length)] as string;
        parts.push(`data: ${JSON.stringify({ n, l, content: word.repeat(1 + Math.floor(random() * 4)) })}${eol}`);
      }
      parts.push(eol);
    }
    return parts.join('');
  }

  const random = seededRandom(0x5eed);
  const text = buildLargeStream(random);
  const bytes = encoder.encode(text);
  const whole = parseText([text]);

  it('has the expected shape unsplit', () => {
    assert.equal(whole.events.length, 3000);
    assert.equal(whole.retries[0], 3000);
    assert.equal(whole.comments[0], 'stream opened');
    assert.ok(whole.events.some((event) => event.id !== undefined && event.event === 'delta'));
  });

  it('gives the same result for 40 random byte splittings', () => {
    for (let round = 0; round < 40; round++) {
      const maxChunk = round % 2 === 0 ? 16 : 4096;
      const chunks: Uint8Array[] = [];
      for (let at = 0; at < bytes.length;) {
        const size = 1 + Math.floor(random() * maxChunk);
        chunks.push(bytes.subarray(at, at + size));
        at += size;
      }
      assert.deepEqual(parseBytes(chunks), whole, `round ${round}`);
    }
  });

  it('gives the same result for 40 random string splittings, with empty chunks', () => {
    for (let round = 0; round < 40; round++) {
      const chunks: string[] = [];
      for (let at = 0; at < text.length;) {
        const size = Math.floor(random() * (round % 2 === 0 ? 8 : 2048));
        chunks.push(text.slice(at, at + size));
        at += size;
      }
      assert.deepEqual(parseText(chunks), whole, `round ${round}`);
    }
  });
});

describe('SSE splitting: LF-only blocks that nearly have the common shape', () => {
  // A whole `event: x\ndata: y\n\n` block is read in one step when it is complete in a chunk;
  // fed one UTF-16 unit at a time no block ever is, so that parse is the line-by-line reading.
  // Every block below is a near miss of the one-step shape, and the two readings must agree.
  const BLOCKS = [
    'event: delta\ndata: {"a":1}\n\n',
    'data: {"b":2}\n\n',
    'event:delta\ndata: no space after the colon\n\n',
    'event: \ndata: empty event name\n\n',
    'event: only a name\n\n',
    'data:no space\n\n',
    'data: \n\n',
    'data\n\n',
    'data: two\ndata: lines\n\n',
    'event: a\nevent: b\ndata: the last name wins\n\n',
    'data: data before the name\nevent: late\n\n',
    'id: 7\ndata: with an id\n\n',
    'event: x\ndata: then an id\nid: 8\n\n',
    ': a comment\ndata: after a comment\n\n',
    'retry: 250\nevent: r\ndata: after a retry\n\n',
    'event: x\ndata: extra blank lines\n\n\n\n',
    'data:  two spaces\n\n',
    'event:  two spaces\ndata: x\n\n',
    'Event: capital\ndata: x\n\n',
    'events: plural\ndata: x\n\n',
    'data: ünï©ødé 🙂\n\n',
    '\n',
  ];

  const random = seededRandom(0xb10c);
  const parts: string[] = [];
  for (let n = 0; n < 2000; n++) parts.push(BLOCKS[Math.floor(random() * BLOCKS.length)] as string);
  const text = parts.join('');
  const lineByLine = parseText(Array.from(text));

  it('reads the blocks as the line path does, whole and split anywhere', () => {
    assert.deepEqual(parseText([text]), lineByLine);
    for (let round = 0; round < 20; round++) {
      const chunks: string[] = [];
      for (let at = 0; at < text.length;) {
        const size = 1 + Math.floor(random() * (round % 2 === 0 ? 40 : 4000));
        chunks.push(text.slice(at, at + size));
        at += size;
      }
      assert.deepEqual(parseText(chunks), lineByLine, `round ${round}`);
    }
  });

  it('reads each block shape as the spec says', () => {
    const one = (block: string) => parseText([block]);
    assert.deepEqual(one('event: delta\ndata: {"a":1}\n\n').events, [{ data: '{"a":1}', event: 'delta', id: undefined }]);
    assert.deepEqual(one('event: \ndata: empty event name\n\n').events, [{ data: 'empty event name', event: undefined, id: undefined }]);
    assert.deepEqual(one('event: only a name\n\n').events, []);
    assert.deepEqual(one('data: \n\n').events, [{ data: '', event: undefined, id: undefined }]);
    assert.deepEqual(one('event:  two spaces\ndata: x\n\n').events, [{ data: 'x', event: ' two spaces', id: undefined }]);
    assert.deepEqual(one('id: 7\ndata: a\n\nevent: e\ndata: b\n\n').events, [
      { data: 'a', event: undefined, id: '7' },
      { data: 'b', event: 'e', id: '7' },
    ]);
    // A CR later in the chunk: the blocks before it are read the same either way.
    assert.deepEqual(one('event: e\ndata: a\n\ndata: b\r\n\r\n').events, [
      { data: 'a', event: 'e', id: undefined },
      { data: 'b', event: undefined, id: undefined },
    ]);
  });

  it('has every kind of block in the mix', () => {
    assert.ok(lineByLine.events.length > 1000);
    assert.ok(lineByLine.events.some((event) => event.event === 'b'));
    assert.ok(lineByLine.events.some((event) => event.id === '8'));
    assert.ok(lineByLine.comments.includes('a comment'));
    assert.ok(lineByLine.retries.includes(250));
  });
});
