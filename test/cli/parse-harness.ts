/**
 * The two questions every parse-*-args test asks of a parser: does this argv parse (and to what),
 * or does it fail (and with which message).
 */
import assert from 'node:assert/strict';
import type { ParseResult } from '../../src/cli/read-flags.js';

export interface ParseHarness<T> {
  /** Asserts `argv` parses; returns the value. */
  ok(argv: string[]): T;
  /** Asserts `argv` is refused; returns the message. */
  fail(argv: string[]): string;
}

export function parseHarness<T>(parse: (argv: readonly string[]) => ParseResult<T>): ParseHarness<T> {
  return {
    ok(argv) {
      const result = parse(argv);
      if (!result.ok) assert.fail(`expected ${JSON.stringify(argv)} to parse; got: ${result.message}`);
      return result.value;
    },
    fail(argv) {
      const result = parse(argv);
      if (result.ok) assert.fail(`expected ${JSON.stringify(argv)} to be refused; got: ${JSON.stringify(result.value)}`);
      return result.message;
    },
  };
}
