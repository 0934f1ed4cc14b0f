// llmux/lite in a real browser: headless Chromium loads a page (served from its own origin) whose
// module is llmux/lite + llmux/openai bundled for the browser platform; the page calls the llmux
// mock server on another origin (CORS) and posts what it got back to its own server, where the
// test reads it. LLMUX_CHROMIUM names another binary than /usr/bin/chromium.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startMockServer, type MockServer } from '../../src/mock-server/index.js';
import { type TestServer, startTestServer } from '../helpers/test-server.js';
import { bundleEdgeApp, mockReply, parseSseEvents } from './bundle-edge-app.js';

const API_KEY = 'sk-chromium-test-0123456789';
const CHROMIUM = process.env['LLMUX_CHROMIUM'] ?? '/usr/bin/chromium';
const RUN_LIMIT_MS = 60_000;

// Each step runs in order, so the mock server's request index names the step (see faultPlan).
const PAGE_APP = `
import { complete, createClient, stream } from 'llmux/lite';
import { openai } from 'llmux/openai';

const { baseURL, apiKey } = globalThis.LLMUX_TEST;
const client = createClient({ providers: { openai: openai({ baseURL, apiKey }) }, maxRetries: 0 });
const call = (text) => ({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: text }] });
const out = {};
const step = async (name, run) => {
  try {
    out[name] = await run();
  } catch (error) {
    out[name] = { error: error?.name, message: error?.message };
  }
};
await step('complete', async () => (await complete(client, call('page complete'))).choices[0].message.content);
await step('stream', async () => {
  let text = '';
  for await (const chunk of stream(client, call('page stream'))) text += chunk.choices[0]?.delta.content ?? '';
  return text;
});
await step('sse', () => new Response(stream(client, call('page sse')).toReadableStream()).text());
await step('text', () => new Response(stream(client, call('page text')).toReadableStream('text')).text());
await step('sseFailure', () => new Response(stream(client, call('page failure')).toReadableStream()).text());
await fetch('/results', { method: 'POST', body: JSON.stringify(out) });
`;

/**
 * Starts headless Chromium on `url`. It runs until stopped: the page reports over HTTP, so no
 * virtual clock or load event decides when it is done.
 */
function openPage(url: string, profile: string): { exited: Promise<void>; stderr: () => string; stop: () => Promise<void> } {
  const child = spawn(
    CHROMIUM,
    [
      '--headless=new',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--no-first-run',
      '--no-default-browser-check',
      '--disable-extensions',
      `--user-data-dir=${profile}`,
      url,
    ],
    // Its own process group, so its helpers (zygote, renderer) are stopped with it.
    { stdio: ['ignore', 'ignore', 'pipe'], detached: true },
  );
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr = (stderr + d).slice(-4000)));
  const exited = new Promise<void>((resolve, reject) => {
    child.once('error', (error) =>
      reject(
        (error as NodeJS.ErrnoException).code === 'ENOENT'
          ? new Error(`${CHROMIUM} is missing: npm test installs it (apt-get install chromium), or set LLMUX_CHROMIUM`)
          : error,
      ),
    );
    child.once('exit', () => resolve());
  });
  exited.catch(() => undefined);
  const signalGroup = (signal: NodeJS.Signals): void => {
    try {
      if (child.pid !== undefined) process.kill(-child.pid, signal);
    } catch {
      // already gone
    }
  };
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      signalGroup('SIGTERM');
      const timer = setTimeout(() => signalGroup('SIGKILL'), 5000);
      await exited.catch(() => undefined);
      clearTimeout(timer);
    }
    // Helpers that outlive the browser process are ended too.
    signalGroup('SIGKILL');
  };
  return { exited, stderr: () => stderr, stop };
}

