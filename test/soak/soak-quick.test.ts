// The quick soak (CI): 2,000 calls through a Router over three faulty mock servers, in a child
// process started with --expose-gc. `npm run soak` runs the same with 10,000 calls.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FAULT_RATES } from './fault-mix.js';
import { QUICK } from './run-soak.js';
import { runSoakChild } from './soak-child-process.js';

/** Heap after GC may grow by at most this much from the first sample (after warm-up) to the last. */
const HEAP_BOUND_MIB = 10;
const EXIT_GRACE_MS = 3_000;

test(
  `soak: ${QUICK.requests} calls under faults settle once each, the ledger accounts every attempt, the heap stays flat, the process exits`,
  { timeout: 150_000 },
  async () => {
    const run = await runSoakChild([], 140_000, EXIT_GRACE_MS);
    assert.ok(run.report !== undefined, `no report; stderr:\n${run.stderr}`);
    const { report } = run;
    // The figures docs/soak.md quotes, for whoever reads the CI log.
    console.log(
      JSON.stringify(
        {
          durationMs: report.durationMs,
          calls: report.calls,
          attempts: report.attempts,
          faults: report.faults,
          memory: report.memory,
          exitLagMs: run.exitLagMs,
        },
        null,
        1,
      ),
    );

    assert.deepEqual(report.violations, [], `${report.violationCount} violations`);
    assert.equal(report.calls.settled, QUICK.requests);
    assert.deepEqual(report.calls.unsettled, []);
    const outcomes = Object.values(report.calls.outcomes).reduce((a, b) => a + b, 0);
    assert.equal(outcomes, QUICK.requests, 'one outcome per call');
    assert.equal(report.calls.outcomes['untyped'], undefined);
    const readToTheEnd = (report.calls.byKind['complete'] ?? 0) + (report.calls.byKind['stream'] ?? 0);
    assert.ok(
      (report.calls.outcomes['response'] ?? 0) > readToTheEnd * 0.8,
      'retries and fallbacks save most calls not aborted on purpose',
    );

    // Every attempt a server saw is in the ledger and was announced by onRequest, per deployment.
    let attempts = 0;
    for (const [id, d] of Object.entries(report.attempts.byDeployment)) {
      assert.equal(d.ledgerEntries, d.serverRequests, `${id}: ledger vs server`);
      assert.equal(d.requestEvents, d.serverRequests, `${id}: onRequest vs server`);
      attempts += d.serverRequests;
    }
    assert.ok(attempts > QUICK.requests, 'faults caused retries');
    assert.ok(report.attempts.fallbacks > 0 && report.attempts.retries > 0);
    assert.equal(report.faults.planned, attempts, 'the plan was asked once per attempt');
    for (const kind of Object.keys(FAULT_RATES).filter((k) => k !== 'none')) {
      assert.ok((report.faults.injected[kind] ?? 0) > 0, `fault kind ${kind} was injected`);
    }
    assert.ok(report.calls.streamErrorsAfterFirstChunk > 0, 'some streams failed after their first chunk');
    assert.ok((report.calls.outcomes['APIUserAbortError'] ?? 0) > 0 && (report.calls.outcomes['abandoned'] ?? 0) > 0);
    assert.ok((report.calls.outcomes['APITimeoutError'] ?? 0) > 0 || (report.attempts.ledgerOutcomes['error'] ?? 0) > 0);

    // Memory: heap after GC, sampled every 500 calls.
    assert.equal(report.memory.gcExposed, true);
    const samples = report.memory.samples;
    assert.ok(samples.length >= 3, 'at least three samples');
    const growth = samples.at(-1)!.heapUsedMiB - samples[0]!.heapUsedMiB;
    assert.ok(
      growth <= HEAP_BOUND_MIB,
      `heap grew ${growth.toFixed(2)} MiB from ${samples[0]!.heapUsedMiB} MiB (bound ${HEAP_BOUND_MIB} MiB)`,
    );

    // No socket or timer left open: the child exits on its own, soon after closing.
    assert.equal(
      run.killed,
      false,
      `the soak process did not exit within ${EXIT_GRACE_MS} ms of closing; open: ${report.activeResourcesAfterClose.join(', ')}`,
    );
    assert.equal(run.code, 0, run.stderr);
  },
);
