import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readPlainTextDelta, textDeltaPrefix } from '../../../src/providers/anthropic/plain-text-delta.js';

// What a full parse says the text is, if the payload is exactly a text delta of block `index`
// with the four keys in the API's order; undefined for anything else.
function fullParse(data: string, index: number): string | undefined {
  let payload: unknown;
  try {
    payload = JSON.parse(data);
  } catch {
    return undefined;
  }
  const event = payload as { type?: unknown; index?: unknown; delta?: { type?: unknown; text?: unknown } };
  if (event.type !== 'content_block_delta' || event.index !== index || event.delta?.type !== 'text_delta') return undefined;
  return typeof event.delta.text === 'string' ? event.delta.text : undefined;
}

const delta = (index: number, text: string) => JSON.stringify({ type: 'content_block_delta', index, delta: { type: 'text_delta', text } });

const TEXTS = [
  'Hello',
  '',
  ' world.\n\nNext paragraph',
  'a "quoted" word',
  'back\\slash',
  'ends with a quote"',
  'ends with braces"}}',
  '"}},"extra":"x',
  'tab\there',
  'é 你好 🙂 🇫🇷',
  '\u0000\u001f control characters',
  '\u2028\u2029 line separators',
  'lone \ud83d surrogate',
];

describe('readPlainTextDelta', () => {
  it('reads the text of a delta in the exact API form, escapes and all', () => {
    for (const index of [0, 1, 12]) {
      const prefix = textDeltaPrefix(index);
      for (const text of TEXTS) assert.equal(readPlainTextDelta(delta(index, text), prefix), text, JSON.stringify(text));
    }
  });

  it('leaves every other payload to the full parse', () => {
    const prefix = textDeltaPrefix(0);
    const others = [
      delta(1, 'another block'),
      JSON.stringify({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'x', extra: 1 } }),
      JSON.stringify({ type: 'content_block_delta', index: 0, delta: { text: 'x', type: 'text_delta' } }),
      JSON.stringify({ index: 0, type: 'content_block_delta', delta: { type: 'text_delta', text: 'x' } }),
      JSON.stringify({ type: 'content_block_delta', index: 0, delta: { type: 'thinking_delta', thinking: 'x' } }),
      JSON.stringify({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'x' }, extra: 'y' }),
      `${delta(0, 'trailing space')} `,
      `${prefix}unescaped "quote"}}`,
      `${prefix}raw\ncontrol"}}`,
      `${prefix}bad escape \\x"}}`,
      `${prefix}"}}`.replace('"}}', '}}'),
      `${prefix}no end`,
      '{"type":"ping"}',
      '',
    ];
    for (const data of others) {
      const text = readPlainTextDelta(data, prefix);
      assert.equal(text, undefined, data);
    }
  });

  it('agrees with a full parse on thousands of mutated payloads', () => {
    // Deterministic mutations of valid deltas: a character inserted, deleted or replaced anywhere.
    let state = 0x7e57;
    const random = () => {
      state = (Math.imul(state, 1103515245) + 12345) >>> 0;
      return state / 4294967296;
    };
    const alphabet = ['"', '\\', '}', '{', ',', ':', ' ', 'n', 'u', '0', 'a', '\n', '\u0001', 'é', '🙂'];
    const prefix = textDeltaPrefix(0);
    let plain = 0;
    for (let n = 0; n < 5000; n++) {
      const base = delta(0, TEXTS[n % TEXTS.length] as string);
      const at = Math.floor(random() * (base.length + 1));
      const char = alphabet[Math.floor(random() * alphabet.length)] as string;
      const roll = random();
      const data =
        roll < 0.2
          ? base
          : roll < 0.5
            ? base.slice(0, at) + char + base.slice(at)
            : roll < 0.75
              ? base.slice(0, at) + base.slice(at + 1)
              : base.slice(0, at) + char + base.slice(at + 1);
      const text = readPlainTextDelta(data, prefix);
      // When the plain reading gives a text, the full parse must give the same; when it does not,
      // the full parse decides (and may still find a valid delta in another form).
      if (text !== undefined) {
        plain++;
        assert.equal(text, fullParse(data, 0), JSON.stringify(data));
      }
    }
    assert.ok(plain > 1000, `only ${plain} payloads were read plainly`);
  });
});
