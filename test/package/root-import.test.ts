import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../../', import.meta.url));
// The suite's local server, imported by URL from a child below.
const TEST_SERVER = new URL('../helpers/test-server.js', import.meta.url).href;
const work = mkdtempSync(join(tmpdir(), 'llmux-import-'));
after(() => rmSync(work, { recursive: true, force: true }));

// A module hook that records every specifier the child resolves, builtins included.
writeFileSync(
  join(work, 'hooks.mjs'),
  `import { appendFileSync } from 'node:fs';
export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  appendFileSync(process.env.LLMUX_IMPORT_LOG, result.url + '\\n');
  return result;
}`,
);
writeFileSync(
  join(work, 'register.mjs'),
  `import { register } from 'node:module'; register(${JSON.stringify(new URL('hooks.mjs', `file://${work}/`).href)});`,
);

/** Runs `code` in a fresh node from the package root and returns what it loaded. */
function loadedBy(code: string): { ours: string[]; builtins: string[] } {
  const log = join(work, `log-${Math.random().toString(36).slice(2)}.txt`);
  writeFileSync(log, '');
  execFileSync(process.execPath, ['--import', join(work, 'register.mjs'), '--input-type=module', '-e', code], {
    cwd: root,
    env: { PATH: process.env['PATH'] ?? '', LLMUX_IMPORT_LOG: log },
  });
  const urls = [...new Set(readFileSync(log, 'utf8').trim().split('\n').filter(Boolean))];
  return {
    ours: urls.filter((u) => u.includes('/dist/')).map((u) => u.slice(u.indexOf('/dist/') + 6)),
    builtins: urls.filter((u) => u.startsWith('node:')),
  };
}

/** Runs `code` as a module in a fresh node from the package root, with no provider keys, and returns what it printed. */
function printedBy(code: string): string {
  return execFileSync(process.execPath, ['--input-type=module', '-e', code], {
    cwd: root,
    env: { PATH: process.env['PATH'] ?? '' },
  }).toString();
}

const HEAVY_BUILTINS = ['node:http', 'node:https', 'node:zlib', 'node:net', 'node:tls', 'node:stream', 'node:child_process'];

