import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { extractJson } from '../../src/structured/extract-json.js';

describe('extractJson', () => {
  const found: [string, unknown][] = [
    ['{"a":1}', { a: 1 }],
    ['  [1, 2]\n', [1, 2]],
    ['"just a string"', 'just a string'],
    ['```json\n{"a":1}\n```', { a: 1 }],
    ['Here:\n```\n{"a":[1,{"b":"}"}]}\n```\nDone.', { a: [1, { b: '}' }] }],
    ['Sure! The answer is {"a": "x"} — hope that helps {', { a: 'x' }],
    ['Use {curly} braces. {"a":2}', { a: 2 }],
    ['```js\nnot json\n```\n```json\n{"ok":true}\n```', { ok: true }],
    ['prefix [1,2,3] suffix', [1, 2, 3]],
  ];
  for (const [text, value] of found) {
    it(`finds the value in ${JSON.stringify(text)}`, () => assert.deepEqual(extractJson(text), { ok: true, value }));
  }

  for (const text of ['', '   ', 'no json here', '{"a":1', 'Hello {world}']) {
    it(`reports no JSON in ${JSON.stringify(text)}`, () => {
      const result = extractJson(text);
      assert.equal(result.ok, false);
      assert.match(!result.ok ? result.message : '', /empty|not valid JSON/);
    });
  }
});
