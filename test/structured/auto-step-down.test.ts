/**
 * `auto` steps down to the next mode when the provider rejects one (a 400/422 about the
 * response format or tools, OpenRouter's 404 for unsupported parameters), and only then.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { z } from 'zod';
import { BadRequestError, ContextWindowExceededError, createClient, type LlmuxClient } from '../../src/index.js';
import { Router } from '../../src/router/index.js';
import { completeObject } from '../../src/structured/index.js';
import type { ScriptedServer } from '../helpers/scripted-server.js';
import { KEY, errorReply, textReply, toolReply, useScriptedClient } from './structured-test-support.js';

const Person = z.object({ name: z.string(), age: z.number() });
const ada = { name: 'Ada', age: 36 };
const messages = [{ role: 'user' as const, content: 'Ada, 36' }];
const OPENAI_SCHEMA_400 =
  "Invalid schema for response_format 'response': In context=(), 'additionalProperties' is required to be supplied and to be false.";

describe('auto steps down when a provider rejects a mode', () => {
  let server: ScriptedServer;
  let client: LlmuxClient;
  useScriptedClient((s, c) => {
    server = s;
    client = c;
  });
  const kinds = (): string[] =>
    server.received.map(
      (r) =>
        (r.json.response_format?.type ??
          (r.json.output_config
            ? 'output_config'
            : r.json.tools
              ? 'tools'
              : r.json.messages.at(-1).role === 'assistant'
                ? 'prefill'
                : 'prompt')) as string,
    );

  it('OpenAI rejects the json_schema: the same call is served by a forced tool call', async () => {
    server.push(errorReply('openai', 400, OPENAI_SCHEMA_400), toolReply('openai', 'response', ada));
    const result = await completeObject({ model: 'openai/gpt-4o-mini', messages, schema: Person, client });
    assert.deepEqual(result.object, ada);
    assert.equal(result.mode, 'tools');
    assert.deepEqual(kinds(), ['json_schema', 'tools']);
    const [rejected, served] = result.attempts;
    assert.equal(rejected?.mode, 'json_schema');
    assert.equal(rejected?.raw, undefined);
    assert.ok(rejected?.rejection instanceof BadRequestError);
    assert.match(rejected!.issues[0]!.message, /rejected mode json_schema/);
    assert.deepEqual(served?.issues, []);
    // Only the answered attempt used tokens.
    assert.equal(result.usage.total_tokens, 30);
  });

  it('OpenRouter has no endpoint for the parameters (404): steps down too', async () => {
    server.push(
      errorReply('openrouter', 404, 'No endpoints found that can handle the requested parameters.'),
      toolReply('openrouter', 'response', ada),
    );
    const result = await completeObject({ model: 'openrouter/openai/gpt-4o', messages, schema: Person, client });
    assert.equal(result.mode, 'tools');
    assert.deepEqual(kinds(), ['json_schema', 'tools']);
  });

  it('Anthropic rejects tools, then structured outputs: JSON mode (a prefilled "{") serves', async () => {
    server.push(
      errorReply('anthropic', 400, 'tools: this model does not support tool use'),
      errorReply('anthropic', 400, "output_config.format: 'claude-3-haiku-20240307' does not support structured outputs"),
      textReply('anthropic', JSON.stringify(ada).slice(1)),
    );
    const result = await completeObject({ model: 'anthropic/claude-3-haiku-20240307', messages, schema: Person, client });
    assert.equal(result.mode, 'json');
    assert.deepEqual(result.object, ada);
    assert.deepEqual(kinds(), ['tools', 'output_config', 'prefill']);
    assert.deepEqual(
      result.attempts.map((a) => [a.mode, a.rejection?.status]),
      [
        ['tools', 400],
        ['json_schema', 400],
        ['json', undefined],
      ],
    );
  });

  it('a model the table says takes no prefill: after tools and structured outputs comes the prompt', async () => {
    server.push(
      errorReply('anthropic', 400, 'tools: this model does not support tool use'),
      errorReply('anthropic', 400, 'output_config.format: not supported'),
      textReply('anthropic', `Here you go: ${JSON.stringify(ada)}`),
    );
    const result = await completeObject({ model: 'anthropic/claude-opus-4-6', messages, schema: Person, client });
    assert.equal(result.mode, 'prompt');
    assert.deepEqual(result.object, ada);
    assert.deepEqual(kinds(), ['tools', 'output_config', 'prompt']);
  });

  it('a mode the caller chose is not stepped down from', async () => {
    server.push(errorReply('openai', 400, OPENAI_SCHEMA_400));
    await assert.rejects(
      completeObject({ model: 'openai/gpt-4o-mini', messages, schema: Person, mode: 'json_schema', client }),
      BadRequestError,
    );
    assert.equal(server.received.length, 1);
  });

  it('a 400 about something else, or a context window error, is thrown as it is', async () => {
    server.push(errorReply('openai', 400, "Invalid value for 'temperature': expected a number <= 2."));
    await assert.rejects(completeObject({ model: 'openai/gpt-4o-mini', messages, schema: Person, temperature: 5, client }), /temperature/);
    assert.equal(server.received.length, 1);
    server.received.length = 0;
    server.push({
      status: 400,
      body: JSON.stringify({
        error: {
          message:
            "This model's maximum context length is 128000 tokens. However, your messages resulted in 200000 tokens (response_format included).",
          type: 'invalid_request_error',
          code: 'context_length_exceeded',
        },
      }),
    });
    await assert.rejects(completeObject({ model: 'openai/gpt-4o-mini', messages, schema: Person, client }), ContextWindowExceededError);
    assert.equal(server.received.length, 1);
  });

  it('skips what the model table says the model cannot do', async () => {
    // deepseek-reasoner: no function calling; so after json_schema comes json, not tools.
    server.push(errorReply('openai', 400, 'This response_format type is unavailable now'), textReply('openai', JSON.stringify(ada)));
    const result = await completeObject({ model: 'deepseek/deepseek-reasoner', messages, schema: Person, client });
    assert.equal(result.mode, 'json');
    assert.deepEqual(kinds(), ['json_schema', 'json_object']);
    // groq llama-3.3: no response schema; auto starts with tools.
    server.received.length = 0;
    const groq = createClient({ providers: { groq: { baseURL: `${server.url}/v1`, apiKey: KEY } }, env: {} });
    server.push(toolReply('openai', 'response', ada));
    const viaGroq = await completeObject({ model: 'groq/llama-3.3-70b-versatile', messages, schema: Person, client: groq });
    groq.close();
    assert.equal(viaGroq.mode, 'tools');
    assert.deepEqual(kinds(), ['tools']);
  });

  it('steps down through a Router, whose model is a group', async () => {
    const router = new Router({
      deployments: [{ group: 'extract', model: 'openai/gpt-4o-mini', baseURL: `${server.url}/v1`, apiKey: KEY }],
      client: { env: {}, maxRetries: 0 },
    });
    server.push(errorReply('openai', 400, OPENAI_SCHEMA_400), toolReply('openai', 'response', ada));
    const result = await completeObject({ model: 'extract', messages, schema: Person, router });
    assert.equal(result.mode, 'tools');
    assert.deepEqual(result.object, ada);
    assert.equal(result.response.routing?.servedBy.model, 'openai/gpt-4o-mini');
    assert.deepEqual(kinds(), ['json_schema', 'tools']);
  });
});
