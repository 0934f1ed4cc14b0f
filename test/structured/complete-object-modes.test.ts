/**
 * Every mode on the OpenAI, Anthropic and OpenRouter wires: what each mode sends, and the
 * object read back from what the provider answers. Scripted local servers answer as the real
 * APIs would; the llmux mock server answers the modes it can act out (json_schema, tools),
 * json_schema on the Anthropic wire through `output_config.format`.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { z } from 'zod';
import type { LlmuxClient } from '../../src/index.js';
import { startMockServer, type MockServer } from '../../src/mock-server/index.js';
import { completeObject } from '../../src/structured/index.js';
import type { ScriptedServer } from '../helpers/scripted-server.js';
import { WIRES, clientFor, textReply, toolReply, useScriptedClient } from './structured-test-support.js';

const Person = z.object({ name: z.string(), age: z.number().int().nonnegative(), tags: z.array(z.string()) });
const ada = { name: 'Ada', age: 36, tags: ['math'] };
const messages = [{ role: 'user' as const, content: 'Ada Lovelace, 36, mathematician' }];

/** The system prompt as each wire carries it. */
function systemText(wire: string, body: Record<string, any>): string {
  if (wire === 'anthropic') return typeof body['system'] === 'string' ? body['system'] : JSON.stringify(body['system'] ?? '');
  const system = (body['messages'] as { role: string; content: string }[]).find((m) => m.role === 'system');
  return system?.content ?? '';
}

