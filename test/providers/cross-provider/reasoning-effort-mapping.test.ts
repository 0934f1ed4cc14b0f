// One reasoning scale: every level x provider family, as the local server receives it, and the
// warning on the response (and to onWarning) whenever a level was moved to fit the model.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  ConfigurationError,
  type LlmuxClient,
  type LlmuxWarning,
  type ReasoningEffort,
  type WarningEvent,
  createClient,
} from '../../../src/index.js';
import { type MockServer, startMockServer } from '../../../src/mock-server/index.js';
import { Router } from '../../../src/router/index.js';
import { sse, startScriptedServer } from '../../helpers/scripted-server.js';

const LEVELS: ReasoningEffort[] = ['none', 'minimal', 'low', 'medium', 'high', 'xhigh', 'max'];
const messages = [{ role: 'user' as const, content: 'Think about it' }];

/** What the server should receive for one level, and the level reported as used (undefined: no warning). */
interface Expected {
  fields: Record<string, unknown>;
  /** The level llmux reports it sent instead, when it had to change it. */
  used?: string;
}

describe('reasoning_effort on every provider family', () => {
  let server: MockServer;
  let client: LlmuxClient;
  before(async () => {
    server = await startMockServer();
    client = createClient({
      env: {},
      providers: {
        openai: { baseURL: server.openaiBaseURL, apiKey: 'k' },
        anthropic: { baseURL: server.anthropicBaseURL, apiKey: 'k' },
        openrouter: { baseURL: server.openaiBaseURL, apiKey: 'k' },
        gemini: { baseURL: server.openaiBaseURL, apiKey: 'k' },
      },
    });
  });
  after(async () => {
    client.close();
    await server.close();
  });

  /** Sends each level to `model` (max_tokens set, so only reasoning fields vary) and checks body and warnings. */
  async function check(
    model: string,
    pick: (body: Record<string, unknown>) => Record<string, unknown>,
    expected: Record<ReasoningEffort, Expected>,
  ): Promise<void> {
    for (const level of LEVELS) {
      const before = server.requests.length;
      const response = await client.complete({ model, messages, max_tokens: 100000, reasoning_effort: level });
      const body = server.requests[before]!.body as Record<string, unknown>;
      const want = expected[level];
      assert.deepEqual(pick(body), want.fields, `${model} ${level}: body`);
      const warnings: LlmuxWarning[] | undefined =
        want.used === undefined
          ? undefined
          : [{ code: 'reasoning_effort_adjusted', message: response.warnings?.[0]?.message ?? '', requested: level, used: want.used }];
      assert.deepEqual(response.warnings, warnings, `${model} ${level}: warnings`);
      if (want.used !== undefined) assert.match(response.warnings![0]!.message, new RegExp(`"${level}"`));
    }
  }

  const anthropicFields = (body: Record<string, unknown>) => {
    const out: Record<string, unknown> = {};
    for (const key of ['thinking', 'output_config', 'reasoning_effort']) if (key in body) out[key] = body[key];
    return out;
  };
  const adaptive = (effort: string) => ({ thinking: { type: 'adaptive' }, output_config: { effort } });
  const budget = (tokens: number) => ({ thinking: { type: 'enabled', budget_tokens: tokens } });

  it('Anthropic adaptive thinking (claude-opus-4-7: xhigh and max): thinking adaptive + output_config.effort, no budget', async () => {
    await check('anthropic/claude-opus-4-7', anthropicFields, {
      none: { fields: {} },
      minimal: { fields: adaptive('low'), used: 'low' },
      low: { fields: adaptive('low') },
      medium: { fields: adaptive('medium') },
      high: { fields: adaptive('high') },
      xhigh: { fields: adaptive('xhigh') },
      max: { fields: adaptive('max') },
    });
  });

  it('Anthropic adaptive thinking without xhigh (claude-sonnet-4-6): xhigh is lowered to high', async () => {
    await check('anthropic/claude-sonnet-4-6', anthropicFields, {
      none: { fields: {} },
      minimal: { fields: adaptive('low'), used: 'low' },
      low: { fields: adaptive('low') },
      medium: { fields: adaptive('medium') },
      high: { fields: adaptive('high') },
      xhigh: { fields: adaptive('high'), used: 'high' },
      max: { fields: adaptive('max') },
    });
  });

  it('Anthropic budget thinking (claude-sonnet-4-5): a budget per level, xhigh and max lowered to high', async () => {
    await check('anthropic/claude-sonnet-4-5', anthropicFields, {
      none: { fields: {} },
      minimal: { fields: budget(1024) },
      low: { fields: budget(1024) },
      medium: { fields: budget(4096) },
      high: { fields: budget(16384) },
      xhigh: { fields: budget(16384), used: 'high' },
      max: { fields: budget(16384), used: 'high' },
    });
  });

  it('Anthropic model that cannot think (claude-3-haiku): no thinking sent, a warning instead of a throw', async () => {
    await check('anthropic/claude-3-haiku-20240307', anthropicFields, {
      none: { fields: {} },
      minimal: { fields: {}, used: 'none' },
      low: { fields: {}, used: 'none' },
      medium: { fields: {}, used: 'none' },
      high: { fields: {}, used: 'none' },
      xhigh: { fields: {}, used: 'none' },
      max: { fields: {}, used: 'none' },
    });
  });

  it('Anthropic model the table does not know: the level as asked (a budget each)', async () => {
    await check('anthropic/claude-next-unknown', anthropicFields, {
      none: { fields: {} },
      minimal: { fields: budget(1024) },
      low: { fields: budget(1024) },
      medium: { fields: budget(4096) },
      high: { fields: budget(16384) },
      xhigh: { fields: budget(32768) },
      max: { fields: budget(65536) },
    });
  });

  const openaiFields = (body: Record<string, unknown>) =>
    'reasoning_effort' in body ? { reasoning_effort: body['reasoning_effort'] } : {};
  const effort = (level: string) => ({ reasoning_effort: level });

  it('OpenAI gpt-5.2 (none, minimal and xhigh, no max): max is lowered to xhigh', async () => {
    await check('openai/gpt-5.2', openaiFields, {
      none: { fields: effort('none') },
      minimal: { fields: effort('minimal') },
      low: { fields: effort('low') },
      medium: { fields: effort('medium') },
      high: { fields: effort('high') },
      xhigh: { fields: effort('xhigh') },
      max: { fields: effort('xhigh'), used: 'xhigh' },
    });
  });

  it('OpenAI gpt-5 (minimal, no none, no xhigh): none is raised to minimal, xhigh and max lowered to high', async () => {
    await check('openai/gpt-5', openaiFields, {
      none: { fields: effort('minimal'), used: 'minimal' },
      minimal: { fields: effort('minimal') },
      low: { fields: effort('low') },
      medium: { fields: effort('medium') },
      high: { fields: effort('high') },
      xhigh: { fields: effort('high'), used: 'high' },
      max: { fields: effort('high'), used: 'high' },
    });
  });

  it('OpenAI o3 (low, medium, high only)', async () => {
    await check('openai/o3', openaiFields, {
      none: { fields: effort('low'), used: 'low' },
      minimal: { fields: effort('low'), used: 'low' },
      low: { fields: effort('low') },
      medium: { fields: effort('medium') },
      high: { fields: effort('high') },
      xhigh: { fields: effort('high'), used: 'high' },
      max: { fields: effort('high'), used: 'high' },
    });
  });

  it('OpenAI gpt-4o (no reasoning): the field is left out, with a warning unless none was asked', async () => {
    const dropped = { fields: {}, used: 'none' };
    await check('openai/gpt-4o', openaiFields, {
      none: { fields: {} },
      minimal: dropped,
      low: dropped,
      medium: dropped,
      high: dropped,
      xhigh: dropped,
      max: dropped,
    });
  });

  it('an OpenAI-compatible server (Gemini): none to high as asked (the table records only that the model reasons), xhigh and max lowered to high', async () => {
    await check('gemini/gemini-2.5-flash', openaiFields, {
      none: { fields: effort('none') },
      minimal: { fields: effort('minimal') },
      low: { fields: effort('low') },
      medium: { fields: effort('medium') },
      high: { fields: effort('high') },
      xhigh: { fields: effort('high'), used: 'high' },
      max: { fields: effort('high'), used: 'high' },
    });
  });

  it('OpenAI model the table does not know: every level as asked', async () => {
    const asked = Object.fromEntries(LEVELS.map((level) => [level, { fields: effort(level) }])) as unknown as Record<
      ReasoningEffort,
      Expected
    >;
    await check('openai/house-model-unknown', openaiFields, asked);
  });

  it('OpenRouter: reasoning.effort as asked (OpenRouter maps every level itself), no reasoning_effort field', async () => {
    const pick = (body: Record<string, unknown>) => ({ reasoning: body['reasoning'], reasoning_effort: body['reasoning_effort'] });
    const asked = Object.fromEntries(
      LEVELS.map((level) => [level, { fields: { reasoning: { effort: level }, reasoning_effort: undefined } }]),
    ) as unknown as Record<ReasoningEffort, Expected>;
    await check('openrouter/anthropic/claude-opus-4.6', pick, asked);
  });

  it('a streamed call sends the same fitted level, puts the warning on finalResponse() and reports it to onWarning', async () => {
    const seen: WarningEvent[] = [];
    const before = server.requests.length;
    const stream = client.stream(
      { model: 'openai/o3', messages, reasoning_effort: 'max' },
      { callbacks: { onWarning: (event) => void seen.push(event) } },
    );
    const response = await stream.finalResponse();
    assert.equal((server.requests[before]!.body as Record<string, unknown>)['reasoning_effort'], 'high');
    assert.deepEqual(
      response.warnings?.map((w) => [w.code, w.requested, w.used]),
      [['reasoning_effort_adjusted', 'max', 'high']],
    );
    assert.equal(seen.length, 1);
    assert.deepEqual(seen[0]!.warning, response.warnings![0]);
    assert.equal(seen[0]!.provider, 'openai');
    // complete() reports it too, once per call.
    const completed: WarningEvent[] = [];
    await client.complete(
      { model: 'anthropic/claude-sonnet-4-5', messages, max_tokens: 100000, reasoning_effort: 'xhigh' },
      { callbacks: { onWarning: (event) => void completed.push(event) } },
    );
    assert.deepEqual(
      completed.map((e) => [e.warning.requested, e.warning.used]),
      [['xhigh', 'high']],
    );
  });

  it('a level off the scale is refused before sending', async () => {
    const before = server.requests.length;
    await assert.rejects(
      client.complete({ model: 'openai/o3', messages, reasoning_effort: 'extreme' as never }),
      (error: unknown) =>
        error instanceof ConfigurationError && /reasoning_effort.*none, minimal, low, medium, high, xhigh, max/.test(error.message),
    );
    assert.equal(server.requests.length, before);
  });

  it('Anthropic thinking constraints hold for adaptive thinking: temperature and a forced tool are refused before sending', async () => {
    const before = server.requests.length;
    const tools = [{ type: 'function' as const, function: { name: 'f', parameters: { type: 'object' } } }];
    await assert.rejects(
      client.complete({ model: 'anthropic/claude-opus-4-7', messages, reasoning_effort: 'high', temperature: 0.2 }),
      (error: unknown) => error instanceof ConfigurationError && /temperature 1/.test(error.message),
    );
    await assert.rejects(
      client.complete({ model: 'anthropic/claude-opus-4-7', messages, reasoning_effort: 'low', tools, tool_choice: 'required' }),
      (error: unknown) => error instanceof ConfigurationError && /forces a tool/.test(error.message),
    );
    // The same constraints hold for adaptive thinking asked for in extra_body.
    await assert.rejects(
      client.complete({ model: 'anthropic/claude-opus-4-7', messages, temperature: 0.2, extra_body: { thinking: { type: 'adaptive' } } }),
      ConfigurationError,
    );
    assert.equal(server.requests.length, before);
    // none turns thinking off, so the temperature is fine.
    await client.complete({ model: 'anthropic/claude-opus-4-7', messages, reasoning_effort: 'none', temperature: 0.2 });
    assert.equal((server.requests[before]!.body as Record<string, unknown>)['temperature'], 0.2);
  });

  it("through a Router, the warning is on the response and reaches the router's onWarning, streamed or whole", async () => {
    const seen: WarningEvent[] = [];
    const router = new Router({
      deployments: [{ group: 'thinker', model: 'openai/o3', baseURL: server.openaiBaseURL, apiKey: 'k' }],
      client: { env: {} },
      callbacks: { onWarning: (event) => void seen.push(event) },
    });
    try {
      const whole = await router.complete({ model: 'thinker', messages, reasoning_effort: 'minimal' });
      const streamed = await router.stream({ model: 'thinker', messages, reasoning_effort: 'minimal' }).finalResponse();
      for (const response of [whole, streamed])
        assert.deepEqual(
          response.warnings?.map((w) => [w.requested, w.used]),
          [['minimal', 'low']],
        );
      assert.deepEqual(
        seen.map((e) => [e.group, e.warning.used]),
        [
          ['thinker', 'low'],
          ['thinker', 'low'],
        ],
      );
    } finally {
      await router.close();
    }
  });

  it('a server cannot add warnings: a warnings field in its body or chunks is not passed on', async () => {
    const forged = [{ code: 'reasoning_effort_adjusted', message: 'forged' }];
    const completion = {
      id: 'c',
      object: 'chat.completion',
      created: 1,
      model: 'm',
      warnings: forged,
      choices: [{ index: 0, message: { role: 'assistant', content: 'ok' }, finish_reason: 'stop' }],
    };
    const chunk = {
      id: 'c',
      object: 'chat.completion.chunk',
      created: 1,
      model: 'm',
      warnings: forged,
      choices: [{ index: 0, delta: { content: 'ok' }, finish_reason: 'stop' }],
    };
    const scripted = await startScriptedServer(
      { body: JSON.stringify(completion) },
      { headers: { 'content-type': 'text/event-stream' }, body: sse([chunk]) },
    );
    const own = createClient({ env: {}, providers: { vllm: { baseURL: `${scripted.url}/v1` } } });
    try {
      assert.equal((await own.complete({ model: 'vllm/m', messages })).warnings, undefined);
      assert.equal((await own.stream({ model: 'vllm/m', messages }).finalResponse()).warnings, undefined);
    } finally {
      own.close();
      await scripted.close();
    }
  });
});
