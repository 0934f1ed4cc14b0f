/**
 * The generation report as REPORT.md: the outcome first, then per draft what failed and what
 * changed. Pure (the generator writes it next to report.json).
 */
import type { FailedCheck } from './build-prompts.js';
import type { GenerationReport } from './generation-types.js';

export function renderReportMarkdown(report: GenerationReport): string {
  const lines: string[] = [];
  const status =
    report.status === 'green'
      ? 'GREEN: the adapter passes the conformance kit'
      : report.status === 'failed'
        ? 'FAILED: no draft passed the conformance kit'
        : 'ERROR: the generator could not finish';
  lines.push(`# llmux adapter new ${report.provider}`, '', `**${status}.** ${report.summary}`, '');
  lines.push(
    `- generator model: \`${report.generatorModel}\``,
    `- docs: \`${report.docs}\``,
    `- drafts: ${report.iterations.length} of at most ${report.maxIterations}`,
    `- live check: ${report.live}`,
  );
  if (report.error !== undefined) lines.push(`- error: ${report.error}`);
  lines.push('');
  for (const it of report.iterations) {
    const c = it.replay.counts;
    lines.push(`## Draft ${it.iteration}: ${it.ok ? 'passed' : 'failed'}`, '');
    if (it.changes.length > 0) {
      lines.push('What changed from the previous draft:', '', ...it.changes.map((c) => `- \`${c}\``), '');
      if (it.filesChanged.length > 0) lines.push(`Files rewritten: ${it.filesChanged.map((f) => `\`${f}\``).join(', ')}`, '');
    }
    const t = it.typeCheck;
    lines.push(`Type-check: ${t.status}: ${t.message}.`, '');
    if (t.diagnostics.length > 0) lines.push('```', ...t.diagnostics, '```', '');
    lines.push(
      `Replayed fixtures: ${c.passed} passed, ${c.failed} failed, ${c.skipped} skipped${it.replay.timedOut ? ' (stopped at the time limit)' : ''}.`,
      '',
    );
    lines.push(...failures(it.replay.failed));
    if (it.live !== undefined) {
      lines.push(
        `Live: ${it.live.counts.passed} passed, ${it.live.counts.failed} failed, ${it.live.counts.skipped} skipped.`,
        '',
        ...failures(it.live.failed),
      );
    }
  }
  if (report.files.length > 0) lines.push('## Files', '', ...report.files.map((f) => `- \`${f}\``), '');
  lines.push('Review the adapter before use: the fixtures say what the docs show, not everything the provider does.', '');
  return lines.join('\n');
}

function failures(list: readonly FailedCheck[]): string[] {
  if (list.length === 0) return [];
  const out = ['| check | message | expected | actual |', '|---|---|---|---|'];
  for (const f of list) out.push(`| ${cell(f.name)} | ${cell(f.message)} | ${cell(f.expected)} | ${cell(f.actual)} |`);
  return [...out, ''];
}

function cell(value: unknown): string {
  if (value === undefined) return '';
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  const short = text.length > 160 ? `${text.slice(0, 160)}…` : text;
  return short.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}
