/**
 * Trap: registerModel replaced the whole row, so fixing a price turned capabilities off and
 * dropped limits; and a new model's unspecified capabilities were "no" rather than unknown.
 */
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import { createClient } from '../../src/index.js';
import { startMockServer, type MockServer } from '../../src/mock-server/index.js';
import {
  getModelInfo,
  registerModel,
  resetModelTable,
  supportsFunctionCalling,
  supportsResponseSchema,
  supportsVision,
} from '../../src/models/index.js';
import { chooseModes, lookupCapabilities, wireOf } from '../../src/structured/choose-modes.js';

describe('trap: registerModel merges over the existing entry', () => {
  let server: MockServer;
  before(async () => {
    server = await startMockServer({ apiKey: 'sk-merge' });
  });
  after(() => server.close());
  afterEach(() => resetModelTable());

  it('a price fix on openai/gpt-4o keeps vision, tools and the context window', () => {
    const was = getModelInfo('openai/gpt-4o')!;
    assert.equal(was.supportsVision, true);
    registerModel('openai/gpt-4o', { inputCostPerToken: 1e-6 });
    const now = getModelInfo('openai/gpt-4o')!;
    assert.equal(now.inputCostPerToken, 1e-6);
    assert.equal(now.outputCostPerToken, was.outputCostPerToken);
    assert.equal(now.contextWindow, was.contextWindow);
    assert.equal(now.maxOutputTokens, was.maxOutputTokens);
    assert.equal(supportsVision('openai/gpt-4o'), true);
    assert.equal(supportsFunctionCalling('gpt-4o'), true);
    assert.equal(now.source, 'registered');
  });

  it('a second registration merges over the first', () => {
    registerModel('vllm/my-llama', { inputCostPerToken: 1e-7, contextWindow: 32768 });
    registerModel('vllm/my-llama', { outputCostPerToken: 2e-7 });
    const info = getModelInfo('vllm/my-llama')!;
    assert.deepEqual([info.inputCostPerToken, info.outputCostPerToken, info.contextWindow], [1e-7, 2e-7, 32768]);
  });

  it('claude-sonnet-4-5 after a price fix still thinks and keeps its max_tokens', async () => {
    const maxOut = getModelInfo('anthropic/claude-sonnet-4-5')!.maxOutputTokens;
    assert.ok(maxOut !== undefined && maxOut > 4096);
    registerModel('claude-sonnet-4-5', { inputCostPerToken: 3e-6, outputCostPerToken: 15e-6 });
    const client = createClient({ env: { ANTHROPIC_API_KEY: 'sk-merge', ANTHROPIC_BASE_URL: server.anthropicBaseURL }, maxRetries: 0 });
    const start = server.requests.length;
    await client.complete({ model: 'anthropic/claude-sonnet-4-5', messages: [{ role: 'user', content: 'Hi' }] });
    assert.equal((server.requests[start]!.body as { max_tokens: number }).max_tokens, maxOut);
    await client.complete({ model: 'anthropic/claude-sonnet-4-5', messages: [{ role: 'user', content: 'Hi' }], reasoning_effort: 'low' });
    const body = server.requests[start + 1]!.body as { thinking?: { type: string } };
    assert.equal(body.thinking?.type, 'enabled');
    client.close();
  });

  it("a new model's unspecified capabilities are unknown, and unknown is allowed", async () => {
    registerModel('vllm/my-llama', { inputCostPerToken: 1e-7, outputCostPerToken: 2e-7, supportsFunctionCalling: true });
    assert.equal(supportsResponseSchema('vllm/my-llama'), undefined);
    assert.equal(supportsVision('vllm/my-llama'), undefined);
    assert.equal(supportsFunctionCalling('vllm/my-llama'), true);
    const modes = chooseModes('auto', 'vllm/my-llama', wireOf('vllm/my-llama'), await lookupCapabilities('vllm/my-llama'));
    assert.ok(modes.includes('json_schema'), `structured output not disabled: ${modes.join(', ')}`);
    registerModel('vllm/no-schema', { supportsResponseSchema: false });
    assert.ok(
      !chooseModes('auto', 'vllm/no-schema', 'openai', await lookupCapabilities('vllm/no-schema')).includes('json_schema'),
      'an explicit false is still a no',
    );
  });

  it('rejects a capability that is not a boolean', () => {
    assert.throws(
      () => registerModel('vllm/x', { supportsVision: 'yes' as unknown as boolean }),
      /supportsVision must be true, false or undefined/,
    );
  });
});
