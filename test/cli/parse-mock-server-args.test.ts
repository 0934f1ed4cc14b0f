import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseMockServerArgs } from '../../src/cli/parse-mock-server-args.js';
import { parseHarness } from './parse-harness.js';

const { ok, fail } = parseHarness(parseMockServerArgs);

describe('parseMockServerArgs', () => {
  it('defaults to 127.0.0.1:8787 with no faults', () => {
    assert.deepEqual(ok([]), {
      port: 8787,
      host: '127.0.0.1',
      apiKey: undefined,
      chunkDelayMs: undefined,
      faults: [],
      quiet: false,
      help: false,
    });
  });

  it('reads every option', () => {
    const args = ok(['--port', '0', '--host', '0.0.0.0', '--api-key', 'k', '--chunk-delay', '25', '-q']);
    assert.deepEqual(args, { port: 0, host: '0.0.0.0', apiKey: 'k', chunkDelayMs: 25, faults: [], quiet: true, help: false });
  });

  it('collects repeated --fault values and spreads JSON arrays', () => {
    const args = ok(['--fault', '{"status":429}', '--fault', '[{"resetAfterChunks":3},{"status":500,"times":2}]']);
    assert.deepEqual(args.faults, [{ status: 429 }, { resetAfterChunks: 3 }, { status: 500, times: 2 }]);
  });

  it('rejects a fault that is not JSON', () => {
    assert.match(fail(['--fault', '{status:429}']), /--fault must be JSON/);
  });

  it('rejects bad ports and delays', () => {
    for (const bad of ['-1', '65536', 'http', '1.5', '']) assert.match(fail([`--port=${bad}`]), /--port must be an integer/);
    for (const bad of ['-1', 'slow', '']) assert.match(fail([`--chunk-delay=${bad}`]), /--chunk-delay/);
  });

  it('rejects unknown options and stray arguments', () => {
    assert.match(fail(['--verbose']), /verbose/);
    assert.match(fail(['extra']), /extra/);
  });
});
