/**
 * A structured call that fails for a reason other than its answers (a 500 after retries, a
 * context window error, an abort, a validator that throws) throws that error, same class, with
 * what the earlier attempts spent as `error.structured`.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { z } from 'zod';
import { APIUserAbortError, ContextWindowExceededError, InternalServerError, type LlmuxClient } from '../../src/index.js';
import { completionCost } from '../../src/models/index.js';
import { StructuredOutputError, completeObject, streamObject, structuredFailureOf } from '../../src/structured/index.js';
import type { ScriptedReply, ScriptedServer } from '../helpers/scripted-server.js';
import { errorReply, streamedText, textReply, toolReply, useScriptedClient } from './structured-test-support.js';

const Person = z.object({ name: z.string(), age: z.number() });
const ada = { name: 'Ada', age: 36 };
const wrong = JSON.stringify({ name: 'Ada', age: 'old' });
const messages = [{ role: 'user' as const, content: 'Ada, 36' }];
const MODEL = 'openai/gpt-4o-mini';
const price = (input: number, output: number): number =>
  completionCost({ model: MODEL, usage: { prompt_tokens: input, completion_tokens: output } })!.total;
/** A 500 the client may retry at once. */
const serverError: ScriptedReply = {
  status: 500,
  headers: { 'retry-after-ms': '0' },
  body: JSON.stringify({ error: { message: 'The server had an error', type: 'server_error', param: null, code: null } }),
};

