import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, it } from 'node:test';
import { ConfigurationError } from '../../src/index.js';
import {
  getModelInfo,
  importPriceMap,
  listModels,
  loadModelTable,
  modelTableSource,
  registerModel,
  resetModelTable,
  supportsFunctionCalling,
  supportsPromptCaching,
  supportsReasoning,
  supportsResponseSchema,
  supportsVision,
} from '../../src/models/index.js';
import { decodeModelRow, encodeModelRow } from '../../src/models/model-table-format.js';
import { MODEL_TABLE_SHARDS } from '../../src/models/model-table-data.js';

const data = (name: string): Record<string, unknown> => JSON.parse(readFileSync(new URL(`../../../data/${name}`, import.meta.url), 'utf8'));

afterEach(() => resetModelTable());

describe('model lookup', () => {
  const cases: [string, string][] = [
    ['openai/gpt-4o', 'openai/gpt-4o'],
    ['gpt-4o', 'openai/gpt-4o'],
    ['gpt-4o-2024-08-06', 'openai/gpt-4o-2024-08-06'],
    ['GPT-4o', 'openai/gpt-4o'],
    ['anthropic/claude-sonnet-4-5', 'anthropic/claude-sonnet-4-5'],
    ['claude-sonnet-4-5-20250929', 'anthropic/claude-sonnet-4-5-20250929'],
    ['anthropic/claude-sonnet-4.5', 'anthropic/claude-sonnet-4-5'],
    ['openrouter/anthropic/claude-sonnet-4.5', 'openrouter/anthropic/claude-sonnet-4.5'],
    ['openrouter/openai/gpt-4o:nitro', 'openrouter/openai/gpt-4o'],
    ['ollama/llama3.1:8b', 'ollama/llama3.1'],
    ['groq/llama-3.3-70b-versatile', 'groq/llama-3.3-70b-versatile'],
    ['deepseek-chat', 'deepseek/deepseek-chat'],
    ['together_ai/Qwen/Qwen2.5-72B-Instruct-Turbo', 'together/Qwen/Qwen2.5-72B-Instruct-Turbo'],
    ['gemini/gemini-2.5-pro', 'gemini/gemini-2.5-pro'],
  ];
  for (const [asked, id] of cases) {
    it(`${asked} -> ${id}`, () => assert.equal(getModelInfo(asked)?.id, id));
  }

  it('a model the table does not know is undefined, never a throw', () => {
    assert.equal(getModelInfo('vllm/meta-llama/Llama-3.1-8B-Instruct'), undefined);
    assert.equal(getModelInfo('my-own-model'), undefined);
    assert.equal(getModelInfo(''), undefined);
    assert.equal(supportsVision('my-own-model'), undefined);
  });

  it('strict lookups throw naming the closest known models and how to add one', () => {
    assert.throws(
      () => getModelInfo('openai/gpt-4p', { strict: true }),
      (error: unknown) =>
        error instanceof ConfigurationError &&
        /Unknown model "openai\/gpt-4p"/.test(error.message) &&
        /openai\/gpt-4o/.test(error.message) &&
        /registerModel/.test(error.message),
    );
    assert.throws(() => getModelInfo('vllm/x', { strict: true }), /no models of provider "vllm"/);
  });

  it('reads limits and prices from the source data', () => {
    const info = getModelInfo('anthropic/claude-sonnet-4-5')!;
    const raw = data('model_prices_and_context_window.json')['claude-sonnet-4-5'] as Record<string, number>;
    assert.equal(info.contextWindow, raw['max_input_tokens']);
    assert.equal(info.maxOutputTokens, raw['max_output_tokens']);
    assert.equal(info.inputCostPerToken, raw['input_cost_per_token']);
    assert.equal(info.cacheWriteCostPerToken, raw['cache_creation_input_token_cost']);
    assert.equal(info.cacheWrite1hCostPerToken, raw['cache_creation_input_token_cost_above_1hr']);
    assert.equal(
      info.webSearchCostPerRequest,
      (raw['search_context_cost_per_query'] as unknown as Record<string, number>)['search_context_size_medium'],
    );
    assert.deepEqual(
      info.tiers?.map((t) => [t.aboveTokens, t.inputCostPerToken, t.outputCostPerToken]),
      [[200_000, raw['input_cost_per_token_above_200k_tokens'], raw['output_cost_per_token_above_200k_tokens']]],
    );
    assert.equal(info.source, 'litellm');
  });

  it('OpenRouter models carry OpenRouter prices and capabilities from its own list', () => {
    const list = (
      data('openrouter_models.json') as unknown as {
        data: { id: string; pricing: Record<string, string>; supported_parameters: string[] }[];
      }
    ).data;
    const raw = list.find((m) => m.id === 'anthropic/claude-sonnet-4.5')!;
    const info = getModelInfo(`openrouter/${raw.id}`)!;
    assert.equal(info.source, 'openrouter');
    assert.equal(info.inputCostPerToken, Number(raw.pricing['prompt']));
    assert.equal(info.outputCostPerToken, Number(raw.pricing['completion']));
    assert.equal(info.webSearchCostPerRequest, Number(raw.pricing['web_search']));
    assert.equal(info.supportsFunctionCalling, raw.supported_parameters.includes('tools'));
  });

  it('capability checks answer from the table', () => {
    assert.equal(supportsVision('gpt-4o'), true);
    assert.equal(supportsVision('o3-mini'), false);
    assert.equal(supportsReasoning('o3-mini'), true);
    assert.equal(supportsReasoning('gpt-4o'), false);
    assert.equal(supportsFunctionCalling('anthropic/claude-sonnet-4-5'), true);
    assert.equal(supportsResponseSchema('gpt-4o-2024-08-06'), true);
    assert.equal(supportsPromptCaching('anthropic/claude-sonnet-4-5'), true);
  });

  it('lists models by provider, sorted, and says where the table came from', () => {
    const anthropic = listModels({ provider: 'anthropic' });
    assert.ok(anthropic.length > 10);
    assert.ok(anthropic.every((m) => m.provider === 'anthropic'));
    assert.deepEqual(
      anthropic.map((m) => m.id),
      anthropic.map((m) => m.id).sort((a, b) => a.localeCompare(b)),
    );
    const source = modelTableSource();
    assert.equal(source['litellmUpdated'], '2026-07-24');
    assert.match(String(source['litellm']), /litellm/);
  });
});

