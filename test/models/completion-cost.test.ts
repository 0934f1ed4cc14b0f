import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { afterEach, describe, it } from 'node:test';
import { ConfigurationError } from '../../src/index.js';
import { completionCost, registerModel, resetModelTable } from '../../src/models/index.js';
import { createAnthropicStreamMapper } from '../../src/providers/anthropic/anthropic-stream.js';
import { mapAnthropicUsage } from '../../src/providers/anthropic/map-anthropic-usage.js';
import { createChunkAccumulator } from '../../src/stream/accumulate-chunks.js';
import type { Usage } from '../../src/base/types.js';
import { randomInt, seededRandom } from '../helpers/seeded-random.js';

type Raw = Record<string, number | string | boolean | undefined>;
const json = (path: string): unknown => JSON.parse(readFileSync(new URL(`../../../${path}`, import.meta.url), 'utf8'));
const priceMap = json('data/model_prices_and_context_window.json') as Record<string, Raw>;
const openrouter = (json('data/openrouter_models.json') as { data: { id: string; pricing: Record<string, string> }[] }).data;

const PROVIDERS: Record<string, string> = {
  openai: 'openai',
  anthropic: 'anthropic',
  groq: 'groq',
  deepseek: 'deepseek',
  xai: 'xai',
  mistral: 'mistral',
  together_ai: 'together',
  fireworks_ai: 'fireworks',
  gemini: 'gemini',
};

/**
 * The expected cost, written straight from litellm's field names: prompt tokens above a tier's
 * threshold use the `_above_<N>k_tokens` prices; cache reads and writes fall back to the input
 * price, reasoning to the output price.
 */
function expectedCost(raw: Raw, usage: { prompt: number; cached: number; written: number; completion: number; reasoning: number }): number {
  const price = (field: string): number | undefined => {
    let value = raw[field] as number | undefined;
    for (const k of [128, 200, 256, 272, 512]) {
      const tiered = raw[`${field}_above_${k}k_tokens`] as number | undefined;
      if (usage.prompt > k * 1000 && tiered !== undefined) value = tiered;
    }
    return value;
  };
  const input = price('input_cost_per_token')!;
  const output = price('output_cost_per_token')!;
  const read = price('cache_read_input_token_cost') ?? input;
  const write = price('cache_creation_input_token_cost') ?? input;
  const reasoning = (raw['output_cost_per_reasoning_token'] as number | undefined) ?? output;
  return (
    (usage.prompt - usage.cached - usage.written) * input +
    usage.cached * read +
    usage.written * write +
    (usage.completion - usage.reasoning) * output +
    usage.reasoning * reasoning
  );
}

const close = (actual: number | undefined, expected: number, what: string): void => {
  assert.ok(actual !== undefined, `${what}: no cost`);
  assert.ok(Math.abs(actual - expected) <= 1e-12 + Math.abs(expected) * 1e-9, `${what}: ${actual} != ${expected}`);
};

afterEach(() => resetModelTable());

