// Fixture files: the loader (.json and .jsonl, sorted, ids unique), the validator's messages,
// and a round trip of every built-in set through files that replays exactly as the set does.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, describe, it } from 'node:test';
import { builtInFixtures, loadFixtures, parseFixtureFile, runConformance, validateFixture } from '../../src/testing/index.js';

// Compiled tests run from .test-build/test/testing/; the fixtures stay in the source tree.
const SAMPLE = fileURLToPath(new URL('../../../test/__fixtures__/conformance/openai-sample/', import.meta.url));

describe('fixture files', () => {
  const dirs: string[] = [];
  const tempDir = (): string => {
    const dir = mkdtempSync(join(tmpdir(), 'llmux-fixtures-'));
    dirs.push(dir);
    return dir;
  };
  after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('loads a directory of .json and .jsonl files, by file name then line, ignoring other files', async () => {
    const fixtures = await loadFixtures(SAMPLE);
    assert.deepEqual(
      fixtures.map((f) => f.id),
      ['sample-429', 'sample-401-echo', 'sample-text-stream', 'sample-tool-call-stream', 'sample-text'],
    );
    assert.deepEqual(await loadFixtures(join(SAMPLE, 'text.json')), [fixtures[4]]);
  });

  it('the sample directory passes the kit with the OpenAI adapter', async () => {
    const report = await runConformance({ provider: 'openai', fixtures: SAMPLE });
    assert.equal(
      report.ok,
      true,
      JSON.stringify(
        report.results.filter((r) => r.status === 'fail'),
        null,
        2,
      ),
    );
    assert.equal(report.fixtures, SAMPLE);
    assert.equal(report.cases, 5);
    // The key the 401 body echoes is put back at replay, and the adapter scrubs it.
    assert.equal(report.results.find((r) => r.name === 'key redaction [sample-401-echo]')?.status, 'pass');
    assert.equal(report.results.find((r) => r.name === 'unicode split [sample-text-stream]')?.status, 'pass');
  });

  it('names the file, line and field of a bad case', async () => {
    assert.throws(() => parseFixtureFile('{"id":"x"', 'a.json'), /^Error: a\.json: not JSON: /);
    assert.throws(
      () => parseFixtureFile('\n{"id":"bad id!","stream":true}\n', 'b.jsonl'),
      (error: Error) => {
        assert.match(error.message, /^b\.jsonl:2: not a conformance fixture: id must be a string of letters, digits/);
        assert.match(error.message, /source must say where the exchange comes from/);
        assert.match(error.message, /request must be an llmux ChatRequest object/);
        assert.match(error.message, /expect must be an object with response or error/);
        return true;
      },
    );
    const dir = tempDir();
    writeFileSync(join(dir, 'a.jsonl'), `${JSON.stringify({ ...(await loadFixtures(join(SAMPLE, 'text.json')))[0] })}\n`);
    writeFileSync(join(dir, 'b.json'), JSON.stringify((await loadFixtures(join(SAMPLE, 'text.json')))[0]));
    await assert.rejects(loadFixtures(dir), /fixture id "sample-text" appears twice \(a\.jsonl and b\.json\)/);
    await assert.rejects(loadFixtures(join(dir, 'missing')), /cannot read fixtures at .*missing: no such file or directory/);
    await assert.rejects(loadFixtures(tempDir()), /no fixture files \(\.json or \.jsonl\) in /);
  });

  it('the validator checks the parts that matter', () => {
    const [good] = parseFixtureFile(
      JSON.stringify({
        id: 'ok',
        source: 'spec-derived: x',
        stream: false,
        request: { model: 'm', messages: [{ role: 'user', content: 'hi' }] },
        response: { status: 200, json: {} },
        expect: { response: {} },
      }),
      'ok.json',
    );
    assert.deepEqual(validateFixture(good), []);
    assert.deepEqual(validateFixture({ ...good, response: { status: 200, json: {}, body: '' } }), [
      'response must give its body one way; got json and body',
    ]);
    assert.deepEqual(validateFixture({ ...good, stream: 'both' }), [
      'stream "both" is for error answers (status >= 400) only: a success answer differs between complete() and stream()',
    ]);
    assert.deepEqual(validateFixture({ ...good, expect: { response: {}, error: { name: 'X' } } }), [
      'expect must have exactly one of response and error',
    ]);
    assert.deepEqual(validateFixture({ ...good, expectRequest: { path: 'chat' } }), [
      'expectRequest.path must start with "/" (relative to the base URL)',
    ]);
    assert.deepEqual(validateFixture({ ...good, response: { status: 99 } }), ['response.status must be an HTTP status, got 99']);
  });

  for (const provider of ['openai', 'anthropic', 'openrouter', 'mistral', 'openai-responses']) {
    it(`the built-in ${provider} set, written to files and read back, is the same set and replays the same`, async () => {
      const set = (await builtInFixtures(provider))!;
      const dir = tempDir();
      const half = Math.ceil(set.fixtures.length / 2);
      set.fixtures
        .slice(0, half)
        .forEach((f, i) => writeFileSync(join(dir, `${String(i).padStart(2, '0')}-${f.id}.json`), JSON.stringify(f, null, 2)));
      writeFileSync(
        join(dir, 'zz-rest.jsonl'),
        set.fixtures
          .slice(half)
          .map((f) => JSON.stringify(f))
          .join('\n'),
      );
      const loaded = await loadFixtures(dir);
      assert.deepEqual(loaded, JSON.parse(JSON.stringify(set.fixtures)));
      const fromSet = await runConformance({ provider });
      const fromFiles = await runConformance({ provider, fixtures: dir });
      assert.deepEqual(fromFiles.counts, fromSet.counts);
      assert.deepEqual(
        fromFiles.results.map((r) => [r.name, r.status]),
        fromSet.results.map((r) => [r.name, r.status]),
      );
    });
  }

  it('no built-in fixture holds a key-shaped value; every one says where it comes from', async () => {
    for (const provider of ['openai', 'anthropic', 'openrouter', 'groq', 'deepseek', 'ollama', 'vllm', 'gemini', 'openai-compatible']) {
      for (const fixture of (await builtInFixtures(provider))!.fixtures) {
        assert.match(fixture.source, /^(recorded|spec-derived|observed): /, fixture.id);
        assert.doesNotMatch(JSON.stringify(fixture), /\b(?:sk|sk-ant|sk-or|gsk|xai)-[A-Za-z0-9_-]{12,}|Bearer [A-Za-z0-9]/, fixture.id);
        assert.deepEqual(validateFixture(fixture), [], fixture.id);
      }
    }
    assert.equal(await builtInFixtures('mock'), undefined);
    assert.equal(await builtInFixtures('acme'), undefined);
  });
});
