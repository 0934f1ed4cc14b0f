// A quiet reporter for Node's test runner: failures in full, then one closing line
// `N passed, N failed` (and skipped/todo when there are any). The full spec output goes to a
// file beside it (see run-tests.mjs), so a green run prints a few lines instead of thousands.
import { relative } from 'node:path';
import { inspect } from 'node:util';

const SLOWEST = Number(process.env.LLMUX_TEST_SLOWEST ?? 0);

export default async function* summaryReporter(source) {
  const counts = { passed: 0, failed: 0, skipped: 0, todo: 0 };
  const failures = [];
  const fileTimes = new Map();
  const started = Date.now();
  for await (const event of source) {
    if (event.type !== 'test:pass' && event.type !== 'test:fail') continue;
    const data = event.data;
    if (data.nesting === 0 && data.file !== undefined) {
      fileTimes.set(data.file, (fileTimes.get(data.file) ?? 0) + (data.details?.duration_ms ?? 0));
    }
    if (data.details?.type === 'suite') continue;
    if (data.skip !== undefined) counts.skipped++;
    else if (data.todo !== undefined) counts.todo++;
    else if (event.type === 'test:pass') counts.passed++;
    else {
      counts.failed++;
      const where = data.file === undefined ? '' : ` (${relative(process.cwd(), data.file)})`;
      const error = data.details?.error;
      const cause = error?.cause ?? error;
      failures.push(
        `✖ ${data.name}${where}\n${indent(cause instanceof Error ? (cause.stack ?? String(cause)) : inspect(cause, { depth: 4 }))}`,
      );
      yield `✖ ${data.name}${where}\n`;
    }
  }
  if (failures.length > 0) yield `\nFailures:\n\n${failures.join('\n\n')}\n\n`;
  if (SLOWEST > 0) {
    const slow = [...fileTimes].sort((a, b) => b[1] - a[1]).slice(0, SLOWEST);
    yield `Slowest files:\n${slow.map(([file, ms]) => `  ${(ms / 1000).toFixed(1).padStart(6)} s  ${relative(process.cwd(), file)}`).join('\n')}\n`;
  }
  const extra = [counts.skipped > 0 ? `${counts.skipped} skipped` : '', counts.todo > 0 ? `${counts.todo} todo` : ''].filter(Boolean);
  yield `${counts.passed} passed, ${counts.failed} failed${extra.length > 0 ? `, ${extra.join(', ')}` : ''} (${((Date.now() - started) / 1000).toFixed(0)} s)\n`;
}

function indent(text) {
  return text
    .split('\n')
    .map((line) => `    ${line}`)
    .join('\n');
}
