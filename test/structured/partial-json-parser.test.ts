import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createPartialJsonParser, parsePartialJson } from '../../src/structured/partial-json-parser.js';
import { seededRandom as random } from '../helpers/seeded-random.js';

const PIECES = [
  'a',
  'Zé',
  '"',
  '\\',
  '/',
  '\n',
  '\t',
  '\u0001',
  '\u2028',
  '☕',
  '🚀',
  '\ud800',
  ' ',
  '{',
  '}',
  '[',
  ']',
  ':',
  ',',
  'true',
  '-1',
];
const KEYS = ['name', 'age', 'tags', '', '__proto__', 'a b', 'é', '🚀', '"q"', 'constructor'];

function randomString(next: () => number): string {
  let s = '';
  const n = Math.floor(next() * 8);
  for (let i = 0; i < n; i++) s += PIECES[Math.floor(next() * PIECES.length)];
  return s;
}

function randomNumber(next: () => number): number {
  const kind = Math.floor(next() * 5);
  if (kind === 0) return Math.floor(next() * 1000) - 500;
  if (kind === 1) return (next() - 0.5) * 1e6;
  if (kind === 2) return next() * 1e-9;
  if (kind === 3) return (next() - 0.5) * 1e300;
  return 0;
}

function randomValue(next: () => number, depth: number): unknown {
  const kind = Math.floor(next() * (depth > 3 ? 5 : 7));
  switch (kind) {
    case 0:
      return randomString(next);
    case 1:
      return randomNumber(next);
    case 2:
      return next() < 0.5;
    case 3:
      return null;
    case 4:
      return randomString(next);
    case 5: {
      const n = Math.floor(next() * 5);
      return Array.from({ length: n }, () => randomValue(next, depth + 1));
    }
    default: {
      const object: Record<string, unknown> = {};
      const n = Math.floor(next() * 5);
      for (let i = 0; i < n; i++) {
        const key = next() < 0.7 ? KEYS[Math.floor(next() * KEYS.length)]! : randomString(next);
        Object.defineProperty(object, key, { value: randomValue(next, depth + 1), enumerable: true, writable: true, configurable: true });
      }
      return object;
    }
  }
}

