import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import {
  TOKEN_ESTIMATE,
  estimateChatTokens,
  estimateImageTokens,
  estimateTextTokens,
  estimateToolDefinitionTokens,
} from '../../src/models/estimate-tokens.js';
import { type CountableChat, toCountableChat } from '../../src/models/openai-chat-overhead.js';
import { countTokens } from '../../src/models/count-tokens.js';
import type { ChatCompletionMessageParam, ChatCompletionTool } from '../../src/base/types.js';

const chat = (messages: CountableChat['messages'], functions: CountableChat['functions'] = []): CountableChat => ({
  messages,
  functions,
  images: [],
  uncountedParts: 0,
});

describe('estimateTextTokens', () => {
  it('prices characters by class and rounds the sum up', () => {
    assert.equal(estimateTextTokens(''), 0);
    assert.equal(estimateTextTokens('a'), 1);
    assert.equal(estimateTextTokens('abcde'), 1); // 5 × 0.2, without float noise
    assert.equal(estimateTextTokens('hello world'), 3); // 11 × 0.2 = 2.2
    assert.equal(estimateTextTokens('1234567890'), 5); // 10 × 0.5
    assert.equal(estimateTextTokens('{"a":1}'), 4); // 1 letter × 0.2 + 6 symbols × 0.5 = 3.2
    assert.equal(estimateTextTokens('東京'), 2); // 2 × 0.75
    assert.equal(estimateTextTokens('한국어'), 3); // 3 × 0.75 = 2.25
    assert.equal(estimateTextTokens('Привет'), 2); // 6 × 0.3
    assert.equal(estimateTextTokens('👍'), 2); // one code point outside the BMP: 1.5
    assert.equal(estimateTextTokens('👍🏽'), 3); // two code points
    assert.equal(estimateTextTokens('\ud83d'), 1); // a lone surrogate is an ordinary BMP character
  });

  it('is deterministic and additive up to rounding', () => {
    const text = 'The quick brown fox — 素早い茶色の狐 — jumps 🦊 over 12 lazy dogs.';
    assert.equal(estimateTextTokens(text), estimateTextTokens(text));
    const halves = estimateTextTokens(text.slice(0, 20)) + estimateTextTokens(text.slice(20));
    assert.ok(Math.abs(halves - estimateTextTokens(text)) <= 1);
  });
});

describe('estimateChatTokens', () => {
  const O = { perMessage: 3, role: 1, primer: 3 };

  it('frames each message as OpenAI does: 3 per message, the role, 3 for the reply primer', () => {
    assert.equal(estimateChatTokens(chat([])), O.primer);
    assert.equal(estimateChatTokens(chat([{ role: 'user', content: 'hello world' }])), O.primer + O.perMessage + O.role + 3);
  });

  it('adds a name with one token of overhead', () => {
    const named = estimateChatTokens(chat([{ role: 'system', name: 'example_user', content: 'hello world' }]));
    assert.equal(named - estimateChatTokens(chat([{ role: 'system', content: 'hello world' }])), estimateTextTokens('example_user') + 1);
  });

  it('adds function calls with three tokens each and discounts function results by two', () => {
    const call = { name: 'get_weather', arguments: '{"city":"Oslo"}' };
    const withCall = estimateChatTokens(chat([{ role: 'assistant', content: '', function_call: call }]));
    assert.equal(withCall, O.primer + O.perMessage + O.role + estimateTextTokens(call.name) + estimateTextTokens(call.arguments) + 3);
    const result = estimateChatTokens(chat([{ role: 'function', name: 'get_weather', content: '{"t":4}' }]));
    assert.equal(result, O.primer + O.perMessage + O.role + estimateTextTokens('{"t":4}') + estimateTextTokens('get_weather') + 1 - 2);
  });

  it('adds tool definitions by their JSON length, sharing a system message', () => {
    const fns = [
      { name: 'lookup', description: 'Look something up', parameters: { type: 'object', properties: { q: { type: 'string' } } } },
    ];
    const definitions =
      TOKEN_ESTIMATE.toolNamespaceTokens + Math.ceil(JSON.stringify(fns[0]).length / TOKEN_ESTIMATE.toolJsonCharsPerToken);
    assert.equal(estimateToolDefinitionTokens(fns), definitions);
    assert.equal(estimateToolDefinitionTokens([]), 0);
    const user = [{ role: 'user', content: 'hi' }];
    assert.equal(estimateChatTokens(chat(user, fns)) - estimateChatTokens(chat(user)), definitions + 9);
    const system = [{ role: 'system', content: 'be brief' }];
    assert.equal(estimateChatTokens(chat(system, fns)) - estimateChatTokens(chat(system)), definitions + 9 - 4);
  });

  it('prices images at fixed figures', () => {
    assert.equal(estimateImageTokens(['auto', 'low', 'high']), 765 + 85 + 765);
    assert.equal(estimateChatTokens({ ...chat([]), images: ['low'] }), O.primer + 85);
  });
});

// A regression guard for the calibration: docs/token-counting.md reports the measured error.
describe('estimate accuracy on the fixture chats', () => {
  const dir = new URL('../../../test/__fixtures__/conversations/', import.meta.url);
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
    it(`is within 15% of the o200k count: ${file}`, async () => {
      const c = JSON.parse(readFileSync(new URL(file, dir), 'utf8')) as {
        messages: ChatCompletionMessageParam[];
        tools?: ChatCompletionTool[];
      };
      const exact = await countTokens({ model: 'gpt-4o', messages: c.messages, ...(c.tools ? { tools: c.tools } : {}) });
      assert.equal(exact.method, 'tokenizer');
      const estimate = estimateChatTokens(toCountableChat(c.messages, c.tools));
      const error = Math.abs(estimate - exact.tokens) / exact.tokens;
      assert.ok(error <= 0.15, `estimate ${estimate} vs exact ${exact.tokens}: ${(error * 100).toFixed(1)}%`);
    });
  }
});