describe('completionCost against the source price map', () => {
  // Every chat model of the served providers with an input and output price: a few hundred.
  const models = Object.entries(priceMap).filter(
    ([key, raw]) =>
      raw['mode'] === 'chat' &&
      PROVIDERS[String(raw['litellm_provider'])] !== undefined &&
      typeof raw['input_cost_per_token'] === 'number' &&
      typeof raw['output_cost_per_token'] === 'number' &&
      // Ids litellm lists both bare and prefixed are merged, the prefixed one winning: test that one.
      !(key.indexOf('/') < 0 && priceMap[`${String(raw['litellm_provider'])}/${key}`] !== undefined),
  );
  const idOf = (key: string, raw: Raw): string => {
    const provider = String(raw['litellm_provider']);
    return `${PROVIDERS[provider]}/${key.startsWith(`${provider}/`) ? key.slice(provider.length + 1) : key}`;
  };

  it(`prices ${models.length} models like the source says, cached reads and writes included`, () => {
    assert.ok(models.length > 300);
    const usage = { prompt: 12_000, cached: 3_000, written: 1_000, completion: 800, reasoning: 0 };
    for (const [key, raw] of models) {
      const cost = completionCost({
        model: idOf(key, raw),
        usage: {
          prompt_tokens: usage.prompt,
          completion_tokens: usage.completion,
          total_tokens: 12_800,
          prompt_tokens_details: { cached_tokens: usage.cached, cache_creation_tokens: usage.written },
        },
      });
      close(cost?.total, expectedCost(raw, usage), key);
      assert.equal(cost?.source, 'table');
    }
  });

  it('charges every token at the long-context prices above a tier threshold (Claude and Gemini above 200k)', () => {
    for (const key of ['claude-sonnet-4-5', 'gemini/gemini-2.5-pro', 'gpt-5.6']) {
      const raw = priceMap[key]!;
      for (const prompt of [150_000, 250_000, 300_000]) {
        const usage = { prompt, cached: 20_000, written: 0, completion: 4_000, reasoning: 0 };
        const cost = completionCost({
          model: idOf(key, raw),
          usage: { prompt_tokens: prompt, completion_tokens: 4_000, prompt_tokens_details: { cached_tokens: 20_000 } },
        });
        close(cost?.total, expectedCost(raw, usage), `${key} at ${prompt}`);
      }
    }
    const below = completionCost({ model: 'anthropic/claude-sonnet-4-5', usage: { prompt_tokens: 200_000, completion_tokens: 0 } })!;
    const above = completionCost({ model: 'anthropic/claude-sonnet-4-5', usage: { prompt_tokens: 200_001, completion_tokens: 0 } })!;
    assert.ok(above.total / 200_001 > (below.total / 200_000) * 1.9, 'the 200k tier doubles the input price');
  });

  it('splits reasoning tokens out of the completion, at their own price when the model has one', () => {
    const raw = priceMap['gemini/gemini-2.5-flash']!;
    const usage = { prompt: 1_000, cached: 0, written: 0, completion: 5_000, reasoning: 4_000 };
    const cost = completionCost({
      model: 'gemini/gemini-2.5-flash',
      usage: { prompt_tokens: 1_000, completion_tokens: 5_000, completion_tokens_details: { reasoning_tokens: 4_000 } },
    })!;
    close(cost.total, expectedCost(raw, usage), 'gemini-2.5-flash');
    close(cost.breakdown!.reasoning, 4_000 * (raw['output_cost_per_reasoning_token'] as number), 'reasoning part');
    close(cost.breakdown!.output, 1_000 * (raw['output_cost_per_token'] as number), 'output part');

    registerModel('openai/thinker', { inputCostPerToken: 1e-6, outputCostPerToken: 2e-6, reasoningCostPerToken: 8e-6 });
    const thinker = completionCost({
      model: 'openai/thinker',
      usage: { prompt_tokens: 100, completion_tokens: 1_000, completion_tokens_details: { reasoning_tokens: 600 } },
    })!;
    close(thinker.total, 100 * 1e-6 + 400 * 2e-6 + 600 * 8e-6, 'registered reasoning price');
  });

  it('charges Anthropic 1-hour cache writes at their own price', () => {
    const raw = priceMap['claude-sonnet-4-5']!;
    const usage: Usage = mapAnthropicUsage({
      input_tokens: 10,
      cache_creation_input_tokens: 5_000,
      cache_read_input_tokens: 2_000,
      output_tokens: 50,
      cache_creation: { ephemeral_5m_input_tokens: 3_000, ephemeral_1h_input_tokens: 2_000 },
    });
    const cost = completionCost({ model: 'anthropic/claude-sonnet-4-5', usage })!;
    const expected =
      10 * (raw['input_cost_per_token'] as number) +
      2_000 * (raw['cache_read_input_token_cost'] as number) +
      3_000 * (raw['cache_creation_input_token_cost'] as number) +
      2_000 * (raw['cache_creation_input_token_cost_above_1hr'] as number) +
      50 * (raw['output_cost_per_token'] as number);
    close(cost.total, expected, '1h cache');
  });

  it('shows 5-minute and 1-hour cache writes apart in the breakdown, reads at the read price (hand-computed)', () => {
    // claude-sonnet-4-5 per token: input $3e-6, cache read $3e-7, 5m write $3.75e-6, 1h write $6e-6, output $1.5e-5.
    const usage: Usage = mapAnthropicUsage({
      input_tokens: 10,
      cache_creation_input_tokens: 5_000,
      cache_read_input_tokens: 2_000,
      output_tokens: 50,
      cache_creation: { ephemeral_5m_input_tokens: 3_000, ephemeral_1h_input_tokens: 2_000 },
    });
    const cost = completionCost({ model: 'anthropic/claude-sonnet-4-5', usage })!;
    assert.deepEqual(cost.breakdown, {
      input: 0.00003, // 10 × 3e-6
      cachedInput: 0.0006, // 2,000 × 3e-7
      cacheWrite: 0.02325, // 0.01125 + 0.012
      cacheWriteByTtl: { '5m': 0.01125, '1h': 0.012 }, // 3,000 × 3.75e-6; 2,000 × 6e-6
      output: 0.00075, // 50 × 1.5e-5
      reasoning: 0,
    });
    assert.equal(cost.total, 0.02463);
  });

  it('without a 1-hour write price, charges 1-hour writes at the write price; no writes, no split', () => {
    registerModel('test-cache/no-1h', {
      inputCostPerToken: 1e-6,
      outputCostPerToken: 2e-6,
      cacheReadCostPerToken: 1e-7,
      cacheWriteCostPerToken: 1.25e-6,
    });
    const usage: Usage = {
      prompt_tokens: 1_000,
      completion_tokens: 0,
      total_tokens: 1_000,
      prompt_tokens_details: { cached_tokens: 0, cache_creation_tokens: 800, cache_creation_1h_tokens: 300 },
    };
    const cost = completionCost({ model: 'test-cache/no-1h', usage })!;
    assert.deepEqual(cost.breakdown, {
      input: 0.0002,
      cachedInput: 0,
      cacheWrite: 0.001,
      cacheWriteByTtl: { '5m': 0.000625, '1h': 0.000375 },
      output: 0,
      reasoning: 0,
    });
    assert.equal(
      completionCost({ model: 'test-cache/no-1h', usage: { prompt_tokens: 1_000, completion_tokens: 0, total_tokens: 1_000 } })!.breakdown!
        .cacheWriteByTtl,
      undefined,
    );
  });

  it('prices every iteration of a compacted Anthropic response (hand-computed)', () => {
    // 55,196 compaction + 181 message prompt tokens at $5e-6; 1,820 + 96 output tokens at $2.5e-5.
    const usage = mapAnthropicUsage(
      (json('test/__fixtures__/anthropic/compaction.message.json') as { usage: Parameters<typeof mapAnthropicUsage>[0] }).usage,
    );
    const cost = completionCost({ model: 'anthropic/claude-opus-4-6', usage })!;
    assert.equal(cost.breakdown!.input, 0.276885);
    assert.equal(cost.breakdown!.output, 0.0479);
    assert.equal(cost.total, 0.324785);
  });

  it('charges server-side web searches per request and shows them in the breakdown (hand-computed)', () => {
    // claude-sonnet-4-5: input $3e-6, output $1.5e-5, one web search $0.01.
    const usage = mapAnthropicUsage({
      input_tokens: 100,
      output_tokens: 20,
      server_tool_use: { web_search_requests: 3, web_fetch_requests: 1 },
    });
    assert.deepEqual(usage.server_tool_use, { web_search_requests: 3 });
    const cost = completionCost({ model: 'anthropic/claude-sonnet-4-5', usage })!;
    assert.deepEqual(cost.breakdown, { input: 0.0003, cachedInput: 0, cacheWrite: 0, output: 0.0003, reasoning: 0, webSearch: 0.03 });
    assert.equal(cost.total, 0.0306);
    // A model without a search price: the searches add nothing and are not shown as free.
    registerModel('test-search/unpriced', { inputCostPerToken: 3e-6, outputCostPerToken: 1.5e-5 });
    const unpriced = completionCost({ model: 'test-search/unpriced', usage })!;
    assert.equal(unpriced.total, 0.0006);
    assert.equal(unpriced.breakdown!.webSearch, undefined);
  });

  it('prices the web search of a recorded Anthropic stream (claude-sonnet-4-20250514, one search)', () => {
    const mapper = createAnthropicStreamMapper({ created: 1_750_000_000 });
    const accumulator = createChunkAccumulator('anthropic');
    const lines = readFileSync(
      new URL('../../../test/__fixtures__/recorded/anthropic/anthropic-web-search-tool.1.chunks.txt', import.meta.url),
      'utf8',
    )
      .trim()
      .split('\n');
    for (const line of lines) for (const chunk of mapper.push(JSON.parse(line))) accumulator.add(chunk);
    const response = accumulator.result();
    assert.deepEqual(response.usage?.server_tool_use, { web_search_requests: 1 });
    const cost = completionCost(response)!;
    // 15,665 × 3e-6 = 0.046995; 795 × 1.5e-5 = 0.011925; 1 × 0.01.
    assert.equal(cost.breakdown!.webSearch, 0.01);
    assert.equal(cost.total, 0.06892);
  });

  it('uses flex and priority prices for those service tiers', () => {
    const raw = priceMap['gpt-5-mini']!;
    const usage = { prompt_tokens: 10_000, completion_tokens: 1_000 };
    for (const tier of ['flex', 'priority'] as const) {
      const cost = completionCost({ model: 'gpt-5-mini', usage, service_tier: tier })!;
      close(
        cost.total,
        10_000 * (raw[`input_cost_per_token_${tier}`] as number) + 1_000 * (raw[`output_cost_per_token_${tier}`] as number),
        tier,
      );
    }
    close(
      completionCost({ model: 'gpt-5-mini', usage, service_tier: 'default' })!.total,
      expectedCost(raw, { prompt: 10_000, cached: 0, written: 0, completion: 1_000, reasoning: 0 }),
      'default',
    );
  });

  it("prices OpenRouter models from OpenRouter's own list", () => {
    for (const model of openrouter.filter((m) => Number(m.pricing['prompt']) > 0).slice(0, 50)) {
      const cost = completionCost({ model: `openrouter/${model.id}`, usage: { prompt_tokens: 2_000, completion_tokens: 300 } });
      close(cost?.total, 2_000 * Number(model.pricing['prompt']) + 300 * Number(model.pricing['completion']), model.id);
    }
  });
});

