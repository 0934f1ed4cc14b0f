import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, describe, it } from 'node:test';
import { createClient } from '../../src/index.js';
import { generateAdapter, type GenerationReport } from '../../src/generator/index.js';
import { SENTINEL_KEY, cleanEnv, runCli } from '../cli/cli-harness.js';
import { startFakeAcme } from './fake-acme-server.js';
import { promptText, startScriptedLlm } from './scripted-llm.js';

const FIXTURES = fileURLToPath(new URL('../../../test/__fixtures__/generator/', import.meta.url));
const DOCS = join(FIXTURES, 'acme-api.md');
const load = (name: string): any => JSON.parse(readFileSync(join(FIXTURES, name), 'utf8'));
const GOOD = load('acme-spec.json');
const WRONG = load('acme-spec-wrong-stop.json');
const EXAMPLES = load('acme-examples.json');

const dirs: string[] = [];
const tempDir = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'llmux-gen-test-'));
  dirs.push(dir);
  return dir;
};
after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function clientFor(url: string) {
  return createClient({ env: { OPENAI_API_KEY: 'scripted-llm-key', OPENAI_BASE_URL: `${url}/v1` }, maxRetries: 0, cost: false });
}

function allFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true })
    .map((f) => join(dir, String(f)))
    .filter((f) => statSync(f).isFile());
}

