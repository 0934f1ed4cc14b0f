import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readFileName, readFlags, readNonBlank, readNumber, readWholeNumber, refuse } from '../../src/cli/read-flags.js';
import { parseHarness } from './parse-harness.js';

const OPTIONS = {
  name: { type: 'string', short: 'n' },
  tag: { type: 'string', multiple: true },
  loud: { type: 'boolean' },
} as const;

const { ok, fail } = parseHarness((argv) => readFlags(argv, { options: OPTIONS, positionals: true }, (flags) => flags));
const noWords = parseHarness((argv) => readFlags(argv, { options: OPTIONS, positionals: false }, (flags) => flags));

/** What a `read` callback refuses, through readFlags. */
function refused(read: () => unknown): string {
  return parseHarness((argv) => readFlags(argv, { options: {}, positionals: false }, read)).fail([]);
}

describe('readFlags', () => {
  it('reads strings, repeated options, booleans and words, typed by the spec', () => {
    const { values, positionals, help } = ok(['-n', 'a', '--tag', 'x', 'word', '--tag=y', '--loud']);
    const name: string | undefined = values.name;
    const tags: string[] | undefined = values.tag;
    const loud: boolean | undefined = values.loud;
    // @ts-expect-error only the spec's options (and help) are values
    void values.other;
    assert.deepEqual(
      { name, tags, loud, positionals, help },
      { name: 'a', tags: ['x', 'y'], loud: true, positionals: ['word'], help: false },
    );
  });

  it('adds -h and --help to every spec', () => {
    assert.equal(ok(['-h']).help, true);
    assert.equal(ok(['--help']).help, true);
    assert.equal(ok(['--help']).values.help, true);
    assert.equal(noWords.ok(['-h']).help, true);
  });

  it('takes everything after -- as words, options included', () => {
    assert.deepEqual(ok(['--', '--loud', '-n']).positionals, ['--loud', '-n']);
    assert.equal(ok(['--', '--loud']).values.loud, undefined);
  });

  it("returns parseArgs' own message for unknown options, missing values and words a spec does not take", () => {
    assert.match(fail(['--bogus']), /Unknown option '--bogus'/);
    assert.match(fail(['-n']), /Option '-n, --name <value>' argument missing/);
    assert.match(noWords.fail(['extra']), /Unexpected argument 'extra'/);
    assert.equal(noWords.ok([]).positionals.length, 0);
  });

  it('returns what the reader refuses, and lets any other error through', () => {
    assert.equal(
      refused(() => refuse('no good')),
      'no good',
    );
    assert.throws(
      () =>
        readFlags([], { options: {}, positionals: false }, () => {
          throw new TypeError('a bug');
        }),
      { name: 'TypeError', message: 'a bug' },
    );
  });
});

describe('readNumber', () => {
  const positive = (n: number): boolean => n > 0;

  it('is undefined when absent and the number when valid', () => {
    assert.equal(readNumber(undefined, '--n', 'a number > 0', positive), undefined);
    assert.equal(readNumber(' 2.5 ', '--n', 'a number > 0', positive), 2.5);
  });

  it('refuses blank, non-finite and invalid values, naming the flag, the expectation and the value', () => {
    for (const raw of ['', ' ', 'many', 'Infinity', '0', '-1']) {
      assert.equal(
        refused(() => readNumber(raw, '--n', 'a number > 0', positive)),
        `--n must be a number > 0; got ${JSON.stringify(raw)}`,
        raw,
      );
    }
  });
});

describe('readWholeNumber', () => {
  it('reads counts as parseIntegerFlag does, undefined when absent', () => {
    assert.equal(readWholeNumber(undefined, '--input'), undefined);
    assert.equal(readWholeNumber('200,000', '--input'), 200000);
    assert.equal(readWholeNumber('1', '--limit', 1), 1);
  });

  it("refuses with parseIntegerFlag's message", () => {
    assert.equal(
      refused(() => readWholeNumber('1.5', '--input')),
      '--input must be a whole number >= 0; got "1.5"',
    );
    assert.equal(
      refused(() => readWholeNumber('0', '--limit', 1)),
      '--limit must be a whole number >= 1; got "0"',
    );
  });
});

describe('readNonBlank and readFileName', () => {
  it('pass a value through untouched, absent included', () => {
    assert.equal(readNonBlank(undefined, '--model'), undefined);
    assert.equal(readNonBlank(' a ', '--model'), ' a ');
    assert.equal(readFileName('t.json', '--table'), 't.json');
  });

  it('refuse a blank value', () => {
    assert.equal(
      refused(() => readNonBlank(' ', '--model')),
      '--model must not be empty',
    );
    assert.equal(
      refused(() => readNonBlank('', '--x', 'must be set')),
      '--x must be set',
    );
    assert.equal(
      refused(() => readFileName(' ', '--out')),
      '--out must name a file',
    );
  });
});
