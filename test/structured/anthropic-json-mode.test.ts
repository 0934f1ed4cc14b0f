/**
 * `json` mode on Anthropic, which has no json_object: the schema in the system prompt and the
 * answer prefilled with `{`, which comes back without it; the prompt-only form where a prefill
 * cannot go (the model table says no, thinking is on, the caller's turn is already an assistant
 * one) or Anthropic refuses it.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { z } from 'zod';
import { BadRequestError, type LlmuxClient } from '../../src/index.js';
import { completeObject, streamObject } from '../../src/structured/index.js';
import type { ScriptedServer } from '../helpers/scripted-server.js';
import { errorReply, streamedText, textReply, useScriptedClient } from './structured-test-support.js';

const Person = z.object({ name: z.string(), age: z.number(), tags: z.array(z.string()) });
const ada = { name: 'Ada', age: 36, tags: ['math'] };
const ADA = JSON.stringify(ada);
const messages = [{ role: 'user' as const, content: 'Ada, 36, math' }];
const MODEL = 'anthropic/claude-sonnet-4-5';
const NO_PREFILL = 'This model does not support assistant message prefill. The conversation must end with a user message.';

describe('json mode on Anthropic', () => {
  let server: ScriptedServer;
  let client: LlmuxClient;
  useScriptedClient((s, c) => {
    server = s;
    client = c;
  });
  const lastTurn = (i: number): { role: string; content: unknown } => server.received[i]!.json.messages.at(-1);

  it('re-asks with the brace put back in the answer shown, and prefills again', async () => {
    const wrong = '"name":"Ada","age":"36","tags":["math"]}';
    server.push(textReply('anthropic', wrong, { input: 50, output: 10 }), textReply('anthropic', ADA.slice(1), { input: 90, output: 12 }));
    const result = await completeObject({ model: MODEL, messages, schema: Person, mode: 'json', client });
    assert.deepEqual(result.object, ada);
    assert.deepEqual(
      result.attempts.map((a) => a.raw),
      [`{${wrong}`, ADA],
    );
    const second = server.received[1]!.json;
    assert.deepEqual(second.messages.slice(0, 2), [
      { role: 'user', content: messages[0]!.content },
      { role: 'assistant', content: `{${wrong}` },
    ]);
    assert.equal(second.messages[2].role, 'user');
    assert.match(second.messages[2].content, /^Your answer does not match the schema:\n- age: /);
    assert.deepEqual(second.messages[3], { role: 'assistant', content: '{' });
    assert.deepEqual([result.usage.prompt_tokens, result.usage.completion_tokens, result.usage.total_tokens], [140, 22, 162]);
  });

  it('a model that repeats the brace still gives its object', async () => {
    server.push(textReply('anthropic', ADA));
    const result = await completeObject({ model: MODEL, messages, schema: Person, mode: 'json', client });
    assert.deepEqual(result.object, ada);
  });

  it('no prefill for a model the table says takes none: the prompt-only form, the answer read as it is', async () => {
    server.push(textReply('anthropic', ADA));
    const result = await completeObject({ model: 'anthropic/claude-opus-4-6', messages, schema: Person, mode: 'json', client });
    assert.deepEqual(result.object, ada);
    assert.equal(result.mode, 'json');
    assert.equal(result.attempts[0]!.raw, ADA);
    assert.deepEqual(lastTurn(0), { role: 'user', content: messages[0]!.content });
    assert.match(server.received[0]!.json.system, /^Answer with only a JSON object/);
  });

  it('no prefill with thinking on (Anthropic refuses one beside thinking)', async () => {
    server.push(textReply('anthropic', ADA), textReply('anthropic', ADA));
    await completeObject({ model: MODEL, messages, schema: Person, mode: 'json', reasoning_effort: 'low', client });
    assert.ok(server.received[0]!.json.thinking !== undefined);
    assert.equal(lastTurn(0).role, 'user');
    await completeObject({
      model: MODEL,
      messages,
      schema: Person,
      mode: 'json',
      extra_body: { thinking: { type: 'enabled', budget_tokens: 2048 } },
      client,
    });
    assert.equal(lastTurn(1).role, 'user');
  });

  it("no prefill after the caller's own assistant turn, which the model continues", async () => {
    server.push(textReply('anthropic', ` ${ADA}`));
    const own = [...messages, { role: 'assistant' as const, content: 'Here is the JSON:' }];
    const result = await completeObject({ model: MODEL, messages: own, schema: Person, mode: 'json', client });
    assert.deepEqual(lastTurn(0), { role: 'assistant', content: 'Here is the JSON:' }, 'the turn is not extended');
    assert.deepEqual(result.object, ada);
  });

  it('a refused prefill sends the same mode again without one, and counts no re-ask', async () => {
    server.push(errorReply('anthropic', 400, NO_PREFILL), textReply('anthropic', ADA));
    const result = await completeObject({
      model: 'anthropic/claude-sonnet-4-6',
      messages,
      schema: Person,
      mode: 'json',
      maxRetries: 0,
      client,
    });
    assert.deepEqual(result.object, ada);
    assert.equal(result.mode, 'json');
    assert.deepEqual([lastTurn(0).role, lastTurn(1).role], ['assistant', 'user']);
    assert.equal(server.received[1]!.json.system, server.received[0]!.json.system);
    const [refused, served] = result.attempts;
    assert.ok(refused?.rejection instanceof BadRequestError);
    assert.match(refused!.issues[0]!.message, /rejected the assistant prefill of mode json/);
    assert.deepEqual(served?.issues, []);
  });

  it('in auto, after tools and structured outputs are rejected, a refused prefill still ends in JSON mode', async () => {
    server.push(
      errorReply('anthropic', 400, 'tools: this model does not support tool use'),
      errorReply('anthropic', 400, 'output_config.format: not supported'),
      errorReply('anthropic', 400, NO_PREFILL),
      textReply('anthropic', ADA),
    );
    const result = await completeObject({ model: 'anthropic/claude-sonnet-4-6', messages, schema: Person, client });
    assert.equal(result.mode, 'json');
    assert.deepEqual(
      result.attempts.map((a) => [a.mode, a.rejection?.status]),
      [
        ['tools', 400],
        ['json_schema', 400],
        ['json', 400],
        ['json', undefined],
      ],
    );
    assert.equal(server.received.length, 4);
  });

  it('a second refusal is thrown: the prefill is dropped only once', async () => {
    server.push(errorReply('anthropic', 400, NO_PREFILL), errorReply('anthropic', 400, NO_PREFILL));
    await assert.rejects(completeObject({ model: MODEL, messages, schema: Person, mode: 'json', client }), BadRequestError);
    assert.equal(server.received.length, 2);
  });

  it('streamed: partials start from the prefilled brace; a refused prefill before the stream is sent again', async () => {
    server.push(errorReply('anthropic', 400, NO_PREFILL), streamedText('anthropic', ['{"na', 'me":"Ada","age":36,"tags":[]}']));
    const refusedFirst = streamObject({ model: MODEL, messages, schema: Person, mode: 'json', client });
    const partials: unknown[] = [];
    for await (const partial of refusedFirst) partials.push(partial);
    assert.deepEqual(partials.at(-1), { name: 'Ada', age: 36, tags: [] });
    assert.equal((await refusedFirst.result()).attempts[0]!.rejection?.status, 400);
    assert.deepEqual([lastTurn(0).role, lastTurn(1).role], ['assistant', 'user']);
  });
});
