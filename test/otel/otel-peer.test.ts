// llmux/otel and its optional peer @opentelemetry/api: without the peer, importing the entry works,
// a caller's own tracer works, and only the global-provider default fails, with a
// ConfigurationError naming the package and the install command. With the peer, the default
// traces through the global provider.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { SpanKind, trace } from '@opentelemetry/api';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { createClient } from '../../src/index.js';
import { createOtelCallbacks } from '../../src/otel/index.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));

describe('llmux/otel without @opentelemetry/api installed', () => {
  // A copy of the built package (a link would resolve to the checkout, whose node_modules has the peer).
  const work = mkdtempSync(join(tmpdir(), 'llmux-otel-peer-'));
  after(() => rmSync(work, { recursive: true, force: true }));
  const pkg = join(work, 'node_modules', 'llmux');
  mkdirSync(pkg, { recursive: true });
  cpSync(join(root, 'package.json'), join(pkg, 'package.json'));
  cpSync(join(root, 'dist'), join(pkg, 'dist'), { recursive: true });
  writeFileSync(
    join(work, 'app.mjs'),
    `
const out = {};
try { await import('@opentelemetry/api'); out.peer = 'found'; } catch (error) { out.peer = error.code; }
const otel = await import('llmux/otel');
const { ConfigurationError, createClient } = await import('llmux');
try {
  otel.createOtelCallbacks();
  out.global = 'no error';
} catch (error) {
  out.global = { name: error.name, message: error.message, configuration: error instanceof ConfigurationError };
}
// A tracer the caller brings (any object with the Tracer shape) needs no peer.
const seen = [];
const span = {
  setAttributes: () => span,
  setStatus: (status) => (seen.push('status ' + status.code), span),
  addEvent: () => span,
  end: () => void seen.push('end'),
  spanContext: () => ({ traceId: '0'.repeat(31) + '1', spanId: '0'.repeat(15) + '1', traceFlags: 1 }),
};
const tracer = { startSpan: (name, options) => (seen.push('start ' + name + ' kind ' + options.kind), span) };
const client = createClient({ callbacks: otel.createOtelCallbacks({ tracer }) });
await client.complete({ model: 'mock/echo', messages: [{ role: 'user', content: 'hi' }] });
client.close();
out.spans = seen;
console.log(JSON.stringify(out));
`,
  );
  const run = (): Record<string, any> =>
    JSON.parse(
      execFileSync(process.execPath, [join(work, 'app.mjs')], { cwd: work, env: { PATH: process.env['PATH'] ?? '' }, encoding: 'utf8' }),
    );

  it('imports, and the global-provider default throws a ConfigurationError with the install command', () => {
    const out = run();
    assert.equal(out['peer'], 'ERR_MODULE_NOT_FOUND', 'the child could still resolve the peer: the test proves nothing');
    assert.equal(out['global'].name, 'ConfigurationError');
    assert.equal(out['global'].configuration, true);
    assert.match(out['global'].message, /@opentelemetry\/api/);
    assert.match(out['global'].message, /npm install @opentelemetry\/api/);
    // A caller-supplied tracer works without the peer: one CLIENT span (kind 2), ended.
    assert.deepEqual(out['spans'], [`start chat echo kind ${SpanKind.CLIENT}`, 'end']);
  });
});

describe('llmux/otel with @opentelemetry/api installed', () => {
  it('with no tracer given, traces through the global tracer provider', async () => {
    const exporter = new InMemorySpanExporter();
    const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
    assert.ok(trace.setGlobalTracerProvider(provider));
    try {
      const client = createClient({ env: {}, callbacks: createOtelCallbacks() });
      await client.complete({ model: 'mock/echo', messages: [{ role: 'user', content: 'hi' }] });
      client.close();
      const spans = exporter.getFinishedSpans();
      assert.equal(spans.length, 1);
      assert.equal(spans[0]!.kind, SpanKind.CLIENT);
      assert.equal(spans[0]!.instrumentationScope.name, 'llmux');
    } finally {
      trace.disable();
      await provider.shutdown();
    }
  });
});
