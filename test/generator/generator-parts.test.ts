import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { type AdapterNewArgs, parseAdapterArgs } from '../../src/cli/parse-adapter-args.js';
import {
  type DocExample,
  type ProviderSpec,
  createProgressDisplay,
  deriveFixtures,
  diffSpec,
  htmlToText,
  packageRoot,
  refinePrompt,
  renderAdapter,
  runCheck,
  trimDocs,
  validateDocExamples,
  validateProviderSpec,
} from '../../src/generator/index.js';
import { validateFixture } from '../../src/testing/index.js';

const FIXTURES = fileURLToPath(new URL('../../../test/__fixtures__/generator/', import.meta.url));
const load = (name: string): any => JSON.parse(readFileSync(join(FIXTURES, name), 'utf8'));
const GOOD = load('acme-spec.json') as ProviderSpec;

describe('trimDocs', () => {
  it('turns HTML into text, keeping code blocks and dropping scripts and navigation', () => {
    const text = htmlToText('<html><head><style>p{}</style><script>alert(1)</script></head><body><nav>Menu</nav><h2>Errors</h2><p>Body &amp; <code>fault</code></p><pre><code>{"a":&quot;1&quot;}</code></pre></body></html>');
    assert.match(text, /## Errors/);
    assert.match(text, /Body & `fault`/);
    assert.match(text, /```\n\{"a":"1"\}\n```/);
    assert.ok(!/alert|Menu|p\{\}/.test(text));
  });

  it('keeps the relevant sections in order within the cap', () => {
    const docs = ['# Pricing', 'x'.repeat(3000), '# Authentication', 'Use X-Key.', '# Changelog', 'y'.repeat(3000), '# Errors', 'fault bodies'].join('\n');
    const trimmed = trimDocs(docs, 1000);
    assert.ok(trimmed.length <= 1000);
    assert.ok(trimmed.indexOf('# Authentication') < trimmed.indexOf('# Errors'));
    assert.ok(!trimmed.includes('# Pricing') && !trimmed.includes('# Changelog'));
    assert.equal(trimDocs('short docs'), 'short docs');
  });
});

describe('the spec and the examples', () => {
  it('accepts the Acme spec and names what is wrong with a bad one', () => {
    assert.deepEqual(validateProviderSpec(GOOD), []);
    const bad = { ...GOOD, baseURL: 'api.acme.dev', stream: { ...GOOD.stream, doneType: null }, stopReasons: [{ provider: 'x', finish_reason: 'done' }] };
    const messages = validateProviderSpec(bad).map((i) => `${i.path.join('.')}: ${i.message}`);
    assert.ok(messages.some((m) => m.startsWith('stopReasons.0.finish_reason: expected one of')), messages.join('\n'));
    const { hooks: _, ...missing } = GOOD;
    assert.match(validateProviderSpec(missing)[0]!.message, /missing required property "hooks"/);
    const semantic = validateProviderSpec({ ...GOOD, baseURL: 'api.acme.dev', stream: { ...GOOD.stream, doneType: null } }).map((i) => i.message);
    assert.ok(semantic.includes('baseURL must be an http(s) URL') && semantic.some((m) => /name how the stream ends/.test(m)));
  });

  it('derives valid kit fixtures from the documented examples', () => {
    const examples = load('acme-examples.json');
    assert.deepEqual(validateDocExamples(examples), []);
    const fixtures = deriveFixtures(examples.examples as DocExample[], 'examples in acme-api.md');
    for (const f of fixtures) assert.deepEqual(validateFixture(f), [], f.id);
    const stream = fixtures.find((f) => f.id === 'acme-stream')!;
    assert.equal(stream.response.headers?.['content-type'], 'text/event-stream');
    assert.equal(stream.expect.response?.content, 'Grüße aus Acme ☕');
    const limited = fixtures.find((f) => f.id === 'acme-429')!;
    assert.equal(limited.stream, 'both');
    assert.deepEqual(limited.expect.error, { name: 'RateLimitError', status: 429, retryAfterMs: 3000, retryable: true });
    assert.equal(limited.response.headers?.['acme-retry-in'], '3');
    assert.match(limited.source, /^spec-derived: /);
  });
});

describe('diffSpec and refinePrompt', () => {
  it('lists what changed, keyed lists by their key', () => {
    const wrong = load('acme-spec-wrong-stop.json');
    assert.deepEqual(diffSpec(wrong, GOOD), ['stopReasons[max_output].finish_reason: "stop" -> "length"']);
    assert.deepEqual(diffSpec(GOOD, { ...GOOD, chat: { path: '/v3/generate', streamPath: null } }), ['chat.path: "/v2/generate" -> "/v3/generate"']);
    assert.deepEqual(diffSpec(GOOD, structuredClone(GOOD)), []);
  });

  it('quotes every failed check with its expected and actual values', () => {
    const messages = refinePrompt([{ role: 'user', content: 'docs' }], GOOD, [{ check: 'stop-reason', name: 'stop reason [x]', message: 'finish_reason: expected "length"', expected: { finish_reason: 'length' }, actual: { finish_reason: 'stop' } }], 1);
    const last = messages.at(-1)!.content as string;
    assert.match(last, /1\. check: stop-reason — stop reason \[x\]\n {3}message: finish_reason: expected "length"\n {3}expected: \{"finish_reason":"length"\}\n {3}actual: \{"finish_reason":"stop"\}/);
    assert.equal(messages.at(-2)!.role, 'assistant');
  });
});

describe('renderAdapter', () => {
  it('is deterministic and embeds spec strings as data, never as code', () => {
    assert.deepEqual(renderAdapter(GOOD), renderAdapter(structuredClone(GOOD)));
    const hostile = { ...GOOD, auth: { header: 'X-Acme-Key', prefix: "'); process.exit(1); ('" }, chat: { path: '/v2/${process.exit(1)}', streamPath: null } };
    const code = renderAdapter(hostile).map((f) => f.content).join('\n');
    assert.ok(code.includes(`"prefix": ${JSON.stringify(hostile.auth.prefix)}`));
    assert.ok(code.includes('"path": "/v2/${process.exit(1)}"'));
  });

  it('renders an NDJSON adapter that passes the kit (in a child process)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'llmux-ndjson-'));
    try {
      const spec: ProviderSpec = {
        ...GOOD,
        provider: 'lineco',
        auth: { header: 'Authorization', prefix: 'Bearer ' },
        headers: [],
        stream: { ...GOOD.stream, format: 'ndjson', typeSource: 'field', typeField: 'type', textType: 'token', textPath: 'token', finishType: 'finish', stopReasonPath: 'reason', usageType: 'finish', usage: { promptTokens: 'usage.in', completionTokens: 'usage.out', totalTokens: null }, errorType: 'error', errorMessagePath: 'message', errorCodePath: 'code', doneType: 'finish', doneData: null },
      };
      mkdirSync(join(dir, 'lineco'), { recursive: true });
      for (const f of renderAdapter(spec)) writeFileSync(join(dir, 'lineco', f.path), f.content);
      mkdirSync(join(dir, 'node_modules'));
      symlinkSync(packageRoot(), join(dir, 'node_modules', 'llmux'), 'dir');
      const lines = ['{"type":"token","token":"Hé"}', '{"type":"token","token":"llo"}', '{"type":"token","token":" wörld"}', '{"type":"finish","reason":"max_output","usage":{"in":3,"out":3}}'];
      const fixture = {
        id: 'ndjson-stream',
        source: 'spec-derived: test',
        stream: true,
        request: { model: 'm1', messages: [{ role: 'user', content: 'Hi' }] },
        expectRequest: { path: '/v2/generate', authHeader: 'authorization' },
        response: { status: 200, headers: { 'content-type': 'application/x-ndjson' }, body: `${lines.join('\n')}\n` },
        expect: { response: { content: 'Héllo wörld', finish_reason: 'length', usage: { prompt_tokens: 3, completion_tokens: 3, total_tokens: 6 } } },
      };
      mkdirSync(join(dir, 'fixtures'));
      writeFileSync(join(dir, 'fixtures', 'ndjson.json'), JSON.stringify(fixture));
      const run = await runCheck({ provider: 'lineco', adapterFile: join(dir, 'lineco', 'lineco-adapter.js'), fixturesDir: join(dir, 'fixtures'), timeLimitMs: 60_000 });
      const failed = run.report.results.filter((r) => r.status === 'fail');
      assert.deepEqual(failed.map((r) => `${r.name}: ${r.message}`), []);
      assert.ok(run.report.results.some((r) => r.check === 'unicode-split' && r.status === 'pass'));
      assert.notEqual(run.pid, process.pid);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a check that hangs is stopped at its time limit, with a report', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'llmux-hang-'));
    try {
      writeFileSync(join(dir, 'package.json'), '{"type":"module"}');
      writeFileSync(join(dir, 'hang-adapter.js'), 'await new Promise(() => setInterval(() => {}, 1000));\nexport default {};\n');
      mkdirSync(join(dir, 'fixtures'));
      writeFileSync(join(dir, 'fixtures', 'a.json'), JSON.stringify({ id: 'a', source: 'spec-derived: t', stream: false, request: { model: 'm', messages: [{ role: 'user', content: 'x' }] }, response: { status: 200, json: {} }, expect: { response: { content: 'x' } } }));
      const run = await runCheck({ provider: 'hang', adapterFile: join(dir, 'hang-adapter.js'), fixturesDir: join(dir, 'fixtures'), timeLimitMs: 1500 });
      assert.equal(run.timedOut, true);
      assert.equal(run.report.ok, false);
      assert.match(run.report.results[0]!.message, /did not finish within 1500 ms/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('progress display', () => {
  it('prints plain lines when not a TTY, redacted', () => {
    let out = '';
    const display = createProgressDisplay({ write: (t: string) => (out += t), isTTY: false }, (t) => t.replace('secret-value', '[redacted]'));
    display.listener({ kind: 'start', message: 'checking' });
    display.listener({ kind: 'fail', message: 'draft 1 saw secret-value' });
    display.stop();
    assert.match(out, /^… checking\n✗ draft 1 saw \[redacted\] \(\d+\.\ds\)\n$/);
    assert.ok(!out.includes('\x1b'));
  });
});

describe('parseAdapterArgs new', () => {
  const ok = (argv: string[]): AdapterNewArgs => {
    const r = parseAdapterArgs(argv);
    assert.ok(r.ok, r.ok ? '' : r.message);
    return r.value as AdapterNewArgs;
  };
  const fail = (argv: string[]): string => {
    const r = parseAdapterArgs(argv);
    assert.ok(!r.ok);
    return r.message;
  };
  it('reads -m as the generator model and --model as the live one', () => {
    assert.deepEqual(ok(['new', 'acme', '--docs', 'a.md', '-m', 'openai/gpt-4o', '--key-env', 'ACME_KEY', '--model', 'acme-swift-1', '--max-iterations', '5', '--base-url', 'http://x/v2', '-o', 'out']), {
      action: 'new', provider: 'acme', docs: 'a.md', reference: undefined, baseURL: 'http://x/v2', keyEnv: 'ACME_KEY', model: 'acme-swift-1', maxIterations: 5, out: 'out', generatorModel: 'openai/gpt-4o', timeoutMs: undefined, json: false,
    });
    assert.equal(ok(['new', 'acme', '--docs', 'https://acme.dev/docs']).out, 'llmux-adapter-acme');
    assert.equal(ok(['new', 'acme', '--docs', 'a.md']).maxIterations, 3);
  });
  it('refuses what cannot work', () => {
    assert.match(fail(['new']), /name the new provider/);
    assert.match(fail(['new', 'Acme!', '--docs', 'a']), /lower-case letters/);
    assert.match(fail(['new', 'acme']), /--docs <file\|url>/);
    assert.match(fail(['new', 'acme', '--docs', 'a', '--max-iterations', '0']), /--max-iterations must be a whole number from 1 to 20/);
    assert.match(fail(['new', 'acme', '--docs', 'a', '--key-env', 'sk-123 secret']), /names an environment variable/);
    assert.match(fail(['new', 'acme', '--docs', 'a', '--model', 'm']), /give --key-env too/);
  });
});
