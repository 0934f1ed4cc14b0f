import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  APIConnectionError,
  AuthenticationError,
  BadRequestError,
  ConfigurationError,
  ContextWindowExceededError,
  NotFoundError,
} from '../../src/index.js';
import { chooseModes, wireOf } from '../../src/structured/choose-modes.js';
import { isModeRejection, isPrefillRejection } from '../../src/structured/is-mode-rejection.js';

const known = { responseSchema: true, functionCalling: true };
const unknown = { responseSchema: undefined, functionCalling: undefined };

describe('wireOf', () => {
  const cases: [string, string][] = [
    ['anthropic/claude-sonnet-4-5', 'anthropic'],
    ['claude-3-haiku-20240307', 'anthropic'],
    ['openrouter/anthropic/claude-sonnet-4.5', 'openrouter'],
    ['openai/gpt-4o', 'openai'],
    ['gpt-4o-mini', 'openai'],
    ['o3-mini', 'openai'],
    ['ollama/llama3.2', 'openai'],
    ['smart', 'unknown'],
  ];
  for (const [model, wire] of cases) it(`${model} -> ${wire}`, () => assert.equal(wireOf(model), wire));
});

describe('chooseModes', () => {
  it('auto: json_schema first on OpenAI-style wires, a forced tool first on Anthropic', () => {
    assert.deepEqual(chooseModes('auto', 'openai/gpt-4o', 'openai', known), ['json_schema', 'tools', 'json', 'prompt']);
    assert.deepEqual(chooseModes('auto', 'smart', 'unknown', unknown), ['json_schema', 'tools', 'json', 'prompt']);
    assert.deepEqual(chooseModes('auto', 'anthropic/claude-sonnet-4-5', 'anthropic', { ...known, assistantPrefill: true }), [
      'tools',
      'json_schema',
      'json',
      'prompt',
    ]);
    assert.deepEqual(chooseModes('auto', 'claude-x', 'anthropic', unknown), ['tools', 'json_schema', 'json', 'prompt']);
  });
  it('auto skips what the table denies', () => {
    assert.deepEqual(chooseModes('auto', 'm', 'openai', { responseSchema: false, functionCalling: true }), ['tools', 'json', 'prompt']);
    assert.deepEqual(chooseModes('auto', 'm', 'openai', { responseSchema: true, functionCalling: false }), [
      'json_schema',
      'json',
      'prompt',
    ]);
    assert.deepEqual(chooseModes('auto', 'm', 'anthropic', { responseSchema: false, functionCalling: false }), ['json', 'prompt']);
    // Without a prefill, Anthropic's json mode would be the prompt mode's request.
    assert.deepEqual(chooseModes('auto', 'm', 'anthropic', { ...known, assistantPrefill: false }), ['tools', 'json_schema', 'prompt']);
    assert.deepEqual(chooseModes('auto', 'm', 'anthropic', { responseSchema: false, functionCalling: false, assistantPrefill: false }), [
      'prompt',
    ]);
    assert.deepEqual(
      chooseModes('auto', 'm', 'openai', { ...known, assistantPrefill: false }),
      ['json_schema', 'tools', 'json', 'prompt'],
      'prefill matters on Anthropic only',
    );
  });
  it('an explicit mode is the only one, and impossible ones are refused', () => {
    assert.deepEqual(chooseModes('prompt', 'm', 'anthropic', known), ['prompt']);
    assert.deepEqual(chooseModes('tools', 'm', 'openai', unknown), ['tools']);
    assert.throws(() => chooseModes('tools', 'm', 'openai', { responseSchema: true, functionCalling: false }), ConfigurationError);
    assert.deepEqual(chooseModes('json', 'claude-x', 'anthropic', known), ['json']);
    assert.deepEqual(
      chooseModes('json', 'claude-x', 'anthropic', { ...known, assistantPrefill: false }),
      ['json'],
      'then sent in the prompt-only form',
    );
  });
});

describe('isModeRejection', () => {
  const bad = (message: string, status = 400) => new BadRequestError(message, { status, providerMessage: message });
  it("a 400/422 naming the mode's feature rejects that mode", () => {
    assert.equal(isModeRejection(bad("Invalid schema for response_format 'x'"), 'json_schema'), true);
    assert.equal(isModeRejection(bad('Unknown parameter: output_config', 422), 'json_schema'), true);
    assert.equal(isModeRejection(bad('tool_choice is not supported by this model'), 'tools'), true);
    assert.equal(isModeRejection(bad("'response_format' of type 'json_object' is not supported with this model"), 'json'), true);
  });
  it("OpenRouter's 404 for unsupported parameters rejects the mode; other 404s do not", () => {
    assert.equal(
      isModeRejection(new NotFoundError('No endpoints found that can handle the requested parameters.', { status: 404 }), 'json_schema'),
      true,
    );
    assert.equal(isModeRejection(new NotFoundError('model not found', { status: 404 }), 'json_schema'), false);
  });
  it('an adapter refusing the mode before sending rejects it', () => {
    assert.equal(
      isModeRejection(new ConfigurationError('response_format json_object is not supported by Anthropic, which has no JSON mode'), 'json'),
      true,
    );
    assert.equal(
      isModeRejection(
        new ConfigurationError('Anthropic does not allow thinking (reasoning_effort) with a tool_choice that forces a tool'),
        'tools',
      ),
      true,
    );
    assert.equal(isModeRejection(new ConfigurationError('No API key for provider "openai"'), 'json_schema'), false);
  });
  it('anything else is not a rejection of the mode', () => {
    assert.equal(isModeRejection(bad('messages: roles must alternate'), 'json_schema'), false);
    assert.equal(isModeRejection(bad('tools: bad'), 'json_schema'), false);
    assert.equal(
      isModeRejection(new ContextWindowExceededError('prompt too long for the response_format', { status: 400 }), 'json_schema'),
      false,
    );
    assert.equal(isModeRejection(new AuthenticationError('bad key: schema', { status: 401 }), 'json_schema'), false);
    assert.equal(isModeRejection(new APIConnectionError('reset'), 'json_schema'), false);
    assert.equal(isModeRejection(new Error('response_format'), 'json_schema'), false);
    assert.equal(isModeRejection(bad('response_format'), 'prompt'), false);
  });
});

describe('isPrefillRejection', () => {
  const bad = (message: string, status = 400) => new BadRequestError(message, { status, providerMessage: message });
  it('Anthropic refusing an assistant prefill', () => {
    assert.equal(
      isPrefillRejection(bad('This model does not support assistant message prefill. The conversation must end with a user message.')),
      true,
    );
    assert.equal(
      isPrefillRejection(
        bad(
          'messages.1.content.0.type: Expected `thinking` or `redacted_thinking`, but found `text`. When `thinking` is enabled, a final `assistant` message must start with a thinking block.',
        ),
      ),
      true,
    );
  });
  it('anything else', () => {
    assert.equal(isPrefillRejection(bad('messages: roles must alternate')), false);
    assert.equal(isPrefillRejection(new ContextWindowExceededError('prompt is too long (prefill)', { status: 400 })), false);
    assert.equal(isPrefillRejection(new AuthenticationError('prefill', { status: 401 })), false);
    assert.equal(isPrefillRejection(new Error('prefill')), false);
  });
});
