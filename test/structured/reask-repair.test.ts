/**
 * An answer that does not parse or validate is shown back to the model with its issues, up to
 * `maxRetries` times; usage and cost add up over every attempt; the final error carries them all.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { z } from 'zod';
import { LlmuxError, type LlmuxClient, isLlmuxError } from '../../src/index.js';
import { completionCost } from '../../src/models/index.js';
import { StructuredOutputError, completeObject } from '../../src/structured/index.js';
import type { ScriptedServer } from '../helpers/scripted-server.js';
import { textReply, toolReply, useScriptedClient } from './structured-test-support.js';

const Person = z.object({ name: z.string(), age: z.number(), tags: z.array(z.string()) });
const ada = { name: 'Ada', age: 36, tags: ['math'] };
const messages = [{ role: 'user' as const, content: 'Ada, 36, math' }];
const MODEL = 'openai/gpt-4o-mini';
const price = (input: number, output: number): number =>
  completionCost({ model: MODEL, usage: { prompt_tokens: input, completion_tokens: output } })!.total;

describe('re-asking with the validation issues', () => {
  let server: ScriptedServer;
  let client: LlmuxClient;
  useScriptedClient((s, c) => {
    server = s;
    client = c;
  });

  it('repairs an invalid first answer; usage and cost are the sum of both', async () => {
    const wrong = JSON.stringify({ name: 'Ada', age: '36', tags: ['math'] });
    server.push(
      textReply('openai', wrong, { input: 100, output: 20 }),
      textReply('openai', JSON.stringify(ada), { input: 180, output: 25 }),
    );
    const result = await completeObject({ model: MODEL, messages, schema: Person, mode: 'json_schema', client });
    assert.deepEqual(result.object, ada);
    assert.equal(result.attempts.length, 2);
    assert.equal(result.attempts[0]!.raw, wrong);
    assert.deepEqual(
      result.attempts[0]!.issues.map((i) => i.path),
      [['age']],
    );
    assert.deepEqual(result.attempts[1]!.issues, []);

    const second = server.received[1]!.json;
    assert.deepEqual(second.messages.slice(0, 1), messages);
    assert.deepEqual(second.messages[1], { role: 'assistant', content: wrong });
    assert.equal(second.messages[2].role, 'user');
    assert.match(
      second.messages[2].content,
      /^Your answer does not match the schema:\n- age: Invalid input: expected number, received string\nAnswer again with the corrected JSON only\.$/,
    );
    assert.deepEqual(second.response_format, server.received[0]!.json.response_format, 'the same mode again');

    assert.deepEqual(result.usage, { prompt_tokens: 280, completion_tokens: 45, total_tokens: 325 });
    assert.ok(result.cost !== undefined);
    assert.ok(Math.abs(result.cost.total - (price(100, 20) + price(180, 25))) < 1e-12, `${result.cost.total}`);
    assert.equal(result.cost.total, result.attempts[0]!.cost!.total + result.attempts[1]!.cost!.total);
    assert.equal(result.cost.source, 'table');
  });

  it('repairs JSON that does not parse', async () => {
    server.push(textReply('openai', '{"name": "Ada", "age": 36, "tags": ["math"'), textReply('openai', JSON.stringify(ada)));
    const result = await completeObject({ model: MODEL, messages, schema: Person, mode: 'json', client });
    assert.deepEqual(result.object, ada);
    assert.match(result.attempts[0]!.issues[0]!.message, /not valid JSON/);
    assert.match(server.received[1]!.json.messages.at(-1).content, /not valid JSON/);
  });

  it('in tools mode, answers the tool call with the issues (Anthropic wire: tool_use, then tool_result)', async () => {
    server.push(
      toolReply('anthropic', 'person', { name: 'Ada', age: 36, tags: 'math' }, undefined, 'toolu_1'),
      toolReply('anthropic', 'person', ada, undefined, 'toolu_2'),
    );
    const result = await completeObject({
      model: 'anthropic/claude-sonnet-4-5',
      messages,
      schema: Person,
      mode: 'tools',
      name: 'person',
      client,
    });
    assert.deepEqual(result.object, ada);
    const second = server.received[1]!.json;
    assert.deepEqual(second.messages[1], {
      role: 'assistant',
      content: [{ type: 'tool_use', id: 'toolu_1', name: 'person', input: { name: 'Ada', age: 36, tags: 'math' } }],
    });
    const result0 = second.messages[2].content[0];
    assert.equal(result0.type, 'tool_result');
    assert.equal(result0.tool_use_id, 'toolu_1');
    assert.match(JSON.stringify(result0.content), /tags: Invalid input: expected array, received string/);
    assert.deepEqual(second.tool_choice, { type: 'tool', name: 'person' }, 'the tool is forced again');
  });

  it('in tools mode on OpenAI, a tool message answers the call', async () => {
    server.push(toolReply('openai', 'response', '{"name":"Ada"}', undefined, 'call_a'), toolReply('openai', 'response', ada));
    const result = await completeObject({ model: MODEL, messages, schema: Person, mode: 'tools', client });
    assert.deepEqual(result.object, ada);
    const [, assistant, tool] = server.received[1]!.json.messages;
    assert.deepEqual(assistant, {
      role: 'assistant',
      content: null,
      tool_calls: [{ id: 'call_a', type: 'function', function: { name: 'response', arguments: '{"name":"Ada"}' } }],
    });
    assert.equal(tool.role, 'tool');
    assert.equal(tool.tool_call_id, 'call_a');
    assert.match(tool.content, /- age: .*\n- tags: /);
  });

  it('gives up after maxRetries with every attempt, its raw answer and issues, and the summed usage and cost', async () => {
    server.push(textReply('openai', '{"name":1}', { input: 10, output: 5 }), textReply('openai', 'no idea', { input: 30, output: 2 }));
    const error = await completeObject({ model: MODEL, messages, schema: Person, mode: 'prompt', maxRetries: 1, client }).then(
      () => assert.fail('expected a StructuredOutputError'),
      (e: unknown) => e,
    );
    assert.ok(error instanceof StructuredOutputError);
    assert.ok(error instanceof LlmuxError);
    assert.ok(isLlmuxError(error));
    assert.equal(error.name, 'StructuredOutputError');
    assert.equal(error.code, 'STRUCTURED_OUTPUT_INVALID');
    assert.equal(error.mode, 'prompt');
    assert.equal(error.provider, 'openai');
    assert.equal(server.received.length, 2);
    assert.deepEqual(
      error.attempts.map((a) => a.raw),
      ['{"name":1}', 'no idea'],
    );
    assert.deepEqual(
      error.attempts[0]!.issues.map((i) => i.path?.join('.')),
      ['name', 'age', 'tags'],
    );
    assert.match(error.attempts[1]!.issues[0]!.message, /not valid JSON/);
    assert.match(error.message, /^No valid object after 2 answers \(mode prompt\); the last one:\n- the answer is not valid JSON/);
    assert.deepEqual(error.usage, { prompt_tokens: 40, completion_tokens: 7, total_tokens: 47 });
    assert.ok(Math.abs(error.cost!.total - (price(10, 5) + price(30, 2))) < 1e-12);
  });

  it('maxRetries 0 sends one request', async () => {
    server.push(textReply('openai', '{}'));
    await assert.rejects(
      completeObject({ model: MODEL, messages, schema: Person, mode: 'json', maxRetries: 0, client }),
      StructuredOutputError,
    );
    assert.equal(server.received.length, 1);
  });

  it('a refusal is not re-asked', async () => {
    server.push({
      body: JSON.stringify({
        id: 'c',
        object: 'chat.completion',
        created: 1,
        model: 'gpt-4o-mini',
        choices: [
          {
            index: 0,
            finish_reason: 'stop',
            logprobs: null,
            message: { role: 'assistant', content: null, refusal: "I can't help with that." },
          },
        ],
        usage: { prompt_tokens: 5, completion_tokens: 5, total_tokens: 10 },
      }),
    });
    await assert.rejects(
      completeObject({ model: MODEL, messages, schema: Person, mode: 'json_schema', client }),
      (e: unknown) =>
        e instanceof StructuredOutputError &&
        e.code === 'STRUCTURED_OUTPUT_REFUSED' &&
        /can't help/.test(e.message) &&
        e.usage.total_tokens === 10,
    );
    assert.equal(server.received.length, 1);
  });

  it('says when the answer was cut off at the token limit', async () => {
    server.push({
      body: JSON.stringify({
        id: 'c',
        object: 'chat.completion',
        created: 1,
        model: 'gpt-4o-mini',
        choices: [
          { index: 0, finish_reason: 'length', logprobs: null, message: { role: 'assistant', content: '{"name":"Ad', refusal: null } },
        ],
      }),
    });
    const error = (await completeObject({ model: MODEL, messages, schema: Person, mode: 'json', maxRetries: 0, client }).catch(
      (e: unknown) => e,
    )) as StructuredOutputError;
    assert.match(error.attempts[0]!.issues[0]!.message, /cut off at the token limit/);
  });

  it('a plain JSON Schema with a validator function is re-asked the same way', async () => {
    server.push(textReply('openai', '{"n": -1}'), textReply('openai', '{"n": 2}'));
    const schema = {
      jsonSchema: { type: 'object', properties: { n: { type: 'integer', minimum: 0 } }, required: ['n'] },
      validate: (value: unknown) =>
        (value as { n: number }).n >= 0
          ? { value: value as { n: number } }
          : { issues: [{ message: 'must be >= 0', path: [{ key: 'n' }] }] },
    };
    const result = await completeObject({ model: MODEL, messages, schema, client });
    const n: number = result.object.n;
    assert.equal(n, 2);
    assert.match(server.received[1]!.json.messages.at(-1).content, /- n: must be >= 0/);
  });
});
