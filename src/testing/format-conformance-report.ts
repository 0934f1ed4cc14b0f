/**
 * A conformance report as terminal text: a summary line, every failure with expected and
 * actual, and (unless quiet) one line per pass and skip. Pure.
 */
import type { CheckResult, ConformanceReport } from './conformance-types.js';
import { describeValue } from './describe-value.js';

export interface FormatOptions {
  /** Only the summary and the failures. */
  quiet?: boolean;
}

export function formatConformanceReport(report: ConformanceReport, options: FormatOptions = {}): string {
  const { passed, failed, skipped } = report.counts;
  const lines: string[] = [
    `${report.mode === 'live' ? 'live ' : ''}conformance of ${report.adapter} as ${JSON.stringify(report.provider)} against ${report.fixtures} (${report.cases} case${report.cases === 1 ? '' : 's'}): ` +
      `${passed} passed, ${failed} failed, ${skipped} skipped in ${report.durationMs} ms`,
  ];
  for (const result of report.results) {
    if (result.status === 'fail') lines.push(...failure(result));
    else if (options.quiet !== true) lines.push(`  ${result.status === 'pass' ? 'ok  ' : 'skip'}  ${result.name}: ${result.message}`);
  }
  lines.push(
    report.ok
      ? skipped > 0
        ? `OK (${skipped} skipped: the fixtures do not cover every check)`
        : 'OK'
      : `FAILED: ${failed} check${failed === 1 ? '' : 's'}`,
  );
  return `${lines.join('\n')}\n`;
}

function failure(result: CheckResult): string[] {
  const out = [`  FAIL  ${result.name}: ${result.message}`];
  if (result.expected !== undefined) out.push(`          expected: ${describeValue(result.expected)}`);
  if (result.actual !== undefined) out.push(`          actual:   ${describeValue(result.actual)}`);
  return out;
}
