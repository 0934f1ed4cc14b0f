import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  capabilityWords,
  describeSource,
  formatMatchSummary,
  formatModelRows,
  formatTableHeader,
  modelCells,
} from '../../src/cli/format-model-table.js';
import type { ModelInfo } from '../../src/models/index.js';

function model(id: string, facts: Partial<ModelInfo> = {}): ModelInfo {
  const slash = id.indexOf('/');
  return {
    id,
    provider: id.slice(0, slash),
    model: id.slice(slash + 1),
    supportsFunctionCalling: false,
    supportsParallelFunctionCalling: false,
    supportsToolChoice: false,
    supportsVision: false,
    supportsReasoning: false,
    supportsResponseSchema: false,
    supportsPromptCaching: false,
    supportsPdfInput: false,
    supportsAssistantPrefill: false,
    supportsAudioInput: false,
    supportsAudioOutput: false,
    supportsWebSearch: false,
    source: 'litellm',
    ...facts,
  };
}

const sonnet = model('anthropic/claude-sonnet-4-5', {
  contextWindow: 200000,
  maxOutputTokens: 64000,
  inputCostPerToken: 0.000003,
  outputCostPerToken: 0.000015,
  cacheReadCostPerToken: 3e-7,
  supportsFunctionCalling: true,
  supportsVision: true,
  supportsReasoning: true,
  supportsResponseSchema: true,
  supportsPromptCaching: true,
});
const local = model('ollama/llama3.1', { contextWindow: 8192, inputCostPerToken: 0, outputCostPerToken: 0, supportsFunctionCalling: true });

describe('capabilityWords', () => {
  it('names the capabilities in a fixed order', () => {
    assert.deepEqual(capabilityWords(sonnet), ['tools', 'vision', 'reasoning', 'schema', 'cache']);
    assert.deepEqual(capabilityWords(model('x/y', { supportsAudioOutput: true, supportsPdfInput: true, supportsWebSearch: true })), [
      'pdf',
      'audio',
      'web',
    ]);
    assert.deepEqual(capabilityWords(model('x/y')), []);
  });
});

describe('modelCells', () => {
  it('formats limits with digit groups and prices per million, - for unknown', () => {
    assert.deepEqual(modelCells(sonnet), [
      'anthropic/claude-sonnet-4-5',
      '200,000',
      '64,000',
      '$3.00',
      '$15.00',
      '$0.30',
      'tools vision reasoning schema cache',
    ]);
    assert.deepEqual(modelCells(local), ['ollama/llama3.1', '8,192', '-', '$0.00', '$0.00', '-', 'tools']);
  });
});

describe('formatModelRows', () => {
  it('aligns the columns: text left, numbers right, no trailing spaces', () => {
    assert.equal(
      formatModelRows([sonnet, local]),
      [
        'MODEL                        CONTEXT  MAX OUT  INPUT  OUTPUT  CACHE READ  CAPABILITIES',
        'anthropic/claude-sonnet-4-5  200,000   64,000  $3.00  $15.00       $0.30  tools vision reasoning schema cache',
        'ollama/llama3.1                8,192        -  $0.00   $0.00           -  tools',
        '',
      ].join('\n'),
    );
  });
});

describe('describeSource and formatTableHeader', () => {
  const builtIn = { litellmModels: 688, litellmUpdated: '2026-07-24', openrouterModels: 364, litellm: 'BerriAI/litellm' };

  it('names the price map date and model counts', () => {
    assert.equal(describeSource(builtIn), 'litellm 2026-07-24 (688 models) + OpenRouter (364 models)');
    assert.equal(describeSource({ litellmModels: 1, imported: '2026-01-02' }), 'litellm (1 model), imported 2026-01-02');
    assert.equal(describeSource({}), 'unknown origin');
  });

  it('says whether the table is built in or loaded, and for which providers', () => {
    assert.equal(formatTableHeader(builtIn), 'Model table: built in, from litellm 2026-07-24 (688 models) + OpenRouter (364 models)');
    assert.equal(
      formatTableHeader({ litellmModels: 2, imported: '2026-01-02' }, { path: 'out.json', models: 2, providers: ['anthropic', 'openai'] }),
      'Model table: out.json for anthropic, openai (litellm (2 models), imported 2026-01-02); built in for other providers',
    );
    assert.match(
      formatTableHeader({}, { path: 't.json', models: 9, providers: ['a', 'b', 'c', 'd', 'e'] }),
      /^Model table: t\.json for 5 providers /,
    );
  });
});

describe('formatMatchSummary', () => {
  it('counts the matches against the whole table', () => {
    assert.equal(
      formatMatchSummary({ shown: 2, matched: 2, total: 962, filter: ['claude-sonnet-4-5'], provider: 'anthropic' }),
      '2 of 962 models match "claude-sonnet-4-5", provider anthropic.',
    );
    assert.equal(
      formatMatchSummary({ shown: 1, matched: 1, total: 962, filter: ['gpt', '4o'], provider: undefined }),
      '1 of 962 models matches "gpt 4o".',
    );
    assert.equal(formatMatchSummary({ shown: 962, matched: 962, total: 962, filter: [], provider: undefined }), '962 models.');
  });

  it('says when a limit hid some', () => {
    assert.equal(
      formatMatchSummary({ shown: 3, matched: 1200, total: 1200, filter: [], provider: undefined }),
      '1,200 models. Showing the first 3; see --limit.',
    );
  });
});
