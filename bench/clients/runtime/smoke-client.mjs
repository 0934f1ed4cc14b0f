// The runtime smoke client: run by `runtime-smoke.mjs` under Node 20, Node 24, Bun and Deno
// against the llmux mock server the parent started on 127.0.0.1. It runs every check twice,
// once through the fetch transport (`fetch: globalThis.fetch`) and once through the transport
// llmux picks for the runtime by itself (node:http on Node, fetch on Bun and Deno), and prints
// one JSON line: the runtime, and each check with pass/warn/fail and a message ("warn": the
// runtime, not llmux, fell short; see cutCheck).
//
// Only web-standard APIs are used here (plus `process`/`Deno` to read arguments and exit), so the
// same file runs everywhere. llmux is imported by name, from bench/node_modules/llmux.
import { APIConnectionError, APITimeoutError, APIUserAbortError, LlmuxError, createClient, isLlmuxError } from 'llmux';

const args = globalThis.Deno?.args ?? globalThis.process.argv.slice(2);
const config = JSON.parse(args[0] ?? '{}');
const CHECK_TIMEOUT_MS = 15_000;
const API_KEY = config.apiKey;

// Never talk to anything but the local mock: a client started by hand without the parent's
// arguments must not fall back to a real provider.
for (const value of [config.mockURL, config.splitURL, config.cutURL]) {
  let url;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  if (url === undefined || url.protocol !== 'http:' || url.hostname !== '127.0.0.1') {
    console.log(
      JSON.stringify({
        ok: false,
        error: `mockURL, splitURL and cutURL must be http://127.0.0.1:PORT (got ${JSON.stringify(value)}); start this through runtime-smoke.mjs`,
      }),
    );
    exit(2);
  }
}
const OPENAI_BASE_URL = `${config.mockURL}/v1`;
const SPLIT_BASE_URL = `${config.splitURL}/v1`;
const CUT_BASE_URL = `${config.cutURL}/v1`;
const ANTHROPIC_BASE_URL = config.mockURL;

const GREETING = 'Hello from the llmux mock server. You said: ';
const OPENAI_MODEL = 'openai/gpt-4o-mini';
const ANTHROPIC_MODEL = 'anthropic/claude-sonnet-4-5';
// The mock's reply is the greeting plus the prompt, one word per streamed delta and per token.
const expectedText = (prompt) => `${GREETING}${prompt}`;
const wordCount = (text) => (text.match(/\s*\S+/g) ?? []).length;

function runtimeInfo() {
  if (globalThis.Bun !== undefined) return { name: 'bun', version: globalThis.Bun.version };
  if (globalThis.Deno !== undefined) return { name: 'deno', version: globalThis.Deno.version.deno };
  return { name: 'node', version: globalThis.process.version };
}

function exit(code) {
  if (globalThis.Deno !== undefined) globalThis.Deno.exit(code);
  globalThis.process.exit(code);
}

/** What to expect from `createClient()` with no fetch option, by llmux's own rule (detect-runtime.ts). */
function defaultTransportName() {
  const g = globalThis;
  return g.process?.versions?.node !== undefined && g.Bun === undefined && g.Deno === undefined ? 'node:http' : 'fetch';
}

function makeClient(mode, extra = {}) {
  return createClient({
    ...(mode === 'fetch' ? { fetch: globalThis.fetch } : {}),
    providers: {
      openai: { baseURL: OPENAI_BASE_URL, apiKey: API_KEY },
      anthropic: { baseURL: ANTHROPIC_BASE_URL, apiKey: API_KEY },
    },
    cost: false,
    ...extra,
  });
}

/** Headers that name the check on the server (so the parent can see which transport sent it) and may ask for a fault. */
function tag(mode, check, fault) {
  return { 'x-smoke-check': `${mode}/${check}`, ...(fault === undefined ? {} : { 'x-mock-fault': JSON.stringify(fault) }) };
}

function assert(condition, message) {
  if (!condition) throw new Error(message);
}