describe('import "llmux" is light', () => {
  it('loads no provider, no transport, no mock server, no CLI and no node:http', () => {
    const { ours, builtins } = loadedBy(`await import('llmux');`);
    assert.ok(ours.includes('index.js'), `expected the package entry to load: ${ours.join(', ')}`);
    const heavy = ours.filter((f) => /providers\/(?!registry)|transport\/(?!transport-types)|mock-server|cli\/|models\//.test(f));
    assert.deepEqual(heavy, [], `root import loaded: ${heavy.join(', ')}`);
    assert.deepEqual(
      builtins.filter((b) => HEAVY_BUILTINS.includes(b)),
      [],
    );
    // On Node the build makes the root's static graph one file, the root and the shared core
    // (errors, stream, call loop) together, which llmux/lite and every adapter import too: a
    // second module would cost a resolve, a read and a compile of its own (about as much as
    // 50 KB of code on a small machine).
    assert.deepEqual(ours, ['index.js'], `root import loads ${ours.length} modules: ${ours.join(', ')}`);
  });

  it('the first mock call loads the mock adapter only, still no HTTP stack', () => {
    const { ours, builtins } = loadedBy(
      `const { complete } = await import('llmux'); await complete({ model: 'mock/x', messages: [{ role: 'user', content: 'hi' }] });`,
    );
    assert.ok(ours.includes('providers/mock/mock-adapter.js'));
    assert.ok(!ours.some((f) => f.startsWith('providers/openai/')), ours.join(', '));
    assert.deepEqual(
      builtins.filter((b) => HEAVY_BUILTINS.includes(b)),
      [],
    );
  });

  it('an OpenAI call loads the OpenAI adapter and node:http, but not https/zlib for a local http URL', () => {
    const code = `
      import('llmux').then(async ({ createClient }) => {
        const c = createClient({ providers: { openai: { baseURL: 'http://127.0.0.1:9/v1', apiKey: 'k' } }, maxRetries: 0 });
        await c.complete({ model: 'openai/gpt-4o', messages: [{ role: 'user', content: 'hi' }] }).catch(() => {});
        c.close();
      });`;
    const { ours, builtins } = loadedBy(code);
    assert.ok(ours.includes('providers/openai/index.js'));
    assert.ok(ours.includes('transport/node-transport.js'));
    assert.ok(!ours.some((f) => f.startsWith('providers/mock/')));
    assert.ok(builtins.includes('node:http'));
    assert.ok(!builtins.includes('node:zlib'));
    // complete() reads one JSON body: the SSE loop is not loaded.
    assert.ok(!ours.includes('stream/stream-sse-chunks.js'), ours.join(', '));
    // No callbacks: their reporter is not loaded.
    assert.ok(!ours.includes('callbacks/call-reporter.js'), ours.join(', '));
  });

  it('callbacks are reported from the first call of a process, while their reporter loads, as they are once it has', () => {
    // Client callbacks on a stream aborted before it is read (the first call of the process,
    // made before the reporter's module has loaded), then per-call callbacks on a client without
    // any. The same calls run again once the module has loaded, and must report the same events.
    const code = `
      const { createClient } = await import('llmux');
      const messages = [{ role: 'user', content: 'hi' }];
      const log = [];
      const on = (name) => (event) => log.push(name === 'streamEnd' ? name + ':' + event.outcome + ':' + event.chunks + ':' + (event.timeToFirstTokenMs !== undefined) : name);
      const callbacks = { onRequest: on('request'), onChunk: on('chunk'), onResponse: on('response'), onError: on('error'), onStreamEnd: on('streamEnd') };
      const settle = () => new Promise((r) => setTimeout(r, 20));
      const runs = [];
      for (let round = 0; round < 2; round++) {
        log.length = 0;
        const aborted = createClient({ callbacks }).stream({ model: 'mock/x', messages });
        aborted.abort();
        let threw = 'nothing';
        try { for await (const _ of aborted); } catch (e) { threw = e.name; }
        await settle();
        const early = [threw, ...log];
        log.length = 0;
        for await (const _ of createClient().stream({ model: 'mock/x', messages }, { callbacks }));
        await settle();
        runs.push({ read: [...log], aborted: early });
      }
      console.log(JSON.stringify(runs));`;
    const [first, second] = JSON.parse(printedBy(code)) as { read: string[]; aborted: string[] }[];
    assert.ok(first !== undefined && second !== undefined);
    assert.equal(first.read[0], 'request');
    assert.ok(first.read.filter((e) => e === 'chunk').length > 0, first.read.join(', '));
    assert.deepEqual(first.read.slice(-2), ['response', `streamEnd:completed:${first.read.filter((e) => e === 'chunk').length}:true`]);
    // Before the module has loaded, the events of a stream aborted at once arrive just after its
    // rejection instead of just before it; they are the same events.
    assert.deepEqual(first.aborted, ['APIUserAbortError', 'error', 'streamEnd:aborted:0:false']);
    assert.deepEqual(first, second);
  });

  it('the first stream loads the SSE loop, once, beside the adapter and the transport', () => {
    const code = `
      import { createServer } from 'node:http';
      const { createClient } = await import('llmux');
      const sse = 'data: {"id":"c","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"content":"hi"},"finish_reason":"stop"}]}\\n\\ndata: [DONE]\\n\\n';
      const server = createServer((req, res) => { req.resume(); req.on('end', () => res.writeHead(200, { 'content-type': 'text/event-stream' }).end(sse)); });
      await new Promise((r) => server.listen(0, '127.0.0.1', r));
      const c = createClient({ providers: { openai: { baseURL: 'http://127.0.0.1:' + server.address().port + '/v1', apiKey: 'k' } }, cost: false });
      let text = '';
      for (let i = 0; i < 2; i++) for await (const chunk of c.stream({ model: 'openai/gpt-4o', messages: [{ role: 'user', content: 'hi' }] })) text += chunk.choices[0]?.delta.content ?? '';
      if (text !== 'hihi') throw new Error('streamed ' + JSON.stringify(text));
      c.close(); server.close();`;
    const { ours } = loadedBy(code);
    // The model table tells which API serves the model (no `api` set).
    assert.deepEqual(ours.sort(), [
      'index.js',
      'models/model-lookup.js',
      'providers/openai/index.js',
      'stream/stream-sse-chunks.js',
      'transport/node-transport.js',
    ]);
  });
});

describe('the bundled package', () => {
  it('errors thrown inside a lazily loaded adapter are instances of the classes the root exports', () => {
    const code = `
      const { startTestServer } = await import(${JSON.stringify(TEST_SERVER)});
      const { createClient, AuthenticationError, LlmuxError } = await import('llmux');
      const server = await startTestServer((req, res) => res.writeHead(401, { 'content-type': 'application/json' }).end('{"error":{"message":"bad key","code":"invalid_api_key"}}'));
      const c = createClient({ providers: { openai: { baseURL: server.url + '/v1', apiKey: 'k' } } });
      try { await c.complete({ model: 'openai/gpt-4o', messages: [{ role: 'user', content: 'hi' }] }); }
      catch (e) { console.log(e instanceof AuthenticationError, e instanceof LlmuxError, e.name); }
      c.close(); await server.close();`;
    const out = printedBy(code);
    assert.equal(out.trim(), 'true true AuthenticationError');
  });

  it('a model registered through llmux/models prices the client: the table a call loads is the one llmux/models holds', () => {
    const code = `
      const { startTestServer } = await import(${JSON.stringify(TEST_SERVER)});
      const { createClient } = await import('llmux');
      const { registerModel, getModelInfo } = await import('llmux/models');
      registerModel('openai/llmux-bundle-check', { inputCostPerToken: 0.001, outputCostPerToken: 0.002 });
      const body = { id: 'c', object: 'chat.completion', created: 1, model: 'llmux-bundle-check', choices: [{ index: 0, message: { role: 'assistant', content: 'hi' }, finish_reason: 'stop' }], usage: { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 } };
      const server = await startTestServer((req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body)));
      const c = createClient({ providers: { openai: { baseURL: server.url + '/v1', apiKey: 'k' } } });
      const response = await c.complete({ model: 'openai/llmux-bundle-check', messages: [{ role: 'user', content: 'hi' }] });
      console.log(response.cost?.total, getModelInfo('openai/llmux-bundle-check')?.source);
      c.close(); await server.close();`;
    const out = printedBy(code);
    assert.equal(out.trim(), '0.02 registered');
  });

  it('the built CLI answers from the mock provider with no key', () => {
    const out = execFileSync(process.execPath, [join(root, 'dist/cli/main.js'), 'chat', '--json', 'ping'], {
      cwd: root,
      env: { PATH: process.env['PATH'] ?? '' },
    }).toString();
    assert.equal(JSON.parse(out).choices[0].message.content, 'Mock reply to: ping');
  });
});
