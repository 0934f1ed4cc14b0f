// The README's benchmark table from made-up results: every scenario a row, llmux and each peer
// as printed ratios, the target's verdict, and "not measured" wherever the run has no figure.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { END_MARKER, NOT_MEASURED, PEERS, ROWS, START_MARKER, fmtRatio, readmeTable, replaceTable } from '../lib/readme-table.mjs';

const client = (label, fields) => ({ label, samples: 4, failures: 0, ...fields });

function fakeResults() {
  return {
    machine: { cpuModel: 'Test CPU', cores: 2, node: 'v20.0.0' },
    benchmarks: {
      concurrent: {
        date: '2026-12-07T06:24:14.198Z',
        rounds: 4,
        clients: {
          raw: client('raw', { burstCpuMs: { median: 353.78 }, peakRssMiB: { median: 74.4 }, burstCpuRatio: 1, peakRssOverRawMiB: 0 }),
          llmux: client('llmux', { burstCpuRatio: 1.486, burstCpuPairedRatio: 1.498, peakRssOverRawMiB: 15.43 }),
          openai: client('openai SDK', { burstCpuRatio: 4.023, peakRssOverRawMiB: 96.13 }),
          ai: client('ai', { burstCpuRatio: 5.29, peakRssOverRawMiB: 123.54 }),
          'pi-ai': { label: 'pi-ai', samples: 0, failures: 2 },
        },
      },
      'concurrent-streams': {
        date: '2026-12-07T06:25:26.680Z',
        rounds: 4,
        scenarios: {
          '100x200': {
            clients: {
              raw: client('raw', { burstCpuMs: { median: 94.44 }, burstCpuRatio: 1 }),
              llmux: client('llmux', { burstCpuRatio: 1.15, burstCpuPairedRatio: 1.18 }),
              openai: client('openai SDK', { burstCpuRatio: 5.493 }),
              ai: client('ai', { burstCpuRatio: 23.91 }),
              'pi-ai': client('pi-ai', { burstCpuRatio: 8.957 }),
            },
          },
        },
      },
      routerConcurrent: {
        date: '2026-12-07T06:26:03.360Z',
        rounds: 5,
        clients: {
          'client-completions': client('client', { burstCpuMs: { median: 681.02 }, burstCpuRatioToClient: 1 }),
          'router-completions': client('Router', { burstCpuRatioToClient: 1.057, burstCpuPairedRatioToClient: 1.096 }),
        },
      },
    },
  };
}

/** The table's rows as arrays of cells, by their first cell. */
function rows(markdown) {
  const out = new Map();
  for (const line of markdown.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| scenario'))) {
    const cells = line
      .slice(2, -2)
      .split(' | ')
      .map((c) => c.trim());
    out.set(cells[0], cells);
  }
  return out;
}
const row = (table, start) => [...rows(table).entries()].find(([label]) => label.startsWith(start))?.[1];
const column = (head) => 4 + PEERS.findIndex((p) => p.head === head);