// Each test drafts into its own folders against its own servers: two run side by side.
describe('generateAdapter: the loop with a scripted LLM', { concurrency: 2 }, () => {
  it('fails draft 1 for a wrong stop-reason mapping, feeds the failure back, and ends green with draft 2', async () => {
    const llm = await startScriptedLlm([WRONG, EXAMPLES, GOOD]);
    const out = tempDir();
    const events: string[] = [];
    try {
      const report = await generateAdapter({
        name: 'acme',
        docs: DOCS,
        outDir: out,
        model: 'openai/scripted',
        client: clientFor(llm.url),
        onProgress: (e) => events.push(`${e.kind} ${e.message}`),
      });
      assert.equal(report.status, 'green', report.summary);
      assert.equal(report.iterations.length, 2);
      const [first, second] = report.iterations as [GenerationReport['iterations'][0], GenerationReport['iterations'][0]];
      assert.equal(first.ok, false);
      const stop = first.replay.failed.find((f) => f.check === 'stop-reason');
      assert.ok(stop !== undefined, `draft 1 should fail stop-reason; failed: ${first.replay.failed.map((f) => f.name).join(', ')}`);
      assert.ok(second.ok);
      assert.equal(first.typeCheck.status, 'passed', first.typeCheck.message);
      assert.equal(second.typeCheck.status, 'passed', second.typeCheck.message);
      assert.deepEqual(second.changes, ['stopReasons[max_output].finish_reason: "stop" -> "length"']);
      assert.ok(second.filesChanged.includes('map-acme-stop-reason.js'));

      // The third LLM request is the refinement: it carries the failed check's details.
      assert.equal(llm.requests.length, 3);
      const refine = promptText(llm.requests[2]);
      assert.match(refine, /check: stop-reason — /);
      assert.ok(refine.includes(stop.name), 'the check name is in the prompt');
      assert.ok(refine.includes(stop.message), 'the check message is in the prompt');
      assert.match(refine, /expected: .*"length"/);
      assert.match(refine, /actual: .*"stop"/);
      assert.ok(refine.includes(JSON.stringify(WRONG)), 'the previous spec is in the conversation');

      // Files and report.
      for (const f of [
        'acme/acme-adapter.js',
        'acme/map-acme-stop-reason.js',
        'acme/package.json',
        'fixtures/acme-stream.json',
        'spec.json',
        'report.json',
        'REPORT.md',
      ])
        assert.ok(existsSync(join(out, f)), f);
      const written = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as GenerationReport;
      assert.equal(written.status, 'green');
      const md = readFileSync(join(out, 'REPORT.md'), 'utf8');
      assert.match(md, /\*\*GREEN: the adapter passes the conformance kit\.\*\*/);
      assert.match(md, /## Draft 1: failed[\s\S]*stop reason[\s\S]*## Draft 2: passed/);
      assert.match(readFileSync(join(out, 'acme/map-acme-stop-reason.js'), 'utf8'), /"max_output": "length"/);
      assert.ok(events.some((e) => e.startsWith('fail draft 1:')) && events.some((e) => e.startsWith('done draft 2:')), events.join('\n'));
    } finally {
      await llm.close();
    }
  });

  it('type-checks each draft: a hook that breaks its contract fails draft 1, the diagnostic is fed back, draft 2 is green', async () => {
    const hooks = 'export function transformChunk(chunk, payload) {\n  return 42;\n}\n';
    const llm = await startScriptedLlm([{ ...GOOD, hooks }, EXAMPLES, GOOD]);
    const out = tempDir();
    const events: string[] = [];
    try {
      const report = await generateAdapter({
        name: 'acme',
        docs: DOCS,
        outDir: out,
        model: 'openai/scripted',
        client: clientFor(llm.url),
        onProgress: (e) => events.push(`${e.kind} ${e.message}`),
      });
      assert.equal(report.status, 'green', report.summary);
      assert.equal(report.iterations.length, 2);
      const [first, second] = report.iterations as [GenerationReport['iterations'][0], GenerationReport['iterations'][0]];
      assert.equal(first.typeCheck.status, 'failed');
      assert.equal(first.ok, false);
      const diagnostic = first.typeCheck.diagnostics[0]!;
      assert.match(
        diagnostic,
        /^acme-adapter\.js:\d+:7 TS2322: Type 'typeof import\("\.\/acme-hooks"\)' is not assignable to type 'AcmeHooks'\. The types returned by 'transformChunk\(\.\.\.\)' are incompatible between these types\. Type 'number' is not assignable to type 'ChatCompletionChunk'\.$/,
      );
      assert.equal(second.typeCheck.status, 'passed');
      assert.deepEqual(second.changes, ['hooks: "export function transformChunk(chunk, payload) {\\n  return 42;\\n}\\n" -> null']);

      const refine = promptText(llm.requests[2]);
      assert.match(refine, /1\. check: type-check — type-check\n {3}message: TypeScript .*: 1 type error:\n/);
      assert.ok(refine.includes(diagnostic), 'the diagnostic is in the prompt');
      assert.match(refine, /fix them in `hooks`/);
      assert.ok(
        events.some((e) => e.startsWith('fail draft 1: type-check failed:')),
        events.join('\n'),
      );
      const md = readFileSync(join(out, 'REPORT.md'), 'utf8');
      assert.match(
        md,
        /## Draft 1: failed\n\nType-check: failed: TypeScript [^\n]*: 1 type error\.\n\n```\nacme-adapter\.js:\d+:7 TS2322: /,
      );
      assert.match(md, /## Draft 2: passed[\s\S]*Type-check: passed: /);
    } finally {
      await llm.close();
    }
  });

  it('without TypeScript the type-check is a skip with its reason; a spec without tools still reports the live tool probes as skips', async () => {
    const acme = await startFakeAcme('acme-live-key-42');
    const noTools = { ...GOOD, tools: null, stopReasons: GOOD.stopReasons.filter((s: { provider: string }) => s.provider !== 'tool_call') };
    const textExamples = { examples: EXAMPLES.examples.filter((e: { id: string }) => !e.id.startsWith('acme-tool')) };
    const llm = await startScriptedLlm([noTools, textExamples]);
    const out = tempDir();
    const nowhere = tempDir();
    try {
      const report = await generateAdapter({
        name: 'acme',
        docs: DOCS,
        outDir: out,
        model: 'openai/scripted',
        client: clientFor(llm.url),
        typescriptFrom: [nowhere],
        apiKey: 'acme-live-key-42',
        liveModel: 'acme-swift-1',
        baseURL: acme.url,
      });
      assert.equal(report.status, 'green', report.summary);
      const [only] = report.iterations;
      assert.equal(only!.typeCheck.status, 'skipped');
      assert.match(only!.typeCheck.message, /^TypeScript not found \(looked from .*\): install typescript/);
      assert.ok(only!.replay.counts.passed > 0, 'the kit still ran');
      assert.equal(only!.live?.ok, true);
      assert.equal(only!.live!.counts.skipped, 2, `the two tool probes: ${JSON.stringify(only!.live!.counts)}`);
      assert.match(report.summary, /type-check skipped/);
      assert.match(readFileSync(join(out, 'REPORT.md'), 'utf8'), /Type-check: skipped: TypeScript not found/);
    } finally {
      await llm.close();
      await acme.close();
    }
  });

  it('stops after --max-iterations with a clear report when no draft passes', async () => {
    const llm = await startScriptedLlm([WRONG, EXAMPLES, WRONG]);
    const out = tempDir();
    try {
      const started = Date.now();
      const report = await generateAdapter({
        name: 'acme',
        docs: DOCS,
        outDir: out,
        model: 'openai/scripted',
        client: clientFor(llm.url),
        maxIterations: 2,
      });
      assert.ok(Date.now() - started < 60_000);
      assert.equal(report.status, 'failed', report.summary);
      assert.equal(report.ok, false);
      assert.equal(report.iterations.length, 2);
      assert.deepEqual(report.iterations[1]!.changes, []);
      assert.equal(llm.requests.length, 3, 'no refinement after the last draft');
      assert.match(report.summary, /No draft passed within 2 iterations/);
      const md = readFileSync(join(out, 'REPORT.md'), 'utf8');
      assert.match(md, /\*\*FAILED: no draft passed the conformance kit\.\*\*/);
      assert.match(md, /stop reason \[acme-generate\]/);
      assert.ok(existsSync(join(out, 'acme/acme-adapter.js')), 'the last draft is kept for review');
    } finally {
      await llm.close();
    }
  });

  it('reports an error (not a hang) when the LLM stops answering', async () => {
    const llm = await startScriptedLlm([WRONG]);
    const out = tempDir();
    try {
      const report = await generateAdapter({ name: 'acme', docs: DOCS, outDir: out, model: 'openai/scripted', client: clientFor(llm.url) });
      assert.equal(report.status, 'error');
      assert.match(report.error ?? '', /no more answers/);
      assert.match(readFileSync(join(out, 'REPORT.md'), 'utf8'), /ERROR: the generator could not finish/);
    } finally {
      await llm.close();
    }
  });

  it('never runs the draft in its own process: a top-level side effect runs only in the sandboxed child, where it cannot write', async () => {
    const out = tempDir();
    const marker = join(tempDir(), 'marker.txt');
    // In the generator's process this write would succeed; in the child it is refused.
    const hooks = `import { appendFileSync } from 'node:fs';\ntry { appendFileSync(${JSON.stringify(marker)}, process.pid + '\\n'); } catch {}\nexport {};\n`;
    const llm = await startScriptedLlm([{ ...GOOD, hooks }, EXAMPLES]);
    try {
      const report = await generateAdapter({ name: 'acme', docs: DOCS, outDir: out, model: 'openai/scripted', client: clientFor(llm.url) });
      assert.equal(report.status, 'green', report.summary);
      assert.equal(
        existsSync(marker),
        false,
        `marker written by pid ${existsSync(marker) ? readFileSync(marker, 'utf8') : ''} (ours ${process.pid})`,
      );
    } finally {
      await llm.close();
    }
  });
});

describe('llmux adapter new (CLI)', () => {
  it('drafts the Acme adapter from docs at a URL, passes the kit on fixtures and live against a fake Acme, and never shows the key', async () => {
    const acme = await startFakeAcme(SENTINEL_KEY);
    const docs = readFileSync(DOCS, 'utf8');
    const html = `<!doctype html><html><head><title>Acme</title><script>var x = 1;</script></head><body><nav>Home | Docs</nav><pre>${docs.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</pre></body></html>`;
    const llm = await startScriptedLlm([WRONG, EXAMPLES, GOOD], { acme: html });
    const out = tempDir();
    try {
      const env = cleanEnv({ OPENAI_API_KEY: 'scripted-llm-key', OPENAI_BASE_URL: `${llm.url}/v1`, ACME_TEST_KEY: SENTINEL_KEY });
      const result = await runCli(
        [
          'adapter',
          'new',
          'acme',
          '--docs',
          `${llm.url}/docs/acme`,
          '-m',
          'openai/scripted',
          '--key-env',
          'ACME_TEST_KEY',
          '--model',
          'acme-swift-1',
          '--base-url',
          acme.url,
          '--out',
          out,
        ],
        { env },
      );
      assert.equal(result.code, 0, `${result.stdout}\n${result.stderr}`);
      assert.match(result.stdout, /✗ draft 1: \d+ passed, [1-9]\d* failed/);
      assert.match(result.stdout, /✓ draft 2 live: \d+ passed, 0 failed/);
      assert.ok(!result.stdout.includes(SENTINEL_KEY) && !result.stderr.includes(SENTINEL_KEY), 'the key leaked to the terminal');
      assert.ok(acme.keys.includes(SENTINEL_KEY), 'the key reached the provider through the child');
      for (const file of allFiles(out)) assert.ok(!readFileSync(file, 'utf8').includes(SENTINEL_KEY), `the key is in ${file}`);
      const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as GenerationReport;
      assert.equal(report.status, 'green', report.summary);
      assert.equal(report.live, 'checked');
      assert.equal(report.iterations[1]!.live?.ok, true);
      // The docs page went through the HTML trimmer: the script is gone, the prompt has the docs.
      const first = promptText(llm.requests[0]);
      assert.ok(first.includes('X-Acme-Key') && !first.includes('var x = 1'));
    } finally {
      await llm.close();
      await acme.close();
    }
  });

  it('refuses bad usage with exit 2', async () => {
    const noDocs = await runCli(['adapter', 'new', 'acme']);
    assert.equal(noDocs.code, 2);
    assert.match(noDocs.stderr, /--docs/);
    const noModel = await runCli(['adapter', 'new', 'acme', '--docs', DOCS]);
    assert.equal(noModel.code, 2);
    assert.match(noModel.stderr, /-m <provider\/model>/);
    const unsetKey = await runCli(['adapter', 'new', 'acme', '--docs', DOCS, '-m', 'openai/x', '--key-env', 'NOPE_KEY']);
    assert.equal(unsetKey.code, 2);
    assert.match(unsetKey.stderr, /NOPE_KEY: that variable is not set/);
  });
});