describe('what earlier attempts spent, on an error that is not about the answers', () => {
  let server: ScriptedServer;
  let client: LlmuxClient;
  useScriptedClient((s, c) => {
    server = s;
    client = c;
  });

  it("completeObject: a 500 after retries on the re-ask keeps its class and carries the first answer's usage and cost", async () => {
    server.push(textReply('openai', wrong, { input: 100, output: 20 }), serverError, serverError);
    const error = await completeObject({ model: MODEL, messages, schema: Person, mode: 'json_schema', client }, { maxRetries: 1 }).catch(
      (e: unknown) => e,
    );
    assert.ok(error instanceof InternalServerError);
    assert.equal(error.constructor, InternalServerError, 'the same class, not a wrapper');
    assert.equal(error.status, 500);
    assert.equal(server.received.length, 3, 'one answer, then the re-ask and its retry');
    const spent = structuredFailureOf(error)!;
    assert.equal((error as unknown as { structured: unknown }).structured, spent, 'error.structured');
    assert.deepEqual(spent.usage, { prompt_tokens: 100, completion_tokens: 20, total_tokens: 120 });
    assert.ok(spent.cost !== undefined && Math.abs(spent.cost.total - price(100, 20)) < 1e-12);
    assert.equal(spent.mode, 'json_schema');
    assert.deepEqual(
      spent.attempts.map((a) => [a.mode, a.raw, a.issues.map((i) => i.path)]),
      [['json_schema', wrong, [['age']]]],
    );
    assert.deepEqual(spent.attempts[0]!.usage, { prompt_tokens: 100, completion_tokens: 20, total_tokens: 120 });
    // Out of the error's own JSON and log output.
    assert.equal(Object.keys(error).includes('structured'), false);
    assert.equal(JSON.stringify(error).includes('"structured"'), false);
  });

  it('completeObject: a context window error after a step-down and an invalid answer', async () => {
    server.push(
      errorReply('openai', 400, "Invalid schema for response_format 'response': 'additionalProperties' is required"),
      toolReply('openai', 'response', { name: 'Ada' }, { input: 40, output: 8 }),
      {
        status: 400,
        body: JSON.stringify({
          error: {
            message: "This model's maximum context length is 128000 tokens.",
            type: 'invalid_request_error',
            param: 'messages',
            code: 'context_length_exceeded',
          },
        }),
      },
    );
    const error = await completeObject({ model: MODEL, messages, schema: Person, client }).catch((e: unknown) => e);
    assert.ok(error instanceof ContextWindowExceededError);
    const spent = structuredFailureOf(error)!;
    assert.equal(spent.mode, 'tools');
    assert.deepEqual(
      spent.attempts.map((a) => [a.mode, a.rejection?.status]),
      [
        ['json_schema', 400],
        ['tools', undefined],
      ],
    );
    assert.deepEqual(spent.usage, { prompt_tokens: 40, completion_tokens: 8, total_tokens: 48 });
    assert.ok(spent.cost !== undefined && spent.cost.total > 0);
  });

  it('a failure on the first request carries an empty record', async () => {
    server.push(serverError);
    const error = await completeObject({ model: MODEL, messages, schema: Person, mode: 'json', client }).catch((e: unknown) => e);
    assert.ok(error instanceof InternalServerError);
    assert.deepEqual(structuredFailureOf(error), {
      attempts: [],
      usage: { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 },
      cost: undefined,
      mode: 'json',
    });
  });

  it('a validator that throws: its error, with the answer it was judging counted', async () => {
    server.push(textReply('openai', JSON.stringify(ada), { input: 30, output: 5 }));
    const boom = new RangeError('validator exploded');
    const schema = {
      jsonSchema: { type: 'object', properties: { name: { type: 'string' } } },
      validate: () => {
        throw boom;
      },
    };
    const error = await completeObject({ model: MODEL, messages, schema, mode: 'json_schema', client }).catch((e: unknown) => e);
    assert.equal(error, boom);
    const spent = structuredFailureOf(error)!;
    assert.deepEqual(spent.usage, { prompt_tokens: 30, completion_tokens: 5, total_tokens: 35 });
    assert.match(spent.attempts[0]!.issues[0]!.message, /the validator threw: validator exploded/);
  });

  it('streamObject: the same error rejects the iteration and result(), with the usage so far', async () => {
    server.push(streamedText('openai', [wrong], { input: 10, output: 4 }), serverError);
    const stream = streamObject({ model: MODEL, messages, schema: Person, mode: 'json', client });
    const iterated = await (async () => {
      for await (const _ of stream);
    })().catch((e: unknown) => e);
    const resulted = await stream.result().catch((e: unknown) => e);
    assert.ok(iterated instanceof InternalServerError);
    assert.equal(resulted, iterated);
    const spent = structuredFailureOf(iterated)!;
    assert.deepEqual(spent.usage, { prompt_tokens: 10, completion_tokens: 4, total_tokens: 14 });
    assert.deepEqual(
      spent.attempts.map((a) => a.raw),
      [wrong],
    );
  });

  it('streamObject: stopping early after a re-ask still tells what the first answer cost', async () => {
    server.push(streamedText('openai', [wrong], { input: 10, output: 4 }), {
      ...streamedText('openai', ['{"name":"A', 'da","age":36}']),
      stallAfter: 3,
    });
    const stream = streamObject({ model: MODEL, messages, schema: Person, mode: 'json', client });
    let seen = 0;
    for await (const _ of stream) if (++seen === 2) break; // the first answer's partial, then the re-ask's first
    const error = await stream.result().catch((e: unknown) => e);
    assert.ok(error instanceof APIUserAbortError);
    assert.deepEqual(structuredFailureOf(error)?.usage, { prompt_tokens: 10, completion_tokens: 4, total_tokens: 14 });
  });

  it('StructuredOutputError has the same record as `structured`', async () => {
    server.push(textReply('openai', wrong, { input: 7, output: 3 }));
    const error = await completeObject({ model: MODEL, messages, schema: Person, mode: 'json', maxRetries: 0, client }).catch(
      (e: unknown) => e,
    );
    assert.ok(error instanceof StructuredOutputError);
    assert.deepEqual(error.structured, { attempts: error.attempts, usage: error.usage, cost: error.cost, mode: 'json' });
    assert.deepEqual(structuredFailureOf(error), error.structured);
  });

  it('nothing for errors that did not come from a structured call, or came before its first request', async () => {
    assert.equal(structuredFailureOf(new Error('x')), undefined);
    assert.equal(structuredFailureOf('x'), undefined);
    assert.equal(structuredFailureOf(null), undefined);
    assert.equal(structuredFailureOf({ structured: { attempts: 'no' } }), undefined);
    const early = await completeObject({ model: MODEL, messages, schema: z.object({ when: z.date() }), client }).catch((e: unknown) => e);
    assert.equal(structuredFailureOf(early), undefined);
  });
});
