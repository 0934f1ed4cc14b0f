/**
 * The openai-node-shaped facade over a client or Router, and instructor-js (a devDependency)
 * producing typed objects through it from Anthropic and from OpenAI (both served by the llmux
 * mock server, in their own wire formats).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import Instructor from '@instructor-ai/instructor';
// instructor-js 1.7 turns zod 3 schemas into JSON Schema (via zod-to-json-schema); zod 4 ships
// the zod 3 API as "zod/v3".
import { z } from 'zod/v3';
import { APIUserAbortError, LlmStream, type LlmuxClient, type ModelResponse } from '../../src/index.js';
import { type MockServer, startMockServer } from '../../src/mock-server/index.js';
import { Router } from '../../src/router/index.js';
import { createOpenAICompatible } from '../../src/structured/index.js';
import { startScriptedServer } from '../helpers/scripted-server.js';
import { KEY, clientFor, streamedText } from './structured-test-support.js';

const User = z.object({ name: z.string(), age: z.number(), email: z.string().optional() });
const messages = [{ role: 'user' as const, content: 'Jason is 30 years old' }];
// instructor-js 1.7 declares its result types with zod 3's `z` from "zod" (z.AnyZodObject), which
// zod 4 no longer has, so its inferred result loses the fields; they are named here instead.
type UserWithMeta = z.infer<typeof User> & { _meta?: { usage?: { total_tokens: number } | undefined } | undefined };

describe('createOpenAICompatible', () => {
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

  it('create() returns a chat.completion; with stream: true, an async iterable of chunks', async () => {
    const openai = createOpenAICompatible(client);
    const response: ModelResponse = await openai.chat.completions.create({
      model: 'anthropic/claude-sonnet-4-5',
      messages,
      max_tokens: 50,
    });
    assert.equal(response.object, 'chat.completion');
    assert.match(response.choices[0]!.message.content!, /Jason is 30 years old/);

    const stream = await openai.chat.completions.create({
      model: 'openai/gpt-4o-mini',
      messages,
      stream: true,
      stream_options: { include_usage: true },
    });
    assert.ok(stream instanceof LlmStream);
    const chunks = [];
    for await (const chunk of stream) chunks.push(chunk);
    assert.ok(chunks.length > 2);
    assert.ok(chunks.every((c) => c.object === 'chat.completion.chunk'));
    assert.ok((await stream.finalResponse()).usage!.total_tokens > 0);
    // stream/stream_options are openai-node's; llmux asks for usage itself.
    assert.equal((server.requests.at(-1)!.body as Record<string, unknown>)['stream'], true);
  });

  it('maps openai-node request options (signal, headers, timeout, maxRetries)', async () => {
    const scripted = await startScriptedServer({ ...streamedText('openai', ['{"a":', '1}']), stallAfter: 1 });
    const local = clientFor(scripted.url);
    try {
      const openai = createOpenAICompatible(local);
      const controller = new AbortController();
      const stream = await openai.chat.completions.create(
        { model: 'openai/gpt-4o-mini', messages, stream: true },
        { signal: controller.signal, headers: { 'x-trace': 'abc', 'x-none': null }, timeout: 5000, maxRetries: 0 },
      );
      const reading = (async () => {
        for await (const _ of stream) controller.abort();
      })();
      await assert.rejects(reading, APIUserAbortError);
      assert.equal(scripted.received[0]!.headers['x-trace'], 'abc');
      assert.equal(scripted.received[0]!.headers['x-none'], undefined);
    } finally {
      local.close();
      await scripted.close();
    }
  });

  it('works over a Router (model is the group)', async () => {
    const router = new Router({
      deployments: [{ group: 'fast', model: 'openai/gpt-4o-mini', baseURL: server.openaiBaseURL, apiKey: KEY }],
      client: { env: {} },
    });
    const response = await createOpenAICompatible(router).chat.completions.create({ model: 'fast', messages });
    assert.equal(response.routing?.servedBy.model, 'openai/gpt-4o-mini');
  });

  it('refuses something that is not a client', () => {
    assert.throws(() => createOpenAICompatible({} as LlmuxClient), TypeError);
  });
});

describe('instructor-js through the facade', () => {
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

  for (const model of ['anthropic/claude-sonnet-4-5', 'openai/gpt-4o-mini']) {
    it(`produces a typed object from ${model} (TOOLS mode)`, async () => {
      const instructor = Instructor({ client: createOpenAICompatible(client), mode: 'TOOLS' });
      const before = server.requests.length;
      const user = (await instructor.chat.completions.create({
        model,
        messages,
        max_tokens: 200,
        response_model: { schema: User, name: 'User' },
      })) as unknown as UserWithMeta;
      const name: string = user.name;
      const age: number = user.age;
      assert.equal(typeof name, 'string');
      assert.equal(typeof age, 'number');
      assert.equal(User.safeParse(user).success, true);
      assert.ok((user._meta?.usage?.total_tokens ?? 0) > 0, 'usage reaches instructor');
      const sent = server.requests.slice(before);
      assert.equal(sent.length, 1);
      assert.equal(sent[0]!.api, model.startsWith('anthropic/') ? 'anthropic' : 'openai');
      const body = sent[0]!.body as Record<string, any>;
      // instructor's forced function call, translated for Anthropic.
      if (model.startsWith('anthropic/')) assert.deepEqual(body['tool_choice'], { type: 'tool', name: 'User' });
      else assert.deepEqual(body['tool_choice'], { type: 'function', function: { name: 'User' } });
    });
  }

  it('streams partial objects from OpenAI through the facade', async () => {
    const instructor = Instructor({ client: createOpenAICompatible(client), mode: 'TOOLS' });
    const partials = await instructor.chat.completions.create({
      model: 'openai/gpt-4o-mini',
      messages,
      stream: true,
      response_model: { schema: User, name: 'User' },
    });
    const seen: unknown[] = [];
    for await (const partial of partials as AsyncIterable<Partial<UserWithMeta>>) seen.push({ ...partial, _meta: undefined });
    assert.ok(seen.length > 1);
    const last = seen.at(-1) as { name: unknown; age: unknown };
    assert.equal(User.safeParse({ name: last.name, age: last.age }).success, true);
  });
});