for (const { wire, model, path } of WIRES) {
  describe(`completeObject on the ${wire} wire`, () => {
    let server: ScriptedServer;
    let client: LlmuxClient;
    useScriptedClient((s, c) => {
      server = s;
      client = c;
    });

    const sent = (): Record<string, any> => {
      assert.equal(server.received.length, 1, 'one request');
      assert.equal(server.received[0]!.url, path);
      return server.received[0]!.json;
    };

    it('json_schema: asks for the schema as structured output and returns the validated object', async () => {
      server.push(textReply(wire, JSON.stringify(ada)));
      const result = await completeObject({ model, messages, schema: Person, mode: 'json_schema', name: 'person', client });
      assert.deepEqual(result.object, ada);
      assert.equal(result.mode, 'json_schema');
      const body = sent();
      const expectedSchema = {
        type: 'object',
        properties: {
          name: { type: 'string' },
          age: { type: 'integer', minimum: 0, maximum: Number.MAX_SAFE_INTEGER },
          tags: { type: 'array', items: { type: 'string' } },
        },
        required: ['name', 'age', 'tags'],
        additionalProperties: false,
      };
      if (wire === 'anthropic') {
        // Anthropic's structured outputs (GA form: output_config.format, no beta header); the
        // bounds it refuses move into the description (the validator still enforces them).
        const anthropicSchema = structuredClone(expectedSchema) as Record<string, any>;
        anthropicSchema['properties'].age = {
          type: 'integer',
          description: `Constraints: {"minimum":0,"maximum":${Number.MAX_SAFE_INTEGER}}`,
        };
        assert.deepEqual(body['output_config'], { format: { type: 'json_schema', schema: anthropicSchema } });
        assert.equal(body['response_format'], undefined);
        assert.equal(server.received[0]!.headers['anthropic-beta'], undefined);
      } else {
        assert.deepEqual(body['response_format'], {
          type: 'json_schema',
          json_schema: { name: 'person', schema: expectedSchema, strict: true },
        });
      }
      if (wire === 'openrouter')
        assert.deepEqual(body['provider'], { require_parameters: true }, 'OpenRouter only routes to providers that honour response_format');
      else assert.equal(body['provider'], undefined);
      assert.equal(body['tools'], undefined);
    });

    it('tools: forces one tool whose parameters are the schema, and reads its arguments', async () => {
      server.push(toolReply(wire, 'person', ada));
      const result = await completeObject({
        model,
        messages,
        schema: Person,
        mode: 'tools',
        name: 'person',
        description: 'A person',
        client,
      });
      assert.deepEqual(result.object, ada);
      assert.equal(result.mode, 'tools');
      const body = sent();
      const parameters = {
        type: 'object',
        properties: {
          name: { type: 'string' },
          age: { type: 'integer', minimum: 0, maximum: Number.MAX_SAFE_INTEGER },
          tags: { type: 'array', items: { type: 'string' } },
        },
        required: ['name', 'age', 'tags'],
      };
      if (wire === 'anthropic') {
        assert.deepEqual(body['tools'], [{ name: 'person', description: 'A person', input_schema: parameters }]);
        assert.deepEqual(body['tool_choice'], { type: 'tool', name: 'person' });
      } else {
        assert.deepEqual(body['tools'], [{ type: 'function', function: { name: 'person', description: 'A person', parameters } }]);
        assert.deepEqual(body['tool_choice'], { type: 'function', function: { name: 'person' } });
      }
      assert.equal(body['response_format'], undefined);
    });

    if (wire === 'anthropic') {
      it('json: the schema in the system prompt and the answer prefilled with "{", put back before parsing', async () => {
        // Anthropic continues the prefilled turn: the text it sends lacks the brace.
        server.push(textReply(wire, JSON.stringify(ada).slice(1)));
        const result = await completeObject({ model, messages, schema: Person, mode: 'json', client });
        assert.deepEqual(result.object, ada);
        assert.equal(result.mode, 'json');
        assert.equal(result.attempts[0]!.raw, JSON.stringify(ada), 'the raw answer has its brace back');
        const body = sent();
        assert.match(
          systemText(wire, body),
          /^Answer with only a JSON object that matches the JSON Schema below[^]*JSON Schema \(response\):\n\{"type":"object","properties":\{"name":\{"type":"string"\}/,
        );
        assert.deepEqual(body['messages'], [
          { role: 'user', content: messages[0]!.content },
          { role: 'assistant', content: '{' },
        ]);
        assert.equal(body['response_format'], undefined);
        assert.equal(body['output_config'], undefined);
        assert.equal(body['tools'], undefined);
      });
    } else {
      it('json: json_object with the schema in a system message', async () => {
        server.push(textReply(wire, JSON.stringify(ada)));
        const result = await completeObject({ model, messages, schema: Person, mode: 'json', client });
        assert.deepEqual(result.object, ada);
        assert.equal(result.mode, 'json');
        const body = sent();
        assert.deepEqual(body['response_format'], { type: 'json_object' });
        assert.match(systemText(wire, body), /JSON Schema \(response\):\n\{"type":"object","properties":\{"name":\{"type":"string"\}/);
        assert.deepEqual(body['messages'].at(-1), messages[0], "the caller's messages follow");
      });
    }

    it('prompt: the schema in a system message, the JSON found in prose and code fences', async () => {
      server.push(textReply(wire, `Sure! Here it is:\n\n\`\`\`json\n${JSON.stringify(ada, null, 2)}\n\`\`\`\nAnything else?`));
      const result = await completeObject({ model, messages, schema: Person, mode: 'prompt', client });
      assert.deepEqual(result.object, ada);
      assert.equal(result.mode, 'prompt');
      const body = sent();
      assert.equal(body['response_format'], undefined);
      assert.equal(body['output_config'], undefined);
      assert.equal(body['tools'], undefined);
      assert.match(systemText(wire, body), /Answer with only a JSON object that matches the JSON Schema below/);
      if (wire === 'anthropic') assert.equal(body['messages'].at(-1).role, 'user', 'no prefill in prompt mode');
    });

    it('auto: picks by the model table (tools on Anthropic, json_schema elsewhere) and says so', async () => {
      server.push(wire === 'anthropic' ? toolReply(wire, 'response', ada) : textReply(wire, JSON.stringify(ada)));
      const result = await completeObject({ model, messages, schema: Person, client });
      assert.equal(result.mode, wire === 'anthropic' ? 'tools' : 'json_schema');
      assert.deepEqual(result.object, ada);
      assert.deepEqual(
        result.attempts.map((a) => [a.mode, a.issues.length]),
        [[result.mode, 0]],
      );
      const body = sent();
      assert.equal(
        wire === 'anthropic' ? body['tool_choice']?.name : body['response_format']?.type,
        wire === 'anthropic' ? 'response' : 'json_schema',
      );
    });

    it('wraps a schema whose root is not an object, and unwraps the answer', async () => {
      const Tags = z.array(z.string());
      server.push(textReply(wire, JSON.stringify({ value: ['a', 'b'] })));
      const viaSchema = await completeObject({ model, messages, schema: Tags, mode: 'json_schema', client });
      assert.deepEqual(viaSchema.object, ['a', 'b']);
      server.push(toolReply(wire, 'response', { value: ['c'] }));
      const viaTool = await completeObject({ model, messages, schema: Tags, mode: 'tools', client });
      assert.deepEqual(viaTool.object, ['c']);
      const params = (b: Record<string, any>): unknown =>
        wire === 'anthropic' ? b['tools'][0].input_schema : b['tools'][0].function.parameters;
      assert.deepEqual(params(server.received[1]!.json), {
        type: 'object',
        properties: { value: { type: 'array', items: { type: 'string' } } },
        required: ['value'],
        additionalProperties: false,
      });
    });

    it("keeps the caller's request fields and headers", async () => {
      server.push(textReply(wire, JSON.stringify(ada)));
      await completeObject({
        model,
        messages,
        schema: Person,
        mode: 'prompt',
        temperature: 0.1,
        max_tokens: 300,
        extra_headers: { 'x-trace': 't-9' },
        client,
      });
      const body = sent();
      assert.equal(body['temperature'], 0.1);
      assert.equal(body['max_tokens'], 300);
      assert.equal(server.received[0]!.headers['x-trace'], 't-9');
    });
  });
}

describe('completeObject against the llmux mock server', () => {
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

  // The mock answers json_schema and forced tool calls by sampling the schema; strings come back
  // as "example" and integers within their bounds.
  const cases = [
    ['anthropic/claude-sonnet-4-5', 'json_schema'],
    ['openai/gpt-4o-mini', 'json_schema'],
    ['openai/gpt-4o-mini', 'tools'],
    ['openai/gpt-4o-mini', 'auto'],
    ['openrouter/openai/gpt-4o', 'json_schema'],
    ['openrouter/openai/gpt-4o', 'tools'],
    ['openrouter/openai/gpt-4o', 'auto'],
    ['anthropic/claude-sonnet-4-5', 'tools'],
    ['anthropic/claude-sonnet-4-5', 'auto'],
  ] as const;
  for (const [model, mode] of cases) {
    it(`${model} in mode ${mode}`, async () => {
      const before = server.requests.length;
      const result = await completeObject({ model, messages, schema: Person, mode, client });
      assert.equal(Person.safeParse(result.object).success, true);
      assert.equal(result.object.name, 'example');
      assert.equal(result.mode, mode !== 'auto' ? mode : model.startsWith('anthropic/') ? 'tools' : 'json_schema');
      assert.equal(server.requests.length, before + 1);
      assert.ok(result.usage.total_tokens > 0);
      assert.ok(result.cost !== undefined && result.cost.total > 0, 'priced from the model table');
      const sentBody = server.requests.at(-1)!.body as Record<string, any>;
      if (model.startsWith('anthropic/') && mode === 'json_schema') {
        // The mock read the schema from output_config.format (no beta output_format, no tools).
        assert.equal(sentBody['output_config']?.format?.type, 'json_schema');
        assert.equal(sentBody['output_format'], undefined);
        assert.equal(sentBody['tools'], undefined);
        assert.deepEqual(
          result.attempts.map((a) => a.issues),
          [[]],
        );
      }
    });
  }
});
