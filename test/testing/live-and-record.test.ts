// The live checks and the recorder, against llmux's own mock server on 127.0.0.1 standing in
// for a real endpoint (no test touches the internet): the key reaches the server, never a report
// or a file, and what the recorder writes replays green.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { type MockServer, startMockServer } from '../../src/mock-server/index.js';
import { recordFixtures, runConformance, runLiveConformance } from '../../src/testing/index.js';
import { wrongStopReasonAdapter } from './broken-adapters.js';

const KEY = 'live-sentinel-4b7d2e91aa';

describe('live checks and the recorder, against the mock server', () => {
  let server: MockServer;
  let dir: string;
  before(async () => {
    // A small delay between events, so an abort lands mid-stream as it would on a real endpoint.
    server = await startMockServer({ apiKey: KEY, chunkDelayMs: 5 });
    dir = mkdtempSync(join(tmpdir(), 'llmux-record-'));
  });
  after(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  for (const [provider, base] of [
    ['openai', () => server.openaiBaseURL],
    ['anthropic', () => server.anthropicBaseURL],
  ] as const) {
    it(`${provider}: the live checks pass and the report never holds the key`, async () => {
      const report = await runLiveConformance({ provider, model: 'test-model', apiKey: KEY, baseURL: base() });
      assert.equal(report.mode, 'live');
      assert.equal(
        report.ok,
        true,
        JSON.stringify(
          report.results.filter((r) => r.status === 'fail'),
          null,
          2,
        ),
      );
      const byName = Object.fromEntries(report.results.map((r) => [r.name, r.status]));
      assert.equal(byName['error mapping [live-401]'], 'pass');
      assert.equal(byName['abort mid-stream [live-abort]'], 'pass');
      assert.equal(byName['unicode split [live-unicode]'], 'pass');
      // The mock serves any model name: nothing to map, and the report says so.
      assert.equal(byName['error mapping [live-404]'], 'skip');
      assert.ok(!JSON.stringify(report).includes(KEY));
      // The key went where the provider wants it.
      const sent = server.requests.filter((r) => r.api === provider);
      assert.ok(sent.length >= 8);
    });

    it(`${provider}: records fixtures without the key, and they replay green`, async () => {
      const out = join(dir, provider);
      const result = await recordFixtures({
        provider,
        model: 'test-model',
        apiKey: KEY,
        baseURL: base(),
        outDir: out,
        now: new Date('2026-01-02T03:04:05Z'),
      });
      assert.deepEqual(readdirSync(out).sort(), [
        `${provider}-error-401.json`,
        `${provider}-text-stream.json`,
        `${provider}-text.json`,
        `${provider}-tool-calls-stream.json`,
        `${provider}-tool-calls.json`,
      ]);
      assert.deepEqual(
        result.files.map((f) => f.slice(out.length + 1)),
        [
          `${provider}-text.json`,
          `${provider}-text-stream.json`,
          `${provider}-tool-calls.json`,
          `${provider}-tool-calls-stream.json`,
          `${provider}-error-401.json`,
        ],
      );
      for (const file of result.files) {
        const text = readFileSync(file, 'utf8');
        assert.ok(!text.includes(KEY), `${file} holds the key`);
        assert.doesNotMatch(text, /"(?:authorization|x-api-key)"\s*:\s*"[^"]/i, `${file} holds an auth header value`);
      }
      const [text, stream, tool, , denied] = result.fixtures;
      assert.equal(
        text!.source,
        `recorded: llmux adapter record ${provider} --model test-model, 2026-01-02, from ${new URL(base()).origin}`,
      );
      assert.equal(text!.expectRequest?.authHeader, provider === 'openai' ? 'authorization' : 'x-api-key');
      assert.equal(stream!.response.events?.length !== undefined, true, 'an event stream is stored as events');
      assert.match(String(text!.expect.response?.content), /Grüße, 世界! 👋/);
      assert.equal(tool!.expect.response?.finish_reason, 'tool_calls');
      assert.deepEqual(denied!.expect, { error: { name: 'AuthenticationError', status: 401, retryable: false } });

      // A wide per-case bound: this checks what the kit reports, not how fast a loaded machine replays.
      const replay = await runConformance({ provider, fixtures: out, timeoutMs: 30_000 });
      assert.equal(
        replay.ok,
        true,
        JSON.stringify(
          replay.results.filter((r) => r.status === 'fail'),
          null,
          2,
        ),
      );
      assert.equal(replay.counts.skipped, 0);
    });
  }

  it('a broken adapter fails the live checks too', async () => {
    const report = await runLiveConformance({
      provider: 'openai',
      adapter: wrongStopReasonAdapter,
      model: 'test-model',
      apiKey: KEY,
      baseURL: server.openaiBaseURL,
    });
    assert.equal(report.ok, false);
    const failed = report.results.filter((r) => r.status === 'fail');
    assert.deepEqual(
      failed.map((r) => r.name),
      ['stop reason [live-length]'],
    );
    assert.equal(failed[0]!.message, 'finish_reason: expected "length" for an answer cut at max_tokens 5, got "stop"');
  });
});
