import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';

const root = new URL('../../../', import.meta.url);
const manifest = JSON.parse(readFileSync(new URL('package.json', root), 'utf8')) as {
  exports: Record<string, string | { node?: string; default?: string }>;
};

/** The file Node loads for each subpath of the package. */
const entries = Object.entries(manifest.exports)
  .map(([subpath, target]) => [subpath, typeof target === 'string' ? target : (target.node ?? target.default)] as const)
  .filter((entry): entry is readonly [string, string] => entry[1] !== undefined && entry[1].endsWith('.js'));

// The shipped files are bundled and minified with names kept: every class an entry exports keeps
// its own name, as users see it in stack traces, `util.inspect` and `error.name`-style checks. A
// bundler renames a class whose body refers to it by name (`class _LlmStream`); this catches that.
describe("the package's exported classes keep their names", () => {
  for (const [subpath, file] of entries) {
    it(`llmux${subpath === '.' ? '' : subpath.slice(1)}`, async () => {
      const module = (await import(new URL(file, root).href)) as Record<string, unknown>;
      let classes = 0;
      for (const [name, value] of Object.entries(module)) {
        if (typeof value !== 'function' || !Function.prototype.toString.call(value).startsWith('class')) continue;
        classes++;
        assert.equal(value.name, name, `${file} exports class ${name} under the name ${JSON.stringify(value.name)}`);
      }
      if (subpath === '.') assert.ok(classes >= 10, `the root exports its classes (found ${classes})`);
    });
  }

  it('a stream is an LlmStream by name', async () => {
    const { createClient } = (await import(new URL('dist/index.js', root).href)) as typeof import('../../src/index.js');
    const client = createClient({ env: {}, providers: { openai: { apiKey: 'k', baseURL: 'http://127.0.0.1:9' } } });
    const stream = client.stream({ model: 'openai/gpt-4o', messages: [{ role: 'user', content: 'x' }] });
    assert.equal(stream.constructor.name, 'LlmStream');
    await stream[Symbol.asyncIterator]().return?.();
    client.close();
  });
});
