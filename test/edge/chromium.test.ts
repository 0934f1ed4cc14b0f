// llmux/lite in a real browser: headless Chromium loads a page (served from its own origin) whose
// module is llmux/lite + llmux/openai bundled for the browser platform; the page calls the llmux
// mock server on another origin (CORS), writes what it got into the DOM, and the test reads the
// DOM Chromium dumps. LLMUX_CHROMIUM names another binary than /usr/bin/chromium.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startMockServer, type MockServer } from '../../src/mock-server/index.js';
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
// Letters, digits and %: nothing the DOM dump escapes.
document.getElementById('result').textContent = encodeURIComponent(JSON.stringify(out));
`;

/** Runs Chromium headless on `url` and resolves with the DOM it dumps; the whole process group is ended. */
function dumpDom(url: string, profile: string): Promise<string> {
  return new Promise((resolve, reject) => {
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
        // Virtual time runs the page's timers at once but waits for its network requests.
        '--virtual-time-budget=30000',
        '--dump-dom',
        url,
      ],
      { stdio: ['ignore', 'pipe', 'pipe'], detached: true },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d));
    child.stderr.on('data', (d: Buffer) => (stderr = (stderr + d).slice(-4000)));
    // Chromium's helpers (zygote, renderer) share its process group: end them all with it.
    const killGroup = (): void => {
      try {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    };
    const timer = setTimeout(() => {
      killGroup();
      reject(new Error(`Chromium did not finish within ${RUN_LIMIT_MS} ms:\n${stderr}`));
    }, RUN_LIMIT_MS);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(
        (error as NodeJS.ErrnoException).code === 'ENOENT'
          ? new Error(`${CHROMIUM} is missing: run npm test (it installs chromium) or apt-get install chromium`)
          : error,
      );
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      killGroup();
      if (code === 0) resolve(stdout);
      else reject(new Error(`Chromium exited with ${code}:\n${stderr}`));
    });
  });
}

describe('llmux/lite in headless Chromium', () => {
  let server: MockServer;
  let page: Server;
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
      '<!doctype html><html><head><meta charset="utf-8"></head><body><pre id="result">pending</pre>' +
      `<script>globalThis.LLMUX_TEST = ${JSON.stringify({ baseURL: server.openaiBaseURL, apiKey: API_KEY })};</script>` +
      '<script type="module" src="/app.js"></script></body></html>';
    page = createServer((request, response) => {
      if (request.url === '/app.js') response.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' }).end(app);
      else if (request.url === '/') response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
      else response.writeHead(404).end();
    });
    await new Promise<void>((resolve) => page.listen(0, '127.0.0.1', resolve));
    pageOrigin = `http://127.0.0.1:${(page.address() as AddressInfo).port}`;
    profile = mkdtempSync(join(tmpdir(), 'llmux-chromium-'));
    const dom = await dumpDom(`${pageOrigin}/`, profile);
    const match = /<pre id="result">([^<]*)<\/pre>/.exec(dom);
    assert.ok(match !== null && match[1] !== 'pending', `the page never wrote its results:\n${dom.slice(0, 2000)}`);
    results = JSON.parse(decodeURIComponent(match[1]!)) as Record<string, unknown>;
  });

  after(async () => {
    page?.closeAllConnections();
    await new Promise((resolve) => page?.close(resolve) ?? resolve(undefined));
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
    assert.equal(events.length, 3, JSON.stringify(events));
    assert.equal(events[2]!.event, 'error');
    assert.equal((JSON.parse(events[2]!.data) as { error: { type: string } }).error.type, 'APIConnectionError');
  });
});