function describe(error) {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? ` [cause: ${error.cause.name}: ${error.cause.message}]` : '';
  return `${error.name}: ${error.message}${cause}`;
}

async function streamText(stream) {
  let text = '';
  let usage;
  let chunks = 0;
  for await (const chunk of stream) {
    chunks++;
    const content = chunk.choices[0]?.delta?.content;
    if (content) text += content;
    if (chunk.usage) usage = chunk.usage;
  }
  return { text, usage, chunks };
}

const CHECKS = {
  async 'openai.complete'(mode) {
    const client = makeClient(mode);
    try {
      const prompt = 'Say hello.';
      const res = await client.complete(
        { model: OPENAI_MODEL, messages: [{ role: 'user', content: prompt }] },
        { headers: tag(mode, 'openai.complete') },
      );
      const text = res.choices[0]?.message.content;
      assert(text === expectedText(prompt), `text ${JSON.stringify(text)}`);
      assert(res.usage?.completion_tokens === wordCount(text), `usage ${JSON.stringify(res.usage)}`);
      return `text ok (${text.length} chars), ${res.usage.completion_tokens} completion tokens`;
    } finally {
      client.close();
    }
  },

  async 'openai.stream'(mode) {
    const client = makeClient(mode);
    try {
      const prompt = 'Stream a short greeting, please.';
      const { text, usage, chunks } = await streamText(
        client.stream({ model: OPENAI_MODEL, messages: [{ role: 'user', content: prompt }] }, { headers: tag(mode, 'openai.stream') }),
      );
      assert(text === expectedText(prompt), `text ${JSON.stringify(text)}`);
      assert(
        usage?.completion_tokens === wordCount(text) &&
          usage.prompt_tokens > 0 &&
          usage.total_tokens === usage.prompt_tokens + usage.completion_tokens,
        `usage ${JSON.stringify(usage)}`,
      );
      return `${chunks} chunks, text ok, usage ${usage.prompt_tokens}+${usage.completion_tokens}`;
    } finally {
      client.close();
    }
  },

  async 'anthropic.complete'(mode) {
    const client = makeClient(mode);
    try {
      const prompt = 'Say hello, Claude.';
      const res = await client.complete(
        { model: ANTHROPIC_MODEL, max_tokens: 256, messages: [{ role: 'user', content: prompt }] },
        { headers: tag(mode, 'anthropic.complete') },
      );
      const text = res.choices[0]?.message.content;
      assert(text === expectedText(prompt), `text ${JSON.stringify(text)}`);
      assert(res.usage?.completion_tokens === wordCount(text), `usage ${JSON.stringify(res.usage)}`);
      return `text ok (${text.length} chars), ${res.usage.completion_tokens} completion tokens`;
    } finally {
      client.close();
    }
  },

  async 'anthropic.stream'(mode) {
    const client = makeClient(mode);
    try {
      const prompt = 'Stream a short greeting, Claude.';
      const { text, usage, chunks } = await streamText(
        client.stream(
          { model: ANTHROPIC_MODEL, max_tokens: 256, messages: [{ role: 'user', content: prompt }] },
          { headers: tag(mode, 'anthropic.stream') },
        ),
      );
      assert(text === expectedText(prompt), `text ${JSON.stringify(text)}`);
      assert(usage?.completion_tokens === wordCount(text) && usage.prompt_tokens > 0, `usage ${JSON.stringify(usage)}`);
      return `${chunks} chunks, text ok, usage ${usage.prompt_tokens}+${usage.completion_tokens}`;
    } finally {
      client.close();
    }
  },

  // One 429 with `Retry-After: 1` queued on the server, then the normal answer: llmux must wait
  // the server's second and succeed on its one retry.
  async 'retry.429'(mode) {
    const retries = [];
    const client = makeClient(mode, { onRetry: (info) => retries.push(info) });
    try {
      const queued = await fetch(`${config.mockURL}/__mock/faults`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify([{ status: 429, retryAfter: 1, api: 'openai', times: 1 }]),
      });
      assert(queued.status === 204, `could not queue the 429 fault: HTTP ${queued.status}`);
      const prompt = 'Try again.';
      const t0 = performance.now();
      const res = await client.complete(
        { model: OPENAI_MODEL, messages: [{ role: 'user', content: prompt }] },
        { headers: tag(mode, 'retry.429') },
      );
      const ms = performance.now() - t0;
      assert(res.choices[0]?.message.content === expectedText(prompt), `text ${JSON.stringify(res.choices[0]?.message.content)}`);
      assert(retries.length === 1, `${retries.length} retries`);
      const [retry] = retries;
      assert(retry.error?.name === 'RateLimitError' && retry.error.status === 429, `retried after ${describe(retry.error)}`);
      assert(retry.delayMs === 1000, `waited ${retry.delayMs} ms, not the 1000 ms of Retry-After: 1`);
      assert(ms >= 950, `succeeded after ${Math.round(ms)} ms, before Retry-After elapsed`);
      return `1 retry after RateLimitError, waited ${retry.delayMs} ms (call took ${Math.round(ms)} ms)`;
    } finally {
      client.close();
    }
  },

  // A longer stream with non-ASCII words (é, a 4-byte emoji) from a server that writes it in
  // 7-byte pieces, so events and UTF-8 sequences straddle network reads.
  async 'stream.utf8-split'(mode) {
    const client = makeClient(mode);
    try {
      const { text, usage, chunks } = await streamText(
        client.stream(
          { model: OPENAI_MODEL, messages: [{ role: 'user', content: 'Tell me about the fox.' }] },
          { baseURL: SPLIT_BASE_URL, headers: tag(mode, 'stream.utf8-split') },
        ),
      );
      const expected = config.splitText;
      assert(text.length === expected.length, `text length ${text.length}, expected ${expected.length}`);
      assert(text === expected, `text differs from character ${[...text].findIndex((c, i) => c !== [...expected][i])}`);
      assert(usage?.completion_tokens === config.splitPieces, `usage ${JSON.stringify(usage)}`);
      return `${chunks} chunks, ${text.length} chars identical, usage ${usage.prompt_tokens}+${usage.completion_tokens}`;
    } finally {
      client.close();
    }
  },

  // The server sends a few events, then goes silent with the connection open: the idle timeout
  // must fail the stream with APITimeoutError carrying the text so far.
  async 'timeout.stream'(mode) {
    const client = makeClient(mode, { timeout: 300, maxRetries: 0 });
    try {
      const prompt = 'Stream, then fall silent.';
      const t0 = performance.now();
      let text = '';
      let error;
      try {
        for await (const chunk of client.stream(
          { model: OPENAI_MODEL, messages: [{ role: 'user', content: prompt }] },
          { headers: tag(mode, 'timeout.stream', { stallAfterChunks: 4 }) },
        )) {
          text += chunk.choices[0]?.delta?.content ?? '';
        }
      } catch (e) {
        error = e;
      }
      const ms = performance.now() - t0;
      const expected = expectedText(prompt)
        .match(/\s*\S+/g)
        .slice(0, 3)
        .join('');
      assert(error !== undefined, `the stream ended normally (text ${JSON.stringify(text)})`);
      assert(error instanceof APITimeoutError, `got ${describe(error)}, not APITimeoutError`);
      assert(ms >= 290 && ms < 3000, `timed out after ${Math.round(ms)} ms, configured 300`);
      assert(error.partialText === expected, `partialText ${JSON.stringify(error.partialText)}, expected ${JSON.stringify(expected)}`);
      return `APITimeoutError after ${Math.round(ms)} ms, partialText ${JSON.stringify(error.partialText)}`;
    } finally {
      client.close();
    }
  },

  // The server sends a few events, then destroys the connection: the stream must fail with a
  // typed error whose partialResponse holds the text received.
  async 'cut.openai'(mode) {
    return cutCheck(mode, 'cut.openai', OPENAI_MODEL);
  },

  async 'cut.anthropic'(mode) {
    return cutCheck(mode, 'cut.anthropic', ANTHROPIC_MODEL);
  },

  // As cut.openai, but the server pauses 100 ms between its last event and the cut, so every
  // runtime has handed the events over before the connection drops.
  async 'cut.after-pause'(mode) {
    const client = makeClient(mode);
    try {
      const stream = client.stream(
        { model: OPENAI_MODEL, messages: [{ role: 'user', content: 'Stream, pause, then get cut off.' }] },
        { baseURL: CUT_BASE_URL, headers: tag(mode, 'cut.after-pause'), maxRetries: 0 },
      );
      let text = '';
      let error;
      try {
        for await (const chunk of stream) text += chunk.choices[0]?.delta?.content ?? '';
      } catch (e) {
        error = e;
      }
      const expected = config.cutText;
      assert(error !== undefined, `the stream ended without an error (text ${JSON.stringify(text)})`);
      assert(error instanceof APIConnectionError && isLlmuxError(error), `got ${describe(error)}, expected APIConnectionError`);
      assert(text === expected, `iterated ${JSON.stringify(text)}, expected ${JSON.stringify(expected)}`);
      assert(error.partialText === expected, `partialText ${JSON.stringify(error.partialText)}, expected ${JSON.stringify(expected)}`);
      return `${error.name}${error.code ? ` (${error.code})` : ''}, partialText ${JSON.stringify(error.partialText)}`;
    } finally {
      client.close();
    }
  },

  // Abort while waiting for the response headers (the server holds them back 5 s).
  async 'abort.complete'(mode) {
    const client = makeClient(mode);
    try {
      const controller = new AbortController();
      const timer = setTimeout(() => controller.abort(), 200);
      const t0 = performance.now();
      let error;
      try {
        await client.complete(
          { model: OPENAI_MODEL, messages: [{ role: 'user', content: 'Take your time.' }] },
          { signal: controller.signal, headers: tag(mode, 'abort.complete', { delayFirstByteMs: 5000 }) },
        );
      } catch (e) {
        error = e;
      } finally {
        clearTimeout(timer);
      }
      const ms = performance.now() - t0;
      assert(error !== undefined, 'the call succeeded despite the abort');
      assert(error instanceof APIUserAbortError, `got ${describe(error)}, not APIUserAbortError`);
      assert(ms < 2000, `the abort took ${Math.round(ms)} ms to surface`);
      return `APIUserAbortError after ${Math.round(ms)} ms`;
    } finally {
      client.close();
    }
  },

  // Abort a stream that went silent after a few events (the server stalls with the connection
  // open): iteration must end with APIUserAbortError carrying the text so far.
  async 'abort.stream'(mode) {
    const client = makeClient(mode);
    try {
      const controller = new AbortController();
      const prompt = 'Stream, then stall.';
      const stream = client.stream(
        { model: OPENAI_MODEL, messages: [{ role: 'user', content: prompt }] },
        { signal: controller.signal, headers: tag(mode, 'abort.stream', { stallAfterChunks: 4 }) },
      );
      let text = '';
      let timer;
      let t0;
      let error;
      try {
        for await (const chunk of stream) {
          text += chunk.choices[0]?.delta?.content ?? '';
          if (timer === undefined) {
            t0 = performance.now();
            timer = setTimeout(() => controller.abort(), 200);
          }
        }
      } catch (e) {
        error = e;
      } finally {
        clearTimeout(timer);
      }
      const ms = t0 === undefined ? NaN : performance.now() - t0;
      assert(error !== undefined, `the stream ended normally despite the abort (text ${JSON.stringify(text)})`);
      assert(error instanceof APIUserAbortError, `got ${describe(error)}, not APIUserAbortError`);
      assert(ms < 2000, `the abort took ${Math.round(ms)} ms to surface`);
      // Events 1-4: role, "Hello", " from", " the".
      const expected = expectedText(prompt)
        .match(/\s*\S+/g)
        .slice(0, 3)
        .join('');
      assert(text === expected, `received ${JSON.stringify(text)}, expected ${JSON.stringify(expected)}`);
      assert(error.partialText === expected, `partialText ${JSON.stringify(error.partialText)}, expected ${JSON.stringify(expected)}`);
      return `APIUserAbortError ${Math.round(ms - 200)} ms after abort(), partialText ${JSON.stringify(error.partialText)}`;
    } finally {
      client.close();
    }
  },
};

