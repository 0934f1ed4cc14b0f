import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatShare, formatTokenCount } from '../../src/cli/format-token-count.js';

describe('formatTokenCount', () => {
  it('puts the count first, then the method and the share of the context window', () => {
    assert.equal(
      formatTokenCount({ tokens: 1280, method: 'tokenizer', encoding: 'o200k_base' }, { id: 'openai/gpt-4o', contextWindow: 128000 }),
      "1,280 tokens\nmethod: tokenizer (exact, gpt-tokenizer o200k_base)\ncontext: 1% of openai/gpt-4o's 128,000-token window\n",
    );
  });

  it('adds the note, and leaves out the window for a model the table does not know', () => {
    assert.equal(
      formatTokenCount({ tokens: 1, method: 'estimate', note: 'gpt-tokenizer is not installed' }),
      '1 token\nmethod: estimate (from character counts)\nnote: gpt-tokenizer is not installed\n',
    );
    assert.match(
      formatTokenCount({ tokens: 5, method: 'provider' }, { id: 'anthropic/claude-x' }),
      /^method: provider \(exact, the provider's token counting endpoint\)$/m,
    );
  });

  it('says by how much a text overflows the window', () => {
    assert.match(
      formatTokenCount({ tokens: 9000, method: 'estimate' }, { id: 'ollama/llama3.1', contextWindow: 8192 }),
      /^context: over ollama\/llama3\.1's 8,192-token window by 808 tokens$/m,
    );
  });
});

describe('formatShare', () => {
  it('rounds to two decimals below 10%, one above, and marks tiny shares', () => {
    assert.equal(formatShare(3, 128000), '<0.01%');
    assert.equal(formatShare(0, 100), '0%');
    assert.equal(formatShare(1, 3), '33.3%');
    assert.equal(formatShare(1, 300), '0.33%');
    assert.equal(formatShare(100, 100), '100%');
  });
});
