/**
 * A drafted adapter is built on llmux/adapter-kit, so it behaves like the built-in adapters where
 * its own template used not to: body and event caps, the stream's terminator on a connection
 * the server keeps open, the header merge, redaction and the provider's retry hint. The draft is
 * rendered from the trusted Acme fixture spec and loaded here, with `node_modules/llmux` linked
 * to this build.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { type ProviderSpec, packageRoot, renderAdapter } from '../../src/generator/index.js';
import type { AdapterContext, ProviderAdapter } from '../../src/providers/adapter-types.js';
import { createNodeTransport } from '../../src/transport/node-transport.js';
import type { ChatCompletionChunk } from '../../src/base/types.js';
import { type ScriptedServer, startScriptedServer } from '../helpers/scripted-server.js';

const FIXTURES = fileURLToPath(new URL('../../../test/__fixtures__/generator/', import.meta.url));
const SPEC = JSON.parse(readFileSync(join(FIXTURES, 'acme-spec.json'), 'utf8')) as ProviderSpec;
const KEY = 'acme-secret-key-123456';
const request = { model: 'acme-swift-1', messages: [{ role: 'user' as const, content: 'Hi' }] };
const sse = (events: [string, unknown][]): string =>
  events.map(([event, data]) => `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`).join('');

describe('a drafted adapter on llmux/adapter-kit', () => {
  let dir: string;
  let adapter: ProviderAdapter;
  let server: ScriptedServer;
  const transport = createNodeTransport();
  const context = (extra: Partial<AdapterContext> = {}): AdapterContext => ({
    provider: 'acme',
    model: 'acme-swift-1',
    apiKey: KEY,
    baseURL: server.url,
    headers: {},
    transport,
    signal: undefined,
    timeoutMs: 5000,
    secrets: [KEY],
    compat: {},
    providerOptions: {},
    ...extra,
  });
  const collect = async (iterable: AsyncIterable<ChatCompletionChunk>): Promise<ChatCompletionChunk[]> => {
    const out: ChatCompletionChunk[] = [];
    for await (const chunk of iterable) out.push(chunk);
    return out;
  };

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'llmux-kit-draft-'));
    mkdirSync(join(dir, 'acme'));
    for (const f of renderAdapter(SPEC)) writeFileSync(join(dir, 'acme', f.path), f.content);
    mkdirSync(join(dir, 'node_modules'));
    symlinkSync(packageRoot(), join(dir, 'node_modules', 'llmux'), 'dir');
    adapter = ((await import(pathToFileURL(join(dir, 'acme', 'acme-adapter.js')).href)) as { default: ProviderAdapter }).default;
    server = await startScriptedServer();
  });
  after(async () => {
    transport.close?.();
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('imports the kit instead of rendering its own error mapping, redaction and stream splitter', () => {
    const code = renderAdapter(SPEC)
      .map((f) => f.content)
      .join('\n');
    assert.match(code, /from 'llmux\/adapter-kit'/);
    assert.doesNotMatch(code, /KEY_SHAPES|RecordSplitter|function redact|function retryAfterMs/);
  });

  it('ends a stream at its terminator while the server keeps the connection open', async () => {
    const body = sse([
      ['start', { generation_id: 'g1', model: 'acme-swift-1' }],
      ['delta', { text: 'Hi' }],
      ['end', { end: 'complete' }],
      ['bye', {}],
    ]);
    server.push({ headers: { 'content-type': 'text/event-stream' }, body: [body, ': still here\n\n'], stallAfter: 2 });
    const chunks = await collect(adapter.stream(request, context()));
    assert.equal(chunks.map((c) => c.choices[0]?.delta.content ?? '').join(''), 'Hi');
    assert.equal(chunks.at(-1)?.choices[0]?.finish_reason, 'stop');
  });

  it('fails a stream event over maxResponseBytes instead of buffering it', async () => {
    const body = sse([
      ['delta', { text: 'x'.repeat(4096) }],
      ['bye', {}],
    ]);
    server.push({ headers: { 'content-type': 'text/event-stream' }, body });
    await assert.rejects(collect(adapter.stream(request, context({ maxResponseBytes: 1024 }))), (error: Error & { code?: string }) => {
      assert.equal(error.name, 'InvalidResponseError');
      assert.equal(error.code, 'RESPONSE_TOO_LARGE');
      return true;
    });
  });

  it('fails a whole body over maxResponseBytes', async () => {
    server.push({
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ output: { text: 'x'.repeat(4096), end: 'complete' } }),
    });
    await assert.rejects(adapter.complete!(request, context({ maxResponseBytes: 1024 })), (error: Error & { code?: string }) => {
      assert.equal(error.name, 'InvalidResponseError');
      assert.equal(error.code, 'RESPONSE_TOO_LARGE');
      return true;
    });
  });

  it("sends a caller's own auth header instead of the key's, once", async () => {
    server.push({ headers: { 'content-type': 'application/json' }, body: JSON.stringify({ output: { text: 'ok', end: 'complete' } }) });
    await adapter.complete!(request, context({ headers: { 'x-acme-key': 'gateway-token' } }));
    assert.equal(server.received.at(-1)?.headers['x-acme-key'], 'gateway-token');
    assert.equal(server.received.at(-1)?.headers['acme-version'], '2025-01-15');
  });

  it('maps an error answer by its code and retry hint, with the key scrubbed from message and body', async () => {
    const fault = { fault: { kind: 'context_overflow', detail: `prompt too long for ${KEY}` } };
    server.push({
      status: 400,
      headers: { 'content-type': 'application/json', 'acme-retry-in': '3', 'x-request-id': 'req_1' },
      body: JSON.stringify(fault),
    });
    await assert.rejects(
      adapter.complete!(request, context()),
      (error: Error & { status?: number; retryable?: boolean; providerMessage?: string; requestId?: string; body?: unknown }) => {
        assert.equal(error.name, 'ContextWindowExceededError');
        assert.equal(error.status, 400);
        assert.equal(error.retryable, false);
        assert.equal(error.requestId, 'req_1');
        assert.equal(error.providerMessage, 'prompt too long for [redacted]');
        assert.ok(!JSON.stringify({ message: error.message, body: error.body }).includes(KEY));
        return true;
      },
    );
    server.push({
      status: 429,
      headers: { 'content-type': 'application/json', 'acme-retry-in': '3' },
      body: JSON.stringify({ fault: { kind: 'busy', detail: 'slow down' } }),
    });
    await assert.rejects(adapter.complete!(request, context()), (error: Error & { retryAfterMs?: number; retryable?: boolean }) => {
      assert.equal(error.name, 'RateLimitError');
      assert.equal(error.retryAfterMs, 3000);
      assert.equal(error.retryable, true);
      return true;
    });
  });

  it('reports an error event inside a stream as the class its code names', async () => {
    server.push({
      headers: { 'content-type': 'text/event-stream' },
      body: sse([
        ['delta', { text: 'a' }],
        ['fault', { fault: { kind: 'blocked_input', detail: `no, ${KEY}` } }],
      ]),
    });
    await assert.rejects(collect(adapter.stream(request, context())), (error: Error & { providerMessage?: string }) => {
      assert.equal(error.name, 'ContentPolicyViolationError');
      assert.equal(error.providerMessage, 'no, [redacted]');
      return true;
    });
  });
});
