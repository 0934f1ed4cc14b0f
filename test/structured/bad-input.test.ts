/**
 * Input that cannot work is a ConfigurationError before any request: a schema with no JSON
 * Schema form, a mode the model cannot do, and malformed options.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { z } from 'zod';
import { ConfigurationError, createClient, type LlmuxClient } from '../../src/index.js';
import { supportsFunctionCalling } from '../../src/models/index.js';
import { Router } from '../../src/router/index.js';
import { completeObject, streamObject } from '../../src/structured/index.js';
import { type ScriptedServer, startScriptedServer } from '../helpers/scripted-server.js';
import { clientFor, toolReply } from './structured-test-support.js';

const Person = z.object({ name: z.string() });
const messages = [{ role: 'user' as const, content: 'Ada' }];

describe('bad input is refused before any request', () => {
  let server: ScriptedServer;
  let client: LlmuxClient;
  before(async () => {
    server = await startScriptedServer();
    client = clientFor(server.url);
  });
  after(async () => {
    client.close();
    assert.equal(server.received.length, 0, 'no request reached the server');
    await server.close();
  });

  const refuses = async (request: Record<string, unknown>, message: RegExp): Promise<void> => {
    const full = { model: 'openai/gpt-4o-mini', messages, schema: Person, client, ...request } as Parameters<typeof completeObject>[0];
    await assert.rejects(
      completeObject(full),
      (error: unknown) => error instanceof ConfigurationError && message.test(error.message),
      `completeObject: ${message}`,
    );
    const stream = streamObject(full);
    await assert.rejects(
      stream.finalObject(),
      (error: unknown) => error instanceof ConfigurationError && message.test(error.message),
      `streamObject: ${message}`,
    );
  };

  it('a schema that has no JSON Schema form', async () => {
    await refuses({ schema: z.object({ when: z.date() }) }, /zod schema cannot be turned into JSON Schema \(Date cannot be represented/);
  });

  it('mode "tools" on a model the table says cannot call tools', async () => {
    assert.equal(supportsFunctionCalling('deepseek/deepseek-reasoner'), false);
    await refuses(
      { model: 'deepseek/deepseek-reasoner', mode: 'tools' },
      /deepseek\/deepseek-reasoner does not support tools \(function calling\), according to the model table/,
    );
  });

  it('malformed options', async () => {
    await refuses({ mode: 'yaml' }, /"mode" must be one of auto, json_schema, tools, json, prompt; got "yaml"/);
    await refuses({ maxRetries: -1 }, /"maxRetries" must be an integer >= 0/);
    await refuses({ maxRetries: 1.5 }, /"maxRetries" must be an integer >= 0/);
    await refuses({ name: 'a person' }, /"name" must be 1 to 64 letters/);
    await refuses({ tools: [] }, /"tools" is set by the structured output mode/);
    await refuses({ response_format: { type: 'json_object' } }, /"response_format" is set by the structured output mode/);
    await refuses({ n: 3 }, /n=3: structured output returns one object/);
    await refuses({ schema: undefined }, /"schema" is required/);
    await refuses({ messages: [] }, /"messages" must be a non-empty array/);
    await refuses({ model: '' }, /"model" must be a non-empty string/);
    const router = new Router({ deployments: [{ group: 'g', model: 'openai/gpt-4o-mini' }], client: { env: {} } });
    await refuses({ router }, /Pass "client" or "router", not both/);
    await refuses({ client: { complete: 1 } }, /must be an llmux client/);
  });
});

describe('an unknown capability is not a "no"', () => {
  it('mode "tools" on a model the table does not know is sent', async () => {
    const server = await startScriptedServer(toolReply('openai', 'response', { name: 'Ada' }));
    const client = createClient({ providers: { mylab: { baseURL: `${server.url}/v1` } }, env: {} });
    try {
      assert.equal(supportsFunctionCalling('mylab/qwen-x'), undefined);
      const result = await completeObject({ model: 'mylab/qwen-x', messages, schema: Person, mode: 'tools', client });
      assert.deepEqual(result.object, { name: 'Ada' });
      assert.equal(server.received[0]!.json.tool_choice.function.name, 'response');
    } finally {
      client.close();
      await server.close();
    }
  });
});