/** JSON with every non-ASCII character escaped as `\uXXXX` (so surrogate pairs arrive as two escapes) and random spacing. */
function asciiJson(value: unknown, next: () => number): string {
  const space = (): string => [' ', '', '\n  ', '\t', '\r\n'][Math.floor(next() * 5)]!;
  const escape = (s: string): string =>
    JSON.stringify(s).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  if (Array.isArray(value)) return `[${space()}${value.map((v) => asciiJson(v, next)).join(`${space()},${space()}`)}${space()}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).map(([k, v]) => `${escape(k)}${space()}:${space()}${asciiJson(v, next)}`);
    return `{${space()}${entries.join(`,${space()}`)}${space()}}`;
  }
  return typeof value === 'string' ? escape(value) : JSON.stringify(value);
}

/** True when `partial` is what a parser may show of `full` before the end: complete but for its last open part. */
function isPartialOf(partial: unknown, full: unknown): boolean {
  if (partial === undefined) return true;
  if (typeof partial === 'string') return typeof full === 'string' && full.startsWith(partial);
  if (Array.isArray(partial)) {
    if (!Array.isArray(full) || partial.length > full.length) return false;
    return partial.every((v, i) => (i < partial.length - 1 ? sameJson(v, full[i]) : isPartialOf(v, full[i])));
  }
  if (partial !== null && typeof partial === 'object') {
    if (full === null || typeof full !== 'object' || Array.isArray(full)) return false;
    const keys = Object.keys(partial);
    const fullKeys = Object.keys(full);
    if (!keys.every((k, i) => fullKeys[i] === k)) return false;
    return keys.every((k, i) => {
      const a = (partial as Record<string, unknown>)[k];
      const b = (full as Record<string, unknown>)[k];
      return i < keys.length - 1 ? sameJson(a, b) : isPartialOf(a, b);
    });
  }
  return Object.is(partial, full) || partial === full;
}

const sameJson = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b) && keyOrder(a) === keyOrder(b);
const keyOrder = (v: unknown): string =>
  JSON.stringify(v, (_k, x: unknown) => (x !== null && typeof x === 'object' && !Array.isArray(x) ? Object.keys(x) : x));

/** Cuts `text` at random points into pieces (some empty). */
function cut(text: string, next: () => number): string[] {
  const pieces: string[] = [];
  let at = 0;
  while (at < text.length) {
    const size = Math.floor(next() * next() * 12);
    pieces.push(text.slice(at, at + size));
    at += size;
  }
  return pieces;
}

/** The snapshot of a new parser fed the whole prefix at once. */
function fromScratch(prefix: string): unknown {
  const parser = createPartialJsonParser();
  parser.feed(prefix);
  return parser.snapshot();
}

/** Feeds the pieces, checking every snapshot against the full value; returns the last snapshot. */
function feedChecked(pieces: readonly string[], full: unknown, label: string): unknown {
  const parser = createPartialJsonParser();
  let previous: unknown;
  let prefix = '';
  for (const piece of pieces) {
    const changed = parser.feed(piece);
    const snapshot = parser.snapshot();
    prefix += piece;
    assert.equal(parser.error, undefined, `${label}: ${parser.error}`);
    assert.ok(
      sameJson(snapshot, fromScratch(prefix)),
      `${label}: fed in pieces, ${JSON.stringify(snapshot)}; at once, ${JSON.stringify(fromScratch(prefix))}`,
    );
    if (!changed) assert.equal(snapshot, previous, `${label}: feed said nothing changed, yet the snapshot did`);
    assert.ok(isPartialOf(snapshot, full), `${label}: ${JSON.stringify(snapshot)} is not a partial of ${JSON.stringify(full)}`);
    assert.ok(
      isPartialOf(previous, snapshot ?? previous),
      `${label}: went backwards from ${JSON.stringify(previous)} to ${JSON.stringify(snapshot)}`,
    );
    if (snapshot !== null && typeof snapshot === 'object') assert.ok(Object.isFrozen(snapshot), `${label}: snapshots are frozen`);
    previous = snapshot;
  }
  parser.end();
  assert.ok(parser.complete, `${label}: complete at the end`);
  return parser.snapshot();
}

describe('partial JSON parser: properties over random values and random cut points', () => {
  it('ends with exactly what JSON.parse gives, and every snapshot on the way is a partial of it', () => {
    for (let seed = 1; seed <= 400; seed++) {
      const next = random(seed);
      const value = randomValue(next, 0);
      for (const text of [JSON.stringify(value), JSON.stringify(value, null, 2), asciiJson(value, next)]) {
        const full = JSON.parse(text) as unknown;
        const final = feedChecked(cut(text, next), full, `seed ${seed} ${JSON.stringify(text).slice(0, 80)}`);
        assert.ok(sameJson(final, full), `seed ${seed}: ${JSON.stringify(final)} != ${text}`);
      }
    }
  });

  it('gives the same end result for a cut at every single position', () => {
    for (let seed = 1000; seed < 1040; seed++) {
      const next = random(seed);
      const text = asciiJson({ items: [randomValue(next, 2), randomValue(next, 2)], note: 'x\ud83d\ude80"\\y' }, next);
      const full = JSON.parse(text) as unknown;
      for (let at = 0; at <= text.length; at++) {
        const final = feedChecked([text.slice(0, at), text.slice(at)], full, `seed ${seed} cut ${at}`);
        assert.ok(sameJson(final, full));
      }
    }
  });

  it('feeds one character at a time', () => {
    const text = JSON.stringify({ a: [1, 2.5, -3e-7, true, false, null], b: { c: 'déjà vu ☕ 🚀', d: [] }, e: {} });
    const final = feedChecked([...text], JSON.parse(text), 'char by char');
    assert.deepEqual(final, JSON.parse(text));
  });
});

describe('partial JSON parser: what a partial shows', () => {
  const cases: [string, unknown][] = [
    ['', undefined],
    ['  ', undefined],
    ['{', {}],
    ['{"na', {}],
    ['{"name"', {}],
    ['{"name":', {}],
    ['{"name":"', { name: '' }],
    ['{"name":"Ad', { name: 'Ad' }],
    ['{"name":"Ad\\', { name: 'Ad' }],
    ['{"name":"Ad\\u00', { name: 'Ad' }],
    ['{"name":"Ad\\u00e9', { name: 'Adé' }],
    ['{"e":"\\ud83d', { e: '' }],
    ['{"e":"\\ud83d\\ude80', { e: '🚀' }],
    ['{"n":12', {}],
    ['{"n":12,', { n: 12 }],
    ['{"n":12}', { n: 12 }],
    ['{"ok":tr', {}],
    ['{"ok":true', { ok: true }],
    ['[1,2', [1]],
    ['[1,2]', [1, 2]],
    ['[[', [[]]],
    ['{"a":{"b":[{"c":"x', { a: { b: [{ c: 'x' }] } }],
    ['"partial str', 'partial str'],
    ['42', undefined],
  ];
  for (const [text, expected] of cases) {
    it(JSON.stringify(text), () => {
      const parser = createPartialJsonParser();
      parser.feed(text);
      assert.equal(parser.error, undefined);
      assert.deepEqual(parser.snapshot(), expected);
    });
  }

  it('completes a top-level number at the end of input', () => {
    assert.equal(parsePartialJson('42'), 42);
    assert.equal(parsePartialJson(' -0.5e3 '), -500);
  });

  it('ignores what follows the value and says where the value ended', () => {
    const parser = createPartialJsonParser();
    parser.feed('{"a":1} and some prose {');
    assert.ok(parser.complete);
    assert.equal(parser.consumed, 7);
    assert.deepEqual(parser.snapshot(), { a: 1 });
    assert.equal(parser.feed('more'), false);
  });

  it('keeps __proto__ as an own key, as JSON.parse does', () => {
    const value = parsePartialJson('{"__proto__":{"polluted":true},"x":1}') as Record<string, unknown>;
    assert.deepEqual(Object.keys(value), ['__proto__', 'x']);
    assert.equal(({} as Record<string, unknown>)['polluted'], undefined);
    assert.equal(Object.getPrototypeOf(value), Object.prototype);
  });

  it('returns the same snapshot object until something visible changes', () => {
    const parser = createPartialJsonParser();
    parser.feed('{"a":[1,');
    const first = parser.snapshot();
    assert.equal(parser.feed('  2'), false);
    assert.equal(parser.snapshot(), first);
    assert.equal(parser.feed(','), true);
    assert.notEqual(parser.snapshot(), first);
    assert.deepEqual(parser.snapshot(), { a: [1, 2] });
  });

  it('shares closed parts between snapshots instead of copying them', () => {
    const parser = createPartialJsonParser();
    parser.feed('{"done":{"x":[1,2,3]},"open":[');
    const a = parser.snapshot() as { done: unknown };
    parser.feed('4,');
    const b = parser.snapshot() as { done: unknown };
    assert.notEqual(a, b);
    assert.equal(a.done, b.done);
  });
});

describe('partial JSON parser: bad input', () => {
  const bad = [
    '{"a" 1}',
    '[1,]',
    '{,}',
    '01',
    'tru e',
    '"\\x"',
    '[1 2]',
    '{"a":1,}',
    '}',
    'nul!',
    '"a\nb"',
    '{"a":-}',
    '[1.]',
    '{"a":"\\u12G4"}',
    'hello',
  ];
  for (const text of bad) {
    it(`stops without throwing on ${JSON.stringify(text)}`, () => {
      const parser = createPartialJsonParser();
      assert.doesNotThrow(() => {
        parser.feed(text);
        parser.end();
      });
      assert.equal(typeof parser.error, 'string', `expected an error for ${text}`);
      assert.throws(() => JSON.parse(text), 'JSON.parse agrees the input is bad');
      assert.equal(parser.feed('{}'), false, 'nothing is read after an error');
    });
  }
});