describe('lookup memo', () => {
  afterEach(() => resetModelTable());

  it('answers the same after thousands of distinct ids have pushed the first answers out of its bounded memo', () => {
    const before = getModelInfo('openai/gpt-4o');
    assert.equal(getModelInfo('acme/never-0'), undefined);
    for (let i = 1; i < 5000; i++) getModelInfo(`acme/never-${i}`);
    assert.deepEqual(getModelInfo('openai/gpt-4o'), before);
    assert.equal(getModelInfo('acme/never-0'), undefined);
    registerModel('acme/never-0', { inputCostPerToken: 1e-6, outputCostPerToken: 2e-6 });
    assert.equal(getModelInfo('acme/never-0')?.inputCostPerToken, 1e-6, 'a registration is seen at once, memo or not');
  });
});

describe('registerModel', () => {
  it('adds a custom model that lookups, capabilities and cost then find', () => {
    registerModel('vllm/my-llama', {
      inputCostPerToken: 1e-7,
      outputCostPerToken: 2e-7,
      contextWindow: 32768,
      supportsFunctionCalling: true,
    });
    const info = getModelInfo('vllm/my-llama')!;
    assert.equal(info.source, 'registered');
    assert.equal(info.contextWindow, 32768);
    assert.equal(supportsFunctionCalling('vllm/my-llama'), true);
    assert.equal(supportsVision('vllm/my-llama'), undefined, 'a capability left out is unknown');
  });

  it('wins over the table entry of the same id, and a fresh lookup sees the change', () => {
    assert.equal(getModelInfo('gpt-4o')?.inputCostPerToken, 0.0000025);
    registerModel('openai/gpt-4o', { inputCostPerToken: 1e-6, outputCostPerToken: 2e-6 });
    assert.equal(getModelInfo('gpt-4o')?.inputCostPerToken, 1e-6);
    assert.equal(getModelInfo('openai/GPT-4o')?.source, 'registered');
  });

  it('works for a provider the table has never heard of, looked up before it was registered too', () => {
    assert.equal(getModelInfo('mycorp/assistant-7'), undefined);
    registerModel('mycorp/assistant-7', { inputCostPerToken: 0, outputCostPerToken: 0 });
    assert.equal(getModelInfo('mycorp/assistant-7')?.provider, 'mycorp');
  });

  it('rejects bad input with what was expected', () => {
    assert.throws(() => registerModel('', {}), /registerModel needs an id like "openai\/my-fine-tune"/);
    assert.throws(() => registerModel('some-model', {}), /as "provider\/model"/);
    assert.throws(() => registerModel('openai/x', { inputCostPerToken: -1 }), /inputCostPerToken must be a number >= 0/);
    assert.throws(() => registerModel('openai/x', { contextWindow: '8k' as unknown as number }), /contextWindow must be a number/);
  });
});

