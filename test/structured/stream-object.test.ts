/**
 * streamObject: partial objects in order as the JSON arrives, on each wire, then the validated
 * object; re-asks and step-downs while streaming; stopping early.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { z } from 'zod';
import { APIUserAbortError, type LlmuxClient } from '../../src/index.js';
import { type MockServer, startMockServer } from '../../src/mock-server/index.js';
import { streamObject, type ObjectStream } from '../../src/structured/index.js';
import { type ScriptedServer, waitForClose } from '../helpers/scripted-server.js';
import { WIRES, clientFor, errorReply, streamedText, streamedTool, useScriptedClient } from './structured-test-support.js';

const Person = z.object({ name: z.string(), age: z.number(), tags: z.array(z.string()) });
const ada = { name: 'Ada', age: 36, tags: ['math'] };
const messages = [{ role: 'user' as const, content: 'Ada, 36, math' }];
const PIECES = ['{"na', 'me":"Ad', 'a","age":3', '6,"tags":["ma', 'th"]}'];
const EXPECTED_PARTIALS = [{}, { name: 'Ad' }, { name: 'Ada' }, { name: 'Ada', age: 36, tags: ['ma'] }, ada];

async function collect<T>(stream: ObjectStream<T>): Promise<unknown[]> {
  const partials: unknown[] = [];
  for await (const partial of stream) partials.push(partial);
  return partials;
}

/** True when every partial extends the one before it (strings grow, arrays and objects gain entries). */
function inOrder(partials: readonly unknown[]): boolean {
  const extends_ = (a: unknown, b: unknown): boolean => {
    if (typeof a === 'string') return typeof b === 'string' && b.startsWith(a);
    if (Array.isArray(a)) return Array.isArray(b) && a.length <= b.length && a.every((v, i) => extends_(v, b[i]));
    if (a !== null && typeof a === 'object')
      return b !== null && typeof b === 'object' && Object.entries(a).every(([k, v]) => extends_(v, (b as Record<string, unknown>)[k]));
    return a === b;
  };
  return partials.every((p, i) => i === 0 || extends_(partials[i - 1], p));
}

for (const { wire, model } of WIRES) {
  describe(`streamObject on the ${wire} wire`, () => {
    let server: ScriptedServer;
    let client: LlmuxClient;
    useScriptedClient((s, c) => {
      server = s;
      client = c;
    });

    for (const mode of ['json_schema', 'tools', 'json', 'prompt'] as const) {
      it(`${mode}: partial objects in order, then the validated object equal to the last partial`, async () => {
        // JSON mode on Anthropic prefills "{": the streamed text continues it.
        const text =
          mode === 'prompt'
            ? ['Sure! ```json\n', ...PIECES, '\n```']
            : mode === 'json' && wire === 'anthropic'
              ? [PIECES[0]!.slice(1), ...PIECES.slice(1)]
              : PIECES;
        server.push(mode === 'tools' ? streamedTool(wire, 'response', PIECES) : streamedText(wire, text));
        const stream = streamObject({ model, messages, schema: Person, mode, client });
        const partials = await collect(stream);
        assert.deepEqual(partials, EXPECTED_PARTIALS);
        assert.ok(inOrder(partials));
        assert.ok(
          partials.every((p) => Object.isFrozen(p)),
          'partials are frozen',
        );
        const result = await stream.result();
        assert.deepEqual(result.object, partials.at(-1));
        assert.deepEqual(await stream.finalObject(), ada);
        assert.equal(result.mode, mode);
        assert.equal(result.usage.total_tokens, 30);
        assert.ok(result.cost !== undefined && result.cost.total > 0);
        assert.equal(server.received[0]!.json.stream, true);
        if (mode === 'json') {
          const body = server.received[0]!.json;
          if (wire === 'anthropic') assert.deepEqual(body.messages.at(-1), { role: 'assistant', content: '{' });
          else assert.deepEqual(body.response_format, { type: 'json_object' });
          assert.equal(result.attempts[0]!.raw, PIECES.join(''));
        }
      });
    }
  });
}