describe('llmux/lite in headless Chromium', () => {
  let server: MockServer;
  let page: TestServer | undefined;
  let pageOrigin: string;
  let profile: string;
  let results: Record<string, unknown>;

  before(async () => {
    server = await startMockServer({
      apiKey: API_KEY,
      // The fifth request (sseFailure) loses its connection after two chunks.
      faultPlan: ({ index }) => (index === 4 ? { resetAfterChunks: 2 } : undefined),
    });
    const app = await bundleEdgeApp(PAGE_APP);
    const html =
      '<!doctype html><html><head><meta charset="utf-8"></head><body>' +
      // A module that fails to load reports that instead of leaving the test to its time limit.
      `<script>addEventListener('error', (e) => fetch('/results', { method: 'POST', body: JSON.stringify({ pageError: String(e.message) }) }));</script>` +
      `<script>globalThis.LLMUX_TEST = ${JSON.stringify({ baseURL: server.openaiBaseURL, apiKey: API_KEY })};</script>` +
      '<script type="module" src="/app.js"></script></body></html>';
    let report!: (body: string) => void;
    const reported = new Promise<string>((resolve) => (report = resolve));
    page = await startTestServer((request, response, { body }) => {
      if (request.method === 'POST' && request.url === '/results') {
        response.writeHead(204).end();
        report(body);
      } else if (request.url === '/app.js') response.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' }).end(app);
      else if (request.url === '/') response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
      else response.writeHead(404).end();
    });
    pageOrigin = page.url;
    profile = mkdtempSync(join(tmpdir(), 'llmux-chromium-'));
    const browser = openPage(`${pageOrigin}/`, profile);
    let timer: NodeJS.Timeout | undefined;
    try {
      const body = await Promise.race([
        reported,
        browser.exited.then(() => Promise.reject(new Error(`Chromium exited before the page reported:\n${browser.stderr()}`))),
        new Promise<never>((_, reject) => {
          timer = setTimeout(
            () => reject(new Error(`the page did not report within ${RUN_LIMIT_MS} ms:\n${browser.stderr()}`)),
            RUN_LIMIT_MS,
          );
        }),
      ]);
      results = JSON.parse(body) as Record<string, unknown>;
    } finally {
      clearTimeout(timer);
      await browser.stop();
    }
  });

  after(async () => {
    await page?.close();
    await server?.close();
    if (profile !== undefined) rmSync(profile, { recursive: true, force: true });
  });

  it('the page called the mock server across origins (CORS), with its key', () => {
    assert.equal(server.requests.length, 5, JSON.stringify(results));
    for (const request of server.requests) {
      assert.equal(request.headers['origin'], pageOrigin, 'a browser request from the page, not from Node');
      assert.equal(request.headers['authorization'], '[redacted]');
      assert.equal(request.path, '/v1/chat/completions');
    }
  });

  it('complete() and stream() answer in the browser', () => {
    assert.equal(results['complete'], mockReply('page complete'));
    assert.equal(results['stream'], mockReply('page stream'));
  });

  it('toReadableStream() read as a Response body: SSE ending in [DONE], or the text alone', () => {
    const events = parseSseEvents(results['sse'] as string);
    assert.equal(events.at(-1)?.data, '[DONE]');
    const text = events
      .slice(0, -1)
      .map((e) => (JSON.parse(e.data) as { choices: { delta: { content?: string } }[] }).choices[0]?.delta.content ?? '')
      .join('');
    assert.equal(text, mockReply('page sse'));
    assert.equal(results['text'], mockReply('page text'));
  });

  it('a stream cut mid-way ends the SSE body with its error event', () => {
    const events = parseSseEvents(results['sseFailure'] as string);
    // The two chunks sent before the reset arrive, unless Chromium's network stack drops bytes
    // that came just before the reset (it may, on a loaded machine); the error event always ends it.
    assert.ok(events.length >= 1 && events.length <= 3, JSON.stringify(events));
    for (const event of events.slice(0, -1)) assert.equal(event.event, undefined, JSON.stringify(events));
    const last = events.at(-1)!;
    assert.equal(last.event, 'error');
    assert.equal((JSON.parse(last.data) as { error: { type: string } }).error.type, 'APIConnectionError');
  });
});
