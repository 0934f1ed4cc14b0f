/**
 * The kit as `node:test` tests: one test per adapter run, one subtest per check result, so a
 * suite shows each failure by name with expected and actual.
 */
import { AssertionError } from 'node:assert';
import { test } from 'node:test';
import { runConformance } from './conformance.js';
import type { CheckResult, ConformanceOptions } from './conformance-types.js';

export interface RegisterOptions extends ConformanceOptions {
  /**
   * Known failures, by result name (`error mapping [anthropic-content-policy] (stream)`) or
   * fixture id, with the reason: reported as TODO, so a known bug is visible without failing the
   * suite. A listed result that passes fails the run: the entry is stale.
   */
  knownFailures?: Readonly<Record<string, string>>;
}

export function registerConformanceTests(name: string, options: RegisterOptions = {}): void {
  const { knownFailures = {}, ...kit } = options;
  test(name, async (t) => {
    const report = await runConformance(kit);
    for (const result of report.results) {
      const known = knownFailures[result.name] ?? (result.fixture === undefined ? undefined : knownFailures[result.fixture]);
      if (result.status === 'skip') {
        await t.test(result.name, { skip: result.message }, () => undefined);
      } else if (known !== undefined && result.status === 'fail') {
        await t.test(result.name, { todo: `known failure: ${known}` }, () => fail(result));
      } else if (knownFailures[result.name] !== undefined) {
        await t.test(result.name, () => {
          throw new Error(`listed as a known failure (${known}) but it passes: remove it from knownFailures`);
        });
      } else {
        await t.test(result.name, () => {
          if (result.status === 'fail') fail(result);
        });
      }
    }
  });
}

function fail(result: CheckResult): never {
  throw new AssertionError({
    message: `${result.name}: ${result.message}`,
    expected: result.expected,
    actual: result.actual,
    operator: 'conformance',
  });
}