async function cutCheck(mode, name, model) {
  const client = makeClient(mode);
  try {
    const prompt = 'Stream, then get cut off.';
    // OpenAI events: role chunk, then one per word; Anthropic: message_start,
    // content_block_start, ping, then one per word. Either way three words arrive.
    const after = model === OPENAI_MODEL ? 4 : 6;
    const stream = client.stream(
      { model, max_tokens: 256, messages: [{ role: 'user', content: prompt }] },
      { headers: tag(mode, name, { resetAfterChunks: after }), maxRetries: 0 },
    );
    let text = '';
    let error;
    try {
      for await (const chunk of stream) text += chunk.choices[0]?.delta?.content ?? '';
    } catch (e) {
      error = e;
    }
    const expected = expectedText(prompt)
      .match(/\s*\S+/g)
      .slice(0, 3)
      .join('');
    assert(error !== undefined, `the stream ended without an error (text ${JSON.stringify(text)})`);
    assert(error instanceof LlmuxError && isLlmuxError(error), `got ${describe(error)}, not a typed llmux error`);
    assert(error instanceof APIConnectionError, `got ${describe(error)}, expected APIConnectionError`);
    // llmux's contract: the error carries exactly what reached the caller.
    assert(error.partialText === text, `partialText ${JSON.stringify(error.partialText)} but the caller iterated ${JSON.stringify(text)}`);
    const summary = `${error.name}${error.code ? ` (${error.code})` : ''}, partialText ${JSON.stringify(error.partialText)}`;
    if (text !== expected && expected.startsWith(text)) {
      // The server had flushed three words before the cut; the runtime's fetch handed over fewer.
      // llmux can only report what the runtime gave it, so this is the runtime's, not a failure.
      return {
        warn: `${summary}: the runtime delivered ${JSON.stringify(text)} of the ${JSON.stringify(expected)} the server flushed before the cut; llmux's error matches what it received`,
      };
    }
    assert(error.partialResponse !== undefined, `${describe(error)} has no partialResponse`);
    assert(text === expected, `iterated ${JSON.stringify(text)}, expected ${JSON.stringify(expected)}`);
    return summary;
  } finally {
    client.close();
  }
}

async function runCheck(mode, name, fn) {
  const t0 = performance.now();
  let timer;
  try {
    const timeout = new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no result within ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS);
    });
    const outcome = await Promise.race([fn(mode), timeout]);
    const ms = Math.round(performance.now() - t0);
    // A check returns its message, or { warn } when the runtime, not llmux, fell short.
    if (typeof outcome === 'object' && outcome !== null) return { mode, check: name, ok: true, status: 'warn', ms, message: outcome.warn };
    return { mode, check: name, ok: true, status: 'pass', ms, message: outcome };
  } catch (error) {
    return { mode, check: name, ok: false, status: 'fail', ms: Math.round(performance.now() - t0), message: describe(error) };
  } finally {
    clearTimeout(timer);
  }
}

const results = [];
const only = config.only === undefined ? undefined : new Set(config.only);
for (const mode of ['fetch', 'default']) {
  for (const [name, fn] of Object.entries(CHECKS)) {
    if (only !== undefined && !only.has(name)) continue;
    results.push(await runCheck(mode, name, fn));
  }
}
console.log(JSON.stringify({ ok: true, runtime: runtimeInfo(), defaultTransport: defaultTransportName(), results }));
// A check that timed out may leave a request open: exit rather than wait for it.
exit(0);