describe('streamObject', () => {
  let server: ScriptedServer;
  let client: LlmuxClient;
  useScriptedClient((s, c) => {
    server = s;
    client = c;
  });

  it('the final object is the validated one (transforms applied), the partials are the raw JSON', async () => {
    const Shouting = z.object({ name: z.string().transform((s) => s.toUpperCase()) });
    server.push(streamedText('openai', ['{"name":"a', 'da"}']));
    const stream = streamObject({ model: 'openai/gpt-4o-mini', messages, schema: Shouting, mode: 'json_schema', client });
    assert.deepEqual(await collect(stream), [{ name: 'a' }, { name: 'ada' }]);
    const object: { name: string } = await stream.finalObject();
    assert.deepEqual(object, { name: 'ADA' });
  });

  it('re-asks after an invalid streamed answer: the partials start again, usage adds up', async () => {
    server.push(
      streamedText('openai', ['{"name":"Ada",', '"age":"old"}'], { input: 10, output: 4 }),
      streamedText('openai', PIECES, { input: 30, output: 8 }),
    );
    const stream = streamObject({ model: 'openai/gpt-4o-mini', messages, schema: Person, mode: 'json', client });
    const partials = await collect(stream);
    assert.deepEqual(partials, [{ name: 'Ada' }, { name: 'Ada', age: 'old' }, ...EXPECTED_PARTIALS]);
    const result = await stream.result();
    assert.deepEqual(result.object, ada);
    assert.equal(result.attempts.length, 2);
    assert.deepEqual(
      result.attempts[0]!.issues.map((i) => i.path),
      [['age'], ['tags']],
    );
    assert.deepEqual(result.usage, { prompt_tokens: 40, completion_tokens: 12, total_tokens: 52 });
    assert.match(server.received[1]!.json.messages.at(-1).content, /- age: /);
  });

  it('steps down when the provider rejects the mode before streaming', async () => {
    server.push(
      errorReply('openai', 400, "Invalid schema for response_format 'response': 'additionalProperties' is required"),
      streamedTool('openai', 'response', PIECES),
    );
    const stream = streamObject({ model: 'openai/gpt-4o-mini', messages, schema: Person, client });
    assert.deepEqual(await collect(stream), EXPECTED_PARTIALS);
    const result = await stream.result();
    assert.equal(result.mode, 'tools');
    assert.equal(result.attempts[0]!.rejection?.status, 400);
  });

  it('finalObject() reads the stream itself when nobody iterates', async () => {
    server.push(streamedText('anthropic', PIECES));
    const stream = streamObject({ model: 'anthropic/claude-sonnet-4-5', messages, schema: Person, mode: 'json_schema', client });
    assert.deepEqual(await stream.finalObject(), ada);
    assert.throws(() => stream[Symbol.asyncIterator](), /already been consumed/);
  });

  it('yields the inner value of a wrapped (non-object) schema', async () => {
    server.push(streamedTool('openai', 'response', ['{"value":["a', '","b"]}']));
    const stream = streamObject({ model: 'openai/gpt-4o-mini', messages, schema: z.array(z.string()), mode: 'tools', client });
    assert.deepEqual(await collect(stream), [['a'], ['a', 'b']]);
    assert.deepEqual(await stream.finalObject(), ['a', 'b']);
  });

  it('stopping early ends the request, and the result rejects with APIUserAbortError', async () => {
    server.push({ ...streamedText('openai', PIECES), stallAfter: 3 });
    const stream = streamObject({ model: 'openai/gpt-4o-mini', messages, schema: Person, mode: 'json_schema', client });
    for await (const partial of stream) {
      assert.deepEqual(partial, {});
      break;
    }
    await assert.rejects(stream.result(), APIUserAbortError);
    assert.ok(await waitForClose(server.received[0]!), 'the connection was closed');
  });

  it('abort() stops a stream in flight', async () => {
    server.push({ ...streamedText('openai', PIECES), stallAfter: 3 });
    const stream = streamObject({ model: 'openai/gpt-4o-mini', messages, schema: Person, mode: 'json_schema', client });
    const seen: unknown[] = [];
    await assert.rejects(
      (async () => {
        for await (const partial of stream) {
          seen.push(partial);
          stream.abort();
        }
      })(),
      APIUserAbortError,
    );
    assert.deepEqual(seen, [{}]);
    await assert.rejects(stream.finalObject(), APIUserAbortError);
  });

  it('bad input rejects the iteration before any request', async () => {
    const stream = streamObject({ model: 'openai/gpt-4o-mini', messages, schema: z.object({ when: z.date() }), client });
    await assert.rejects(collect(stream), /cannot be turned into JSON Schema/);
    await assert.rejects(stream.finalObject(), /cannot be turned into JSON Schema/);
    assert.equal(server.received.length, 0);
  });
});

describe('streamObject against the llmux mock server', () => {
  let server: MockServer;
  let client: LlmuxClient;
  before(async () => {
    server = await startMockServer();
    client = clientFor(server.url, '/v1');
  });
  after(async () => {
    client.close();
    await server.close();
  });

  it('anthropic/claude-sonnet-4-5 in json_schema mode: output_config.format, streamed as text', async () => {
    const stream = streamObject({ model: 'anthropic/claude-sonnet-4-5', messages, schema: Person, mode: 'json_schema', client });
    const partials = await collect(stream);
    const result = await stream.result();
    assert.ok(partials.length >= 3, `several partials: ${JSON.stringify(partials)}`);
    assert.ok(inOrder(partials));
    assert.deepEqual(partials.at(-1), result.object);
    assert.deepEqual(result.object, { name: 'example', age: 1, tags: [] });
    assert.equal(result.mode, 'json_schema');
    assert.equal((server.requests.at(-1)!.body as Record<string, any>)['output_config']?.format?.type, 'json_schema');
  });

  for (const model of ['openai/gpt-4o-mini', 'anthropic/claude-sonnet-4-5', 'openrouter/openai/gpt-4o']) {
    it(`${model}: partials in order, the last one equal to the validated object`, async () => {
      const stream = streamObject({ model, messages, schema: Person, client });
      const partials = await collect(stream);
      const result = await stream.result();
      assert.ok(partials.length >= 3, `several partials: ${JSON.stringify(partials)}`);
      assert.ok(inOrder(partials));
      assert.deepEqual(partials.at(-1), result.object);
      assert.equal(Person.safeParse(result.object).success, true);
      assert.equal(result.mode, model.startsWith('anthropic/') ? 'tools' : 'json_schema');
      assert.ok(result.usage.total_tokens > 0);
    });
  }
});