describe('completionCost from responses', () => {
  it('prices a recorded Anthropic response by its dated model id', () => {
    const message = json('test/__fixtures__/recorded/anthropic/anthropic-text.json') as {
      model: string;
      usage: Parameters<typeof mapAnthropicUsage>[0];
    };
    const cost = completionCost({ model: message.model, provider: 'anthropic', usage: mapAnthropicUsage(message.usage) })!;
    const raw = priceMap[message.model] ?? priceMap['claude-sonnet-4-5']!;
    close(cost.total, 12 * (raw['input_cost_per_token'] as number) + 29 * (raw['output_cost_per_token'] as number), message.model);
    assert.equal(cost.model, `anthropic/${message.model}`);
  });

  it("prices recorded OpenAI stream usage (the provider's dated model id)", () => {
    const lines = readFileSync(new URL('../../../test/__fixtures__/recorded/openai/openai-text.chunks.txt', import.meta.url), 'utf8')
      .trim()
      .split('\n');
    const last = lines.map((l) => JSON.parse(l) as { model: string; usage?: Usage }).find((c) => c.usage)!;
    const cost = completionCost({ model: last.model, provider: 'openai', usage: last.usage ?? null })!;
    const raw = priceMap[last.model]!;
    close(cost.total, 16 * (raw['input_cost_per_token'] as number) + 300 * (raw['output_cost_per_token'] as number), last.model);
  });

  it("keeps a provider-reported cost (OpenRouter) as the total, with the table's breakdown beside it", () => {
    const response = json('test/__fixtures__/openrouter/reasoning.response.json') as { model: string; usage: Usage };
    const cost = completionCost({ ...response, provider: 'openrouter' })!;
    assert.equal(cost.source, 'provider');
    assert.equal(cost.total, response.usage.cost);
    const unknown = completionCost({ model: 'openrouter/some/new-model', usage: { prompt_tokens: 1, completion_tokens: 1, cost: 0.5 } })!;
    assert.deepEqual(unknown, { total: 0.5, currency: 'USD', source: 'provider' });
  });

  it('is undefined without usage or for an unpriced model, and strict says which model', () => {
    assert.equal(completionCost({ model: 'gpt-4o' }), undefined);
    assert.equal(completionCost({ model: 'vllm/my-model', usage: { prompt_tokens: 5, completion_tokens: 5 } }), undefined);
    assert.throws(() => completionCost({ model: 'vllm/my-model', usage: { prompt_tokens: 5 } }, { strict: true }), ConfigurationError);
    assert.equal(completionCost({ model: 'ollama/llama3.1', usage: { prompt_tokens: 5, completion_tokens: 5 } })?.total, 0);
  });

  it('rounds the total and every part to 12 significant digits, dropping float noise no price has', () => {
    // 1000 × 2.5e-6 + 200 × 1e-5 is 0.0045000000000000005 in binary floating point.
    const cost = completionCost({ model: 'openai/gpt-4o', usage: { prompt_tokens: 1000, completion_tokens: 200 } })!;
    assert.equal(cost.total, 0.0045);
    assert.equal(String(cost.total), '0.0045');
    assert.equal(cost.breakdown!.input, 0.0025);
    assert.equal(cost.breakdown!.output, 0.002);
    // Cache reads, input and output at small rates: 3.3e-7 + 3.3e-8 + 2.1e-7 sums to 5.730000000000001e-7 unrounded.
    registerModel('vllm/noisy', { inputCostPerToken: 1.1e-7, outputCostPerToken: 7e-8, cacheReadCostPerToken: 1.1e-8 });
    const noisy = completionCost({
      model: 'vllm/noisy',
      usage: { prompt_tokens: 6, completion_tokens: 3, prompt_tokens_details: { cached_tokens: 3 } },
    })!;
    for (const value of [noisy.total, ...Object.values(noisy.breakdown!)])
      assert.equal(value, Number(value.toPrecision(12)), `${value} carries float noise`);
    assert.equal(noisy.total, 5.73e-7);
  });

  it('never returns negative or NaN parts for inconsistent usage', () => {
    const cost = completionCost({
      model: 'gpt-4o',
      usage: {
        prompt_tokens: 10,
        completion_tokens: 5,
        prompt_tokens_details: { cached_tokens: 50 },
        completion_tokens_details: { reasoning_tokens: 9 },
      },
    })!;
    for (const value of Object.values(cost.breakdown!)) assert.ok(Number.isFinite(value) && value >= 0);
  });

  it('prices a model seen before at the prices in force now: a registration or a reset is not hidden by a memo', () => {
    const usage = { prompt_tokens: 1000, completion_tokens: 100 };
    const asked = { model: 'priced-twice-1', provider: 'vllm', usage };
    assert.equal(completionCost(asked), undefined);
    registerModel('vllm/priced-twice-1', { inputCostPerToken: 1e-6, outputCostPerToken: 2e-6 });
    assert.equal(completionCost(asked)?.total, 0.0012);
    registerModel('vllm/priced-twice-1', { inputCostPerToken: 3e-6 });
    assert.equal(completionCost(asked)?.total, 0.0032);
    assert.equal(completionCost({ model: 'vllm/priced-twice-1', usage })?.total, 0.0032);
    resetModelTable();
    assert.equal(completionCost(asked), undefined);
  });

  it('rounds every figure to the double nearest its 12-significant-digit decimal, for any token counts', () => {
    const rates = [1.5e-7, 6e-7, 2.5e-6, 1e-5, 1.1e-7, 7e-8, 3.75e-6, 4.4e-7, 3.3e-8, 1.23456789e-6];
    const random = seededRandom(7);
    const next = (limit: number): number => randomInt(random, 0, limit - 1);
    for (let i = 0; i < 20000; i++) {
      const input = rates[i % rates.length]!;
      const output = rates[(i * 7 + 3) % rates.length]!;
      registerModel('vllm/rounding', { inputCostPerToken: input, outputCostPerToken: output });
      const prompt = next(i % 4 === 0 ? 3_000_000 : 20_000);
      const completion = next(50_000);
      const cost = completionCost({ model: 'vllm/rounding', usage: { prompt_tokens: prompt, completion_tokens: completion } })!;
      const twelve = (usd: number): number => (usd === 0 ? 0 : Number(usd.toPrecision(12)));
      assert.equal(cost.breakdown!.input, twelve(prompt * input), `input of ${prompt} at ${input}`);
      assert.equal(cost.breakdown!.output, twelve(completion * output), `output of ${completion} at ${output}`);
      assert.equal(cost.total, twelve(prompt * input + completion * output), `total of ${prompt} and ${completion}`);
    }
  });
});