describe('loadModelTable', () => {
  const tinyPriceMap = {
    'gpt-4o': {
      litellm_provider: 'openai',
      mode: 'chat',
      input_cost_per_token: 0.000005,
      output_cost_per_token: 0.00002,
      max_input_tokens: 128000,
      supports_vision: true,
    },
    'anthropic/new-model': { litellm_provider: 'anthropic', mode: 'chat', input_cost_per_token: 0.000001, output_cost_per_token: 0.000002 },
    'text-embedding-3-small': { litellm_provider: 'openai', mode: 'embedding', input_cost_per_token: 2e-8 },
    'bedrock/x': { litellm_provider: 'bedrock', mode: 'chat', input_cost_per_token: 1, output_cost_per_token: 1 },
  };

  it('takes a litellm price map and answers for the providers it lists', async () => {
    const loaded = await loadModelTable(tinyPriceMap);
    assert.deepEqual({ models: loaded.models, providers: loaded.providers.sort() }, { models: 2, providers: ['anthropic', 'openai'] });
    assert.equal(getModelInfo('gpt-4o')?.inputCostPerToken, 0.000005);
    assert.equal(getModelInfo('gpt-4o')?.source, 'loaded');
    assert.equal(getModelInfo('anthropic/new-model')?.outputCostPerToken, 0.000002);
    // Providers the loaded table does not list keep the built-in entries.
    assert.equal(getModelInfo('groq/llama-3.3-70b-versatile')?.source, 'litellm');
    assert.equal(modelTableSource()['loaded'], 'loadModelTable');
  });

  it('reads a table file written from importPriceMap (what `llmux models import` writes)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'llmux-table-'));
    const file = join(dir, 'table.json');
    writeFileSync(file, JSON.stringify(importPriceMap(tinyPriceMap)));
    const loaded = await loadModelTable(file);
    assert.equal(loaded.models, 2);
    assert.equal(getModelInfo('anthropic/new-model')?.inputCostPerToken, 0.000001);
  });

  it('gives a clear error for a missing file, non-JSON, a newer format or an empty table', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'llmux-table-'));
    await assert.rejects(loadModelTable(join(dir, 'nope.json')), /Cannot read the model table .*nope\.json/);
    writeFileSync(join(dir, 'bad.json'), '{ not json');
    await assert.rejects(loadModelTable(join(dir, 'bad.json')), /is not JSON/);
    await assert.rejects(
      loadModelTable({ format: 'llmux-model-table', version: 99, source: {}, providers: {} }),
      /version 99; this llmux reads version 1/,
    );
    await assert.rejects(
      loadModelTable({ 'bedrock/x': { litellm_provider: 'bedrock', mode: 'chat' } }),
      /no chat models of a provider llmux serves/,
    );
  });
});

