// The kit must catch real breakage, and say precisely what is wrong: each deliberately broken
// adapter fails the checks its bug touches, with a message naming the field and both values,
// and still passes the checks its bug does not touch.
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import type { ProviderAdapter } from '../../src/providers/adapter-types.js';
import { type CheckId, type CheckResult, type ConformanceReport, runConformance } from '../../src/testing/index.js';
import {
  buffersStreamAdapter,
  dropsHeadersAdapter,
  dropsRetryAfterAdapter,
  ignoresSignalAdapter,
  leaksKeyAdapter,
  swallowsCutAdapter,
  wrongAuthHeaderAdapter,
  wrongStopReasonAdapter,
} from './broken-adapters.js';

const run = (adapter: ProviderAdapter | string, only?: CheckId[]): Promise<ConformanceReport> =>
  runConformance({ adapter, provider: 'openai', ...(only === undefined ? {} : { only }) });

function result(report: ConformanceReport, name: string): CheckResult {
  const found = report.results.find((r) => r.name === name);
  assert.ok(found, `no result named ${name}; have: ${report.results.map((r) => r.name).join(', ')}`);
  return found;
}

function failures(report: ConformanceReport): string[] {
  return report.results.filter((r) => r.status === 'fail').map((r) => r.name);
}

describe('the conformance kit catches broken adapters', () => {
  it('a wrong stop-reason map fails exactly the length cases, naming both reasons', async () => {
    const report = await run(wrongStopReasonAdapter);
    assert.equal(report.ok, false);
    assert.deepEqual(failures(report), ['stop reason [openai-length]', 'stop reason [openai-length-stream]']);
    const failed = result(report, 'stop reason [openai-length]');
    assert.equal(failed.message, 'finish_reason: expected "length", got "stop"');
    assert.deepEqual(failed.expected, { finish_reason: 'length' });
    assert.deepEqual(failed.actual, { finish_reason: 'stop' });
    assert.equal(result(report, 'plain text [openai-length]').status, 'pass');
  });

  it('an error mapping that drops Retry-After fails the 429 cases with the missing value', async () => {
    const report = await run(dropsRetryAfterAdapter, ['error-mapping']);
    assert.deepEqual(failures(report), [
      'error mapping [openai-429-retry-after] (complete)',
      'error mapping [openai-429-retry-after] (stream)',
      'error mapping [openai-429-retry-after-ms] (complete)',
      'error mapping [openai-429-retry-after-ms] (stream)',
    ]);
    const failed = result(report, 'error mapping [openai-429-retry-after] (stream)');
    assert.equal(failed.message, 'retryAfterMs: expected 2000, got undefined');
    assert.equal((failed.expected as { retryAfterMs: number }).retryAfterMs, 2000);
    assert.equal(
      result(report, 'error mapping [openai-429-retry-after-ms] (complete)').message,
      'retryAfterMs: expected 350, got undefined',
    );
    assert.equal(result(report, 'error mapping [openai-500] (stream)').status, 'pass');
  });

  it('an adapter that ignores the abort signal fails the abort check instead of hanging', async () => {
    const report = await run(ignoresSignalAdapter, ['abort-mid-stream']);
    const failed = result(report, 'abort mid-stream [openai-text-stream]');
    assert.equal(failed.status, 'fail');
    assert.match(failed.message, /^next\(\) neither rejected nor ended within 2000 ms of the abort: pass context\.signal to the transport/);
  });

  it('an adapter that buffers the stream fails the abort and cut checks', async () => {
    const report = await run(buffersStreamAdapter, ['abort-mid-stream', 'cut-mid-stream', 'text-stream']);
    assert.match(
      result(report, 'abort mid-stream [openai-text-stream]').message,
      /^no text arrived within 2000 ms although the server had sent \d+ of \d+ events: yield chunks as events arrive/,
    );
    assert.match(result(report, 'cut mid-stream [openai-text-stream]').message, /no text was handed out before the failure/);
    // The folded text is still right: only the incremental checks can tell.
    assert.equal(result(report, 'streamed text [openai-text-stream]').status, 'pass');
  });

  it('an adapter that swallows a cut connection fails the cut check as a silent truncation', async () => {
    const report = await run(swallowsCutAdapter, ['cut-mid-stream']);
    assert.match(
      result(report, 'cut mid-stream [openai-text-stream]').message,
      /^the stream ended normally although the connection was cut after \d+ of \d+ events \(a silent truncation\)/,
    );
  });

  it('an adapter that decodes each read on its own fails the unicode check, and only it', async () => {
    const naive = fileURLToPath(new URL('./naive-openai-adapter.js', import.meta.url));
    const report = await run(naive, ['unicode-split', 'text-stream', 'tool-calls-stream']);
    assert.equal(report.adapter, naive);
    const unicode = result(report, 'unicode split [openai-unicode-stream]');
    assert.equal(unicode.status, 'fail');
    assert.equal(
      unicode.message,
      'with the body delivered one byte at a time: content: differs at character 2 (expected length 36, got 65): expected "Grüße aus Zürich! 東京の天…", got "Gr\\ufffd\\ufffd\\ufffd\\ufffde aus Z\\ufffd\\ufffdrich! \\ufffd…"' +
        ' (the result holds U+FFFD replacement characters: UTF-8 bytes were decoded piece by piece) (decode UTF-8 across reads, e.g. TextDecoder with { stream: true })',
    );
    assert.equal(result(report, 'unicode split [openai-tool-calls-stream]').status, 'fail');
    assert.equal(result(report, 'streamed text [openai-unicode-stream]').status, 'pass');
    assert.equal(result(report, 'streamed tool calls [openai-tool-calls-stream]').status, 'pass');
  });

  it('an adapter that puts the key in its errors fails key redaction, naming where', async () => {
    const report = await run(leaksKeyAdapter, ['key-redaction']);
    const failed = result(report, 'key redaction [openai-401] (complete)');
    assert.equal(failed.status, 'fail');
    assert.match(failed.message, /^the API key appears in error\.message, error\.stack/);
    assert.ok(report.results.filter((r) => r.check === 'key-redaction').every((r) => r.status === 'fail'));
  });

  it('an adapter that drops context.headers or moves the key fails the request check', async () => {
    const dropped = await run(dropsHeadersAdapter, ['request']);
    assert.match(
      result(dropped, 'request [openai-text]').message,
      /^the x-llmux-fixture header the kit put in context\.headers was not sent/,
    );
    const moved = await run(wrongAuthHeaderAdapter, ['request']);
    assert.equal(
      result(moved, 'request [openai-text]').message,
      'auth: expected the key in the authorization header, which was not sent (the key went in api-key)',
    );
  });

  it('a module that is not an adapter is one failed check, not an exception', async () => {
    const report = await run(fileURLToPath(new URL('./broken-adapters.js', import.meta.url)));
    assert.equal(report.ok, false);
    assert.deepEqual(
      report.results.map((r) => [r.check, r.status]),
      [['adapter', 'fail']],
    );
    assert.match(
      report.results[0]!.message,
      /exports several adapters \(buffersStreamAdapter, dropsHeadersAdapter, .*\): export the one to test as default or as "adapter"/,
    );
    const missing = await run('/nonexistent/adapter.js');
    assert.match(missing.results[0]!.message, /^cannot import \/nonexistent\/adapter\.js: Error: Cannot find module/);
    const shapeless = await runConformance({
      adapter: { specificationVersion: 'v0', provider: 'x', stream: 1 } as unknown as ProviderAdapter,
      provider: 'openai',
    });
    assert.equal(
      shapeless.results[0]!.message,
      'specificationVersion must be "v1", got "v0"; stream must be a function (request, context) => AsyncIterable<ChatCompletionChunk>',
    );
  });

  it('the report is plain data: it survives JSON as it is', async () => {
    const report = await run(wrongStopReasonAdapter, ['stop-reason']);
    assert.deepEqual(JSON.parse(JSON.stringify(report)), report);
  });
});