describe('readmeTable', () => {
  const table = readmeTable(fakeResults());

  it('has one row per scenario, with a column for llmux and each peer', () => {
    assert.equal(rows(table).size, ROWS.length);
    const head = table.split('\n').find((l) => l.startsWith('| scenario'));
    for (const name of ['**llmux**', 'openai SDK', '`@anthropic-ai/sdk`', 'AI SDK (`ai`)', 'pi-ai', 'target for llmux']) {
      assert.ok(head.includes(name), `${name} in ${head}`);
    }
    for (const scenario of [
      '1,000 concurrent completions, CPU',
      '100 concurrent streams × 200 chunks, CPU',
      '1,000 concurrent streams × 50 chunks, CPU',
      'Router over the plain client: 1,000 concurrent completions',
      'Router over the plain client: 100 streams',
      'cold one-shot completion',
      'one OpenAI stream of 20,000 chunks',
      'one Anthropic stream of 20,000 events',
      '`import "llmux"`',
    ]) {
      assert.ok(row(table, scenario), `a row for ${scenario}`);
    }
    for (const [label, cells] of rows(table)) assert.equal(cells.length, 5 + PEERS.length, `${label}: ${cells.join(' | ')}`);
  });

  it('prints llmux and the peers of the run as ratios, llmux with its round-by-round ratio', () => {
    const completions = row(table, '1,000 concurrent completions, CPU');
    assert.equal(completions[3], '**1.49x** (1.50x)');
    assert.equal(completions[column('openai SDK')], '4.02x');
    assert.equal(completions[column('AI SDK (`ai`)')], '5.29x');
    assert.equal(completions[column('pi-ai')], 'failed', 'a client without a sample');
    assert.equal(completions[2], '354 ms', 'the baseline the ratios divide by');
    assert.equal(completions.at(-1), '2026-12-07, 4 rounds');
    const streams = row(table, '100 concurrent streams × 200 chunks, CPU');
    assert.deepEqual(streams.slice(3), ['**1.15x** (1.18x)', '5.49x', NOT_MEASURED, '23.9x', '8.96x', '2026-12-07, 4 rounds']);
    assert.equal(row(table, '1,000 concurrent completions, peak RSS')[3], '**+15.4 MiB**');
    assert.equal(fmtRatio(1.005), '1.01x');
    assert.equal(fmtRatio(123.4), '123x');
  });

  it('says whether llmux meets each target', () => {
    assert.equal(row(table, '1,000 concurrent completions, CPU')[1], '≤ 1.15x: missed');
    assert.equal(row(table, '100 concurrent streams × 200 chunks, CPU')[1], '≤ 1.2x: met');
    assert.equal(row(table, 'Router over the plain client: 1,000 concurrent completions')[1], '≤ 1.1x: met');
    assert.equal(row(table, '1,000 concurrent streams × 50 chunks, CPU')[1], '≤ 1.2x', 'no verdict without a figure');
  });

  it("prints the Router's per-call overhead paired in one process where the run has it, else the difference of processes", () => {
    const router = (fields) => ({
      benchmarks: {
        router: {
          date: '2026-12-07T06:27:00.000Z',
          rounds: 6,
          clients: { llmux: client('llmux', { usPerCall: { median: 280 } }), router: client('Router', fields) },
        },
      },
    });
    const label = 'Router over the plain client, per sequential call';
    const paired = row(readmeTable(router({ overClientUs: 31.2, overClientPairedUs: 25.6, overClientInProcessUs: 12.04 })), label);
    assert.deepEqual(paired.slice(1, 4), ['≤ 20 µs: met', 'client: 280 µs/call', '**+12.0 µs**']);
    const older = row(readmeTable(router({ overClientUs: 31.2, overClientPairedUs: 25.6 })), label);
    assert.deepEqual(older.slice(1, 4), ['≤ 20 µs: missed', 'client: 280 µs/call', '**+31.2 µs** (+25.6 µs)']);
  });

  it('prints "not measured" for a section, a scenario or a peer the run lacks, never a number', () => {
    const missingScenario = row(table, '1,000 concurrent streams × 50 chunks, CPU');
    assert.deepEqual(missingScenario.slice(2), Array(3 + PEERS.length).fill(NOT_MEASURED));
    const missingSection = row(table, 'cold one-shot completion');
    assert.deepEqual(missingSection.slice(2), Array(3 + PEERS.length).fill(NOT_MEASURED));
    for (const label of ['1,000 concurrent completions, CPU', '1,000 concurrent completions, peak RSS']) {
      assert.equal(row(table, label)[column('`@anthropic-ai/sdk`')], NOT_MEASURED);
    }
    assert.equal(row(table, 'Router over the plain client: 1,000 concurrent completions')[column('openai SDK')], 'no router');
    const empty = readmeTable({});
    for (const [, cells] of rows(empty)) assert.ok(cells.slice(2).every((c) => c === NOT_MEASURED));
  });

  it('replaces only the text between the README markers', () => {
    const readme = `# x\n\nbefore\n${START_MARKER}\nold table\n${END_MARKER}\nafter\n`;
    const out = replaceTable(readme, 'new table\n');
    assert.equal(out, `# x\n\nbefore\n${START_MARKER}\nnew table\n${END_MARKER}\nafter\n`);
    assert.equal(replaceTable(out, 'new table\n'), out, 'idempotent');
    assert.throws(() => replaceTable('# no markers\n', 'x'), /bench-table:start/);
  });
});
