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
  type RenderedFile,
  createProgressDisplay,
  deriveFixtures,
  diffSpec,
  htmlToText,
  packageRoot,
  refinePrompt,
  renderAdapter,
  runCheck,
  runTypeCheck,
  trimDocs,
  validateDocExamples,
  validateProviderSpec,
} from '../../src/generator/index.js';
import { validateFixture } from '../../src/testing/index.js';
import { startFakeAcme } from './fake-acme-server.js';

const FIXTURES = fileURLToPath(new URL('../../../test/__fixtures__/generator/', import.meta.url));
const load = (name: string): any => JSON.parse(readFileSync(join(FIXTURES, name), 'utf8'));
const GOOD = load('acme-spec.json') as ProviderSpec;
const EXAMPLES = load('acme-examples.json') as { examples: DocExample[] };

/** A draft folder as the generator stages it: the adapter, `node_modules/llmux` linked, the docs' examples as fixtures. */
function stageDraft(
  spec: ProviderSpec,
  examples: readonly DocExample[] = EXAMPLES.examples,
): { dir: string; draft: string; adapterFile: string; fixturesDir: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'llmux-draft-'));
  const draft = join(dir, spec.provider);
  mkdirSync(draft, { recursive: true });
  for (const f of renderAdapter(spec)) writeFileSync(join(draft, f.path), f.content);
  mkdirSync(join(dir, 'node_modules'));
  symlinkSync(packageRoot(), join(dir, 'node_modules', 'llmux'), 'dir');
  const fixturesDir = join(dir, 'fixtures');
  mkdirSync(fixturesDir);
  for (const f of deriveFixtures(examples, 'test')) writeFileSync(join(fixturesDir, `${f.id}.json`), JSON.stringify(f));
  return {
    dir,
    draft,
    adapterFile: join(draft, `${spec.provider}-adapter.js`),
    fixturesDir,
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

const fileOf = (files: RenderedFile[], path: string): string => files.find((f) => f.path === path)!.content;

describe('trimDocs', () => {
  it('turns HTML into text, keeping code blocks and dropping scripts and navigation', () => {
    const text = htmlToText(
      '<html><head><style>p{}</style><script>alert(1)</script></head><body><nav>Menu</nav><h2>Errors</h2><p>Body &amp; <code>fault</code></p><pre><code>{"a":&quot;1&quot;}</code></pre></body></html>',
    );
    assert.match(text, /## Errors/);
    assert.match(text, /Body & `fault`/);
    assert.match(text, /```\n\{"a":"1"\}\n```/);
    assert.ok(!/alert|Menu|p\{\}/.test(text));
  });

  it('keeps the relevant sections in order within the cap', () => {
    const docs = [
      '# Pricing',
      'x'.repeat(3000),
      '# Authentication',
      'Use X-Key.',
      '# Changelog',
      'y'.repeat(3000),
      '# Errors',
      'fault bodies',
    ].join('\n');
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
    const bad = {
      ...GOOD,
      baseURL: 'api.acme.dev',
      stream: { ...GOOD.stream, doneType: null },
      stopReasons: [{ provider: 'x', finish_reason: 'done' }],
    };
    const messages = validateProviderSpec(bad).map((i) => `${i.path.join('.')}: ${i.message}`);
    assert.ok(
      messages.some((m) => m.startsWith('stopReasons.0.finish_reason: expected one of')),
      messages.join('\n'),
    );
    const { hooks: _, ...missing } = GOOD;
    assert.match(validateProviderSpec(missing)[0]!.message, /missing required property "hooks"/);
    const semantic = validateProviderSpec({ ...GOOD, baseURL: 'api.acme.dev', stream: { ...GOOD.stream, doneType: null } }).map(
      (i) => i.message,
    );
    assert.ok(semantic.includes('baseURL must be an http(s) URL') && semantic.some((m) => /name how the stream ends/.test(m)));
  });

  it('checks what a schema cannot say about tools', () => {
    const tools = GOOD.tools!;
    const messages = validateProviderSpec({
      ...GOOD,
      tools: { ...tools, request: { ...tools.request, choiceField: null, choiceModePath: null, forcedMode: 'tool' } },
    }).map((i) => `${i.path.join('.')}: ${i.message}`);
    assert.deepEqual(messages, [
      'tools.request.forcedMode: forcedMode needs choiceModePath (the path the word goes at)',
      'tools.request.choiceField: choiceModes need a choiceField to go in',
    ]);
    assert.deepEqual(validateProviderSpec({ ...GOOD, tools: null }), []);
    assert.match(
      validateProviderSpec({ ...GOOD, tools: { ...tools, stream: { ...tools.stream, argumentsFormat: 'text' } } })[0]!.message,
      /expected one of "string", "object"/,
    );
  });

  it('derives tool-call fixtures: tools, tool choice, results sent back, a pinned documented body', () => {
    const fixtures = deriveFixtures(EXAMPLES.examples, 'examples in acme-api.md');
    const call = fixtures.find((f) => f.id === 'acme-tool-call')!;
    assert.deepEqual(call.request.tools, [
      {
        type: 'function',
        function: {
          name: 'get_weather',
          description: 'Current weather in a city',
          parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
        },
      },
    ]);
    assert.equal(call.request.tool_choice, 'auto');
    assert.deepEqual(call.expect.response?.tool_calls, [{ id: 'call_9f2', name: 'get_weather', arguments: { city: 'Oslo' } }]);
    assert.equal(call.expect.response?.content, undefined);
    assert.equal(call.expectRequest?.body?.['tool_mode'], 'auto');
    const result = fixtures.find((f) => f.id === 'acme-tool-result')!;
    assert.deepEqual(result.request.messages.slice(1), [
      {
        role: 'assistant',
        content: null,
        tool_calls: [{ id: 'call_9f2', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Oslo"}' } }],
      },
      { role: 'tool', tool_call_id: 'call_9f2', content: '4°C, light snow' },
    ]);
    assert.deepEqual((result.expectRequest?.body?.['turns'] as unknown[] | undefined)?.[2], {
      speaker: 'tool',
      call_id: 'call_9f2',
      text: '4°C, light snow',
    });
    const bad = structuredClone(EXAMPLES);
    bad.examples[2]!.expect.toolCalls[0]!.arguments = '{city: Oslo}';
    bad.examples[4]!.requestBody = '[1]';
    assert.deepEqual(
      validateDocExamples(bad).map((i) => `${i.path.join('.')}: ${i.message}`),
      ['examples.2.expect.toolCalls.0.arguments: arguments must be JSON text', 'examples.4.requestBody: requestBody must be a JSON object'],
    );
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
    assert.deepEqual(diffSpec(GOOD, { ...GOOD, chat: { path: '/v3/generate', streamPath: null } }), [
      'chat.path: "/v2/generate" -> "/v3/generate"',
    ]);
    assert.deepEqual(diffSpec(GOOD, structuredClone(GOOD)), []);
  });

  it('quotes every failed check with its expected and actual values', () => {
    const messages = refinePrompt(
      [{ role: 'user', content: 'docs' }],
      GOOD,
      [
        {
          check: 'stop-reason',
          name: 'stop reason [x]',
          message: 'finish_reason: expected "length"',
          expected: { finish_reason: 'length' },
          actual: { finish_reason: 'stop' },
        },
      ],
      1,
    );
    const last = messages.at(-1)!.content as string;
    assert.match(
      last,
      /1\. check: stop-reason — stop reason \[x\]\n {3}message: finish_reason: expected "length"\n {3}expected: \{"finish_reason":"length"\}\n {3}actual: \{"finish_reason":"stop"\}/,
    );
    assert.equal(messages.at(-2)!.role, 'assistant');
  });

  it('cuts a failure message a draft made huge, so the prompt stays bounded', () => {
    const huge = `boom ${'x'.repeat(1_000_000)}`;
    const messages = refinePrompt([{ role: 'user', content: 'docs' }], GOOD, [{ check: 'adapter', name: 'adapter', message: huge }], 1);
    const last = messages.at(-1)!.content as string;
    assert.match(last, /message: boom x+…/);
    assert.ok(last.length < 10_000, `${last.length} characters`);
  });
});

describe('renderAdapter', () => {
  it('is deterministic and embeds spec strings as data, never as code', () => {
    assert.deepEqual(renderAdapter(GOOD), renderAdapter(structuredClone(GOOD)));
    const hostile = {
      ...GOOD,
      auth: { header: 'X-Acme-Key', prefix: "'); process.exit(1); ('" },
      chat: { path: '/v2/${process.exit(1)}', streamPath: null },
    };
    const code = renderAdapter(hostile)
      .map((f) => f.content)
      .join('\n');
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
        stream: {
          ...GOOD.stream,
          format: 'ndjson',
          typeSource: 'field',
          typeField: 'type',
          textType: 'token',
          textPath: 'token',
          finishType: 'finish',
          stopReasonPath: 'reason',
          usageType: 'finish',
          usage: { promptTokens: 'usage.in', completionTokens: 'usage.out', totalTokens: null },
          errorType: 'error',
          errorMessagePath: 'message',
          errorCodePath: 'code',
          doneType: 'finish',
          doneData: null,
        },
      };
      mkdirSync(join(dir, 'lineco'), { recursive: true });
      for (const f of renderAdapter(spec)) writeFileSync(join(dir, 'lineco', f.path), f.content);
      mkdirSync(join(dir, 'node_modules'));
      symlinkSync(packageRoot(), join(dir, 'node_modules', 'llmux'), 'dir');
      const lines = [
        '{"type":"token","token":"Hé"}',
        '{"type":"token","token":"llo"}',
        '{"type":"token","token":" wörld"}',
        '{"type":"finish","reason":"max_output","usage":{"in":3,"out":3}}',
      ];
      const fixture = {
        id: 'ndjson-stream',
        source: 'spec-derived: test',
        stream: true,
        request: { model: 'm1', messages: [{ role: 'user', content: 'Hi' }] },
        expectRequest: { path: '/v2/generate', authHeader: 'authorization' },
        response: { status: 200, headers: { 'content-type': 'application/x-ndjson' }, body: `${lines.join('\n')}\n` },
        expect: {
          response: { content: 'Héllo wörld', finish_reason: 'length', usage: { prompt_tokens: 3, completion_tokens: 3, total_tokens: 6 } },
        },
      };
      mkdirSync(join(dir, 'fixtures'));
      writeFileSync(join(dir, 'fixtures', 'ndjson.json'), JSON.stringify(fixture));
      const run = await runCheck({
        provider: 'lineco',
        adapterFile: join(dir, 'lineco', 'lineco-adapter.js'),
        fixturesDir: join(dir, 'fixtures'),
        timeLimitMs: 60_000,
      });
      const failed = run.report.results.filter((r) => r.status === 'fail');
      assert.deepEqual(
        failed.map((r) => `${r.name}: ${r.message}`),
        [],
      );
      assert.ok(run.report.results.some((r) => r.check === 'unicode-split' && r.status === 'pass'));
      assert.notEqual(run.pid, process.pid);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('renders a provider without tools as one that refuses them, and reads no calls', () => {
    const files = renderAdapter({ ...GOOD, tools: null });
    assert.match(fileOf(files, 'convert-acme-tools.js'), /acme has no tool calling: tools \(unless tool_choice is "none"\) are refused/);
    assert.match(fileOf(files, 'map-acme-tool-calls.js'), /return \[\];/);
    const withTools = renderAdapter(GOOD);
    assert.match(fileOf(withTools, 'convert-acme-tools.js'), /"field": "toolbox"/);
    assert.match(fileOf(withTools, 'map-acme-tool-calls.js'), /"deltaType": "tool_args"/);
  });

  it("the rendered Acme adapter passes the tool checks on the docs' examples, and a wrong result mapping fails the pinned body", async () => {
    const good = stageDraft(GOOD);
    const wrong = stageDraft({ ...GOOD, tools: { ...GOOD.tools!, history: { ...GOOD.tools!.history, callArgumentsFormat: 'string' } } });
    try {
      const run = await runCheck({ provider: 'acme', adapterFile: good.adapterFile, fixturesDir: good.fixturesDir, timeLimitMs: 60_000 });
      assert.deepEqual(
        run.report.results.filter((r) => r.status === 'fail').map((r) => `${r.name}: ${r.message}`),
        [],
      );
      const passed = (name: string): boolean => run.report.results.some((r) => r.name === name && r.status === 'pass');
      for (const name of [
        'tool calls [acme-tool-call]',
        'streamed tool calls [acme-tool-call-stream]',
        'request [acme-tool-result]',
        'request [acme-tool-call]',
        'stop reason [acme-tool-call-stream]',
      ])
        assert.ok(passed(name), name);

      const bad = await runCheck({ provider: 'acme', adapterFile: wrong.adapterFile, fixturesDir: wrong.fixturesDir, timeLimitMs: 60_000 });
      const failed = bad.report.results.filter((r) => r.status === 'fail');
      assert.deepEqual(
        failed.map((r) => r.name),
        ['request [acme-tool-result]'],
      );
      assert.match(failed[0]!.message, /^body\.turns: expected .*"args":\{"city":"Oslo"\}.*, got .*"args":"\{\\"city\\":\\"Os/);
    } finally {
      good.cleanup();
      wrong.cleanup();
    }
  });

  it('the rendered Acme adapter calls tools live against the fake Acme server, whole and streamed', async () => {
    const acme = await startFakeAcme('acme-test-key-123');
    const draft = stageDraft(GOOD);
    try {
      const run = await runCheck({
        provider: 'acme',
        adapterFile: draft.adapterFile,
        fixturesDir: '',
        timeLimitMs: 60_000,
        live: { apiKey: 'acme-test-key-123', model: 'acme-swift-1', baseURL: acme.url },
      });
      assert.deepEqual(
        run.report.results.filter((r) => r.status === 'fail').map((r) => `${r.name}: ${r.message}`),
        [],
      );
      for (const check of ['tool-calls', 'tool-calls-stream'])
        assert.equal(run.report.results.find((r) => r.check === check)?.status, 'pass', check);
    } finally {
      draft.cleanup();
      await acme.close();
    }
  });

  it('a check that hangs is stopped at its time limit, with a report', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'llmux-hang-'));
    try {
      writeFileSync(join(dir, 'package.json'), '{"type":"module"}');
      writeFileSync(join(dir, 'hang-adapter.js'), 'await new Promise(() => setInterval(() => {}, 1000));\nexport default {};\n');
      mkdirSync(join(dir, 'fixtures'));
      writeFileSync(
        join(dir, 'fixtures', 'a.json'),
        JSON.stringify({
          id: 'a',
          source: 'spec-derived: t',
          stream: false,
          request: { model: 'm', messages: [{ role: 'user', content: 'x' }] },
          response: { status: 200, json: {} },
          expect: { response: { content: 'x' } },
        }),
      );
      const run = await runCheck({
        provider: 'hang',
        adapterFile: join(dir, 'hang-adapter.js'),
        fixturesDir: join(dir, 'fixtures'),
        timeLimitMs: 1500,
      });
      assert.equal(run.timedOut, true);
      assert.equal(run.report.ok, false);
      assert.match(run.report.results[0]!.message, /did not finish within 1500 ms/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the type-check step', { concurrency: 2 }, () => {
  it('passes the rendered adapters, with tools and without', async () => {
    for (const spec of [GOOD, { ...GOOD, tools: null }]) {
      const draft = stageDraft(spec);
      try {
        const run = await runTypeCheck({ draftDir: draft.draft, timeLimitMs: 60_000 });
        assert.equal(run.status, 'passed', `${run.message}\n${run.diagnostics.join('\n')}`);
        assert.match(run.message, /^TypeScript \d+\.\d+\.\d+ \(checkJs, strict\) against llmux's declarations: no errors in 10 files$/);
      } finally {
        draft.cleanup();
      }
    }
  });

  it('fails a hook that breaks its contract, naming the file, the line and the types', async () => {
    const hooks = 'export function transformChunk(chunk, payload) {\n  return 42;\n}\n';
    const draft = stageDraft({ ...GOOD, hooks });
    try {
      const run = await runTypeCheck({ draftDir: draft.draft, timeLimitMs: 60_000 });
      assert.equal(run.status, 'failed');
      assert.match(run.message, /: 1 type error$/);
      assert.equal(run.diagnostics.length, 1);
      const line =
        readFileSync(join(draft.draft, 'acme-adapter.js'), 'utf8')
          .split('\n')
          .findIndex((l) => l === 'const hooks = hooksModule;') + 1;
      assert.equal(
        run.diagnostics[0],
        `acme-adapter.js:${line}:7 TS2322: Type 'typeof import("./acme-hooks")' is not assignable to type 'AcmeHooks'. The types returned by 'transformChunk(...)' are incompatible between these types. Type 'number' is not assignable to type 'ChatCompletionChunk'.`,
      );
    } finally {
      draft.cleanup();
    }
  });

  it('is skipped, with the reason, when TypeScript cannot be found', async () => {
    const nowhere = mkdtempSync(join(tmpdir(), 'llmux-no-ts-'));
    try {
      const run = await runTypeCheck({ draftDir: nowhere, timeLimitMs: 60_000, typescriptFrom: [nowhere] });
      assert.equal(run.status, 'skipped');
      assert.equal(run.message, `TypeScript not found (looked from ${nowhere}): install typescript in the project to type-check drafts`);
      assert.deepEqual(run.diagnostics, []);
    } finally {
      rmSync(nowhere, { recursive: true, force: true });
    }
  });
});

describe('progress display', () => {
  it('prints plain lines when not a TTY, redacted', () => {
    let out = '';
    const display = createProgressDisplay({ write: (t: string) => (out += t), isTTY: false }, (t) =>
      t.replace('secret-value', '[redacted]'),
    );
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
    assert.deepEqual(
      ok([
        'new',
        'acme',
        '--docs',
        'a.md',
        '-m',
        'openai/gpt-4o',
        '--key-env',
        'ACME_KEY',
        '--model',
        'acme-swift-1',
        '--max-iterations',
        '5',
        '--base-url',
        'http://x/v2',
        '-o',
        'out',
      ]),
      {
        action: 'new',
        provider: 'acme',
        docs: 'a.md',
        reference: undefined,
        baseURL: 'http://x/v2',
        keyEnv: 'ACME_KEY',
        model: 'acme-swift-1',
        maxIterations: 5,
        out: 'out',
        force: false,
        generatorModel: 'openai/gpt-4o',
        timeoutMs: undefined,
        json: false,
      },
    );
    assert.equal(ok(['new', 'acme', '--docs', 'https://acme.dev/docs']).out, 'llmux-adapter-acme');
    assert.equal(ok(['new', 'acme', '--docs', 'a.md']).maxIterations, 3);
    assert.equal(ok(['new', 'acme', '--docs', 'a.md', '--force']).force, true);
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
