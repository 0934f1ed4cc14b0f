import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatUsage } from '../../src/cli/format-usage.js';

describe('formatUsage', () => {
  it('names tokens, model and provider', () => {
    const line = formatUsage({
      model: 'gpt-4o-mini',
      provider: 'openai',
      usage: { prompt_tokens: 12, completion_tokens: 8, total_tokens: 20 },
    });
    assert.equal(line, 'usage: 12 prompt + 8 completion = 20 tokens (model gpt-4o-mini, provider openai)');
  });

  it('adds the cost when the provider reported one', () => {
    const line = formatUsage({
      model: 'm',
      provider: 'openrouter',
      usage: { prompt_tokens: 1, completion_tokens: 2, total_tokens: 3, cost: 0.00012 },
    });
    assert.equal(line, 'usage: 1 prompt + 2 completion = 3 tokens, $0.000120 (model m, provider openrouter)');
  });

  it('adds the table price of a priced response, saying it is the list price', () => {
    const line = formatUsage({
      model: 'gpt-4o',
      provider: 'openai',
      usage: { prompt_tokens: 1000, completion_tokens: 200, total_tokens: 1200 },
      cost: { total: 0.0045, currency: 'USD', source: 'table' },
    });
    assert.equal(line, 'usage: 1000 prompt + 200 completion = 1200 tokens, $0.004500 (list price) (model gpt-4o, provider openai)');
  });

  it('says so when usage is missing', () => {
    assert.equal(formatUsage({ model: 'm', provider: 'ollama' }), 'usage: not reported (model m, provider ollama)');
  });

  it('copes with a missing provider and model', () => {
    assert.equal(formatUsage({ model: '' }), 'usage: not reported (model unknown, provider unknown)');
  });
});
