// llmux/lite in Cloudflare's Workers runtime: the `workerd` binary (npm package `workerd`) runs
// a Worker bundled from llmux/lite + llmux/openai; the Worker calls the llmux mock server on
// 127.0.0.1 and the test reads its answers over HTTP, a toReadableStream() body included.
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { startMockServer, type MockServer } from '../../src/mock-server/index.js';
import { bundleEdgeApp, mockReply, parseSseEvents } from './bundle-edge-app.js';

const API_KEY = 'sk-workerd-test-0123456789';
const START_LIMIT_MS = 30_000;

const WORKER = `
import { complete, createClient, stream } from 'llmux/lite';
import { openai } from 'llmux/openai';

export default {
  async fetch(request, env) {
    const { pathname } = new URL(request.url);
    const client = createClient({ providers: { openai: openai({ baseURL: env.LLMUX_BASE_URL, apiKey: env.LLMUX_API_KEY }) }, maxRetries: 0 });
    const call = { model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'edge ' + pathname.slice(1) }] };
    try {
      if (pathname === '/complete') {
        const res = await complete(client, call);
        return Response.json({ text: res.choices[0].message.content, usage: res.usage, provider: res.provider });
      }
      if (pathname === '/stream') {
        const s = stream(client, call);
        let text = '';
        let chunks = 0;
        for await (const chunk of s) {
          chunks++;
          text += chunk.choices[0]?.delta.content ?? '';
        }
        return Response.json({ text, chunks, final: (await s.finalResponse()).choices[0].message.content });
      }
      if (pathname === '/sse') {
        return new Response(stream(client, call).toReadableStream(), { headers: { 'content-type': 'text/event-stream' } });
      }
      if (pathname === '/text') {
        return new Response(stream(client, call).toReadableStream('text'), { headers: { 'content-type': 'text/plain; charset=utf-8' } });
      }
      return new Response('no such route', { status: 404 });
    } catch (error) {
      return Response.json({ error: error?.name, message: error?.message }, { status: 500 });
    }
  },
};
`;

/** The workerd config: the Worker, one HTTP socket on a port the OS picks, outbound to loopback only. */
function config(baseURL: string): string {
  return `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [
    (name = "main", worker = .worker),
    (name = "loopback", network = (allow = ["local", "private"])),
  ],
  sockets = [ (name = "http", address = "127.0.0.1:0", http = (), service = "main") ],
);
const worker :Workerd.Worker = (
  modules = [ (name = "worker.js", esModule = embed "worker.js") ],
  compatibilityDate = "2025-01-01",
  globalOutbound = "loopback",
  bindings = [
    (name = "LLMUX_BASE_URL", text = ${JSON.stringify(baseURL)}),
    (name = "LLMUX_API_KEY", text = ${JSON.stringify(API_KEY)}),
  ],
);
`;
}

/** Starts workerd; resolves with its HTTP port once it reports listening on the control fd. */
function startWorkerd(binary: string, dir: string): { child: ChildProcess; port: Promise<number>; output: () => string } {
  const child = spawn(binary, ['serve', join(dir, 'config.capnp'), '--control-fd=3'], {
    cwd: dir,
    stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output += d));
  child.stderr!.on('data', (d: Buffer) => (output += d));
  const port = new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`workerd did not listen within ${START_LIMIT_MS} ms:\n${output}`)), START_LIMIT_MS);
    let control = '';
    (child.stdio[3] as Readable).on('data', (d: Buffer) => {
      control += d;
      for (const line of control.split('\n')) {
        try {
          const event = JSON.parse(line) as { event?: string; socket?: string; port?: number };
          if (event.event === 'listen' && event.socket === 'http' && typeof event.port === 'number') {
            clearTimeout(timer);
            resolve(event.port);
          }
        } catch {
          // a partial line; the rest comes with the next read
        }
      }
    });
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`workerd exited (${code ?? signal}) before listening:\n${output}`));
    });
  });
  return { child, port, output: () => output };
}

/** Stops workerd and waits for it to exit (SIGKILL after 5 s). */
async function stopWorkerd(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}

describe('llmux/lite in workerd (the Cloudflare Workers runtime)', () => {
  let server: MockServer;
  let dir: string;
  let workerd: ReturnType<typeof startWorkerd> | undefined;
  let base: string;

  before(async () => {
    server = await startMockServer({ apiKey: API_KEY });
    dir = mkdtempSync(join(tmpdir(), 'llmux-workerd-'));
    writeFileSync(join(dir, 'worker.js'), await bundleEdgeApp(WORKER));
    writeFileSync(join(dir, 'config.capnp'), config(server.openaiBaseURL));
    // The package's (CommonJS) default export is the path of the binary for this platform; a
    // variable specifier because the package ships no types.
    const name = 'workerd';
    const binary = ((await import(name)) as { default: { default: string } }).default.default;
    workerd = startWorkerd(binary, dir);
    base = `http://127.0.0.1:${await workerd.port}`;
  });

  after(async () => {
    if (workerd !== undefined) await stopWorkerd(workerd.child);
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** GETs a Worker route with a bound, so a hung Worker fails the test instead of the run. */
  async function get(path: string): Promise<Response> {
    return fetch(`${base}${path}`, { signal: AbortSignal.timeout(20_000) });
  }

  it('complete(): the Worker calls the mock server over the network and returns its answer', async () => {
    const before = server.requests.length;
    const res = await get('/complete');
    const body = (await res.json()) as { text: string; usage: { total_tokens: number }; provider: string };
    assert.equal(res.status, 200, JSON.stringify(body) + workerd!.output());
    assert.equal(body.text, mockReply('edge complete'));
    assert.equal(body.provider, 'openai');
    assert.ok(body.usage.total_tokens > 0);
    const request = server.requests[before]!;
    assert.equal(request.path, '/v1/chat/completions');
    assert.equal(request.headers['authorization'], '[redacted]', 'the key came from the Worker binding');
  });

  it('stream(): chunks iterated inside the Worker', async () => {
    const res = await get('/stream');
    const body = (await res.json()) as { text: string; chunks: number; final: string };
    assert.equal(res.status, 200, JSON.stringify(body));
    assert.equal(body.text, mockReply('edge stream'));
    assert.equal(body.final, body.text);
    assert.ok(body.chunks > 2);
  });

  it('toReadableStream() returned as the Response body: OpenAI-shaped SSE ending in [DONE]', async () => {
    const res = await get('/sse');
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /text\/event-stream/);
    const events = parseSseEvents(await res.text());
    assert.equal(events.at(-1)?.data, '[DONE]');
    const chunks = events.slice(0, -1).map((e) => JSON.parse(e.data) as { object: string; choices: { delta: { content?: string } }[] });
    assert.ok(chunks.every((c) => c.object === 'chat.completion.chunk'));
    assert.equal(chunks.map((c) => c.choices[0]?.delta.content ?? '').join(''), mockReply('edge sse'));
  });

  it("toReadableStream('text') as the body: the text alone", async () => {
    const res = await get('/text');
    assert.equal(res.status, 200);
    assert.equal(await res.text(), mockReply('edge text'));
  });

  it('a mid-stream failure reaches the client as the final SSE error event', async () => {
    server.injectFaults([{ resetAfterChunks: 2 }]);
    const res = await get('/sse');
    const events = parseSseEvents(await res.text());
    assert.equal(events.length, 3, JSON.stringify(events));
    assert.equal(events[2]!.event, 'error');
    const { error } = JSON.parse(events[2]!.data) as { error: { type: string; message: string } };
    assert.equal(error.type, 'APIConnectionError');
    assert.ok(error.message.length > 0);
  });
});