describe('the shipped table', () => {
  it('is what the generator makes from data/ (regenerate with npm run generate:models)', () => {
    const table = importPriceMap(data('model_prices_and_context_window.json'), { openrouter: data('openrouter_models.json') as never });
    assert.deepEqual(Object.keys(MODEL_TABLE_SHARDS).sort(), Object.keys(table.providers).sort());
    for (const [provider, models] of Object.entries(table.providers)) {
      assert.deepEqual(JSON.parse(MODEL_TABLE_SHARDS[provider]!), models, `the ${provider} shard is stale`);
    }
  });

  it('keeps chat models of served providers only, prefixed and bare ids merged', () => {
    const table = importPriceMap(data('model_prices_and_context_window.json'));
    assert.equal(table.providers['bedrock'], undefined);
    assert.equal(table.providers['openai']?.['text-embedding-3-small'], undefined);
    assert.ok(table.providers['deepseek']?.['deepseek-chat']);
    assert.equal(table.providers['deepseek']?.['deepseek/deepseek-chat'], undefined);
  });

  it('keeps the models served by the Responses API only, marked so; chat models carry no mode', () => {
    for (const id of ['openai/gpt-5-pro', 'openai/o3-pro', 'openai/gpt-5.3-codex', 'openai/o3-deep-research']) {
      const info = getModelInfo(id);
      assert.equal(info?.mode, 'responses', id);
      assert.ok(info.inputCostPerToken! > 0 && info.outputCostPerToken! > 0, `${id} is priced`);
    }
    assert.equal(getModelInfo('openai/gpt-5')?.mode, undefined);
    const again = getModelInfo('openai/gpt-5-pro')!;
    assert.deepEqual(decodeModelRow(again.provider, again.model, encodeModelRow(again), 'litellm'), again);
  });

  it('rows decode to what they encode', () => {
    const info = getModelInfo('gpt-5-mini')!;
    const again = decodeModelRow(info.provider, info.model, encodeModelRow(info), 'litellm');
    assert.deepEqual(again, info);
    assert.ok(info.serviceTiers?.flex?.inputCostPerToken !== undefined);
    const claude = getModelInfo('anthropic/claude-sonnet-4-5')!;
    assert.equal(claude.webSearchCostPerRequest, 0.01);
    assert.deepEqual(decodeModelRow(claude.provider, claude.model, encodeModelRow(claude), 'litellm'), claude);
  });
});

describe('reasoning-scale flags in the compact table', () => {
  it('take bits 13 and up, so the OpenRouter marker (bit 12) of older files reads the same', () => {
    const old = decodeModelRow('openrouter', 'x/y', [2 ** 12 + 2 ** 4], 'litellm');
    assert.equal(old.source, 'openrouter');
    assert.equal(old.supportsReasoning, true);
    assert.equal(old.supportsAdaptiveThinking, false);
    const row = encodeModelRow({ source: 'litellm', supportsAdaptiveThinking: true, supportsMaxReasoningEffort: true });
    assert.equal(row[0], 2 ** 13 + 2 ** 17);
    const back = decodeModelRow('anthropic', 'm', row, 'litellm');
    assert.equal(back.source, 'litellm');
    assert.deepEqual(
      [
        back.supportsAdaptiveThinking,
        back.supportsNoneReasoningEffort,
        back.supportsMinimalReasoningEffort,
        back.supportsXhighReasoningEffort,
        back.supportsMaxReasoningEffort,
      ],
      [true, false, false, false, true],
    );
  });

  it("the shipped table knows the newest models' reasoning scales", async () => {
    const { getModelInfo } = await import('../../src/models/index.js');
    const opus = await getModelInfo('anthropic/claude-opus-4-7');
    assert.equal(opus?.supportsAdaptiveThinking, true);
    assert.equal(opus?.supportsXhighReasoningEffort, true);
    const gpt = await getModelInfo('openai/gpt-5.2');
    assert.deepEqual(
      [gpt?.supportsNoneReasoningEffort, gpt?.supportsXhighReasoningEffort, gpt?.supportsMaxReasoningEffort],
      [true, true, false],
    );
  });
});
