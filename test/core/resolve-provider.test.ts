import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigurationError } from '../../src/base/errors.js';
import { resolveModel } from '../../src/core/resolve-model.js';
import { resolveCall } from '../../src/core/resolve-provider.js';

const KNOWN = ['openai', 'anthropic', 'ollama', 'groq'];

describe('resolveModel', () => {
  it('splits provider/model at the first slash', () => {
    assert.deepEqual(resolveModel('openai/gpt-4o-mini', KNOWN), { provider: 'openai', model: 'gpt-4o-mini' });
    assert.deepEqual(resolveModel('groq/meta-llama/llama-4-scout', KNOWN), { provider: 'groq', model: 'meta-llama/llama-4-scout' });
  });
  it('resolves well-known bare names by prefix', () => {
    for (const m of ['gpt-4o', 'gpt-4o-2024-08-06', 'o1-mini', 'o3', 'o4-mini', 'chatgpt-4o-latest'])
      assert.equal(resolveModel(m, KNOWN).provider, 'openai', m);
    assert.deepEqual(resolveModel('claude-sonnet-4-5', KNOWN), { provider: 'anthropic', model: 'claude-sonnet-4-5' });
  });
  it('a leading slash is an empty provider, and the example fixes it without a double slash', () => {
    const message = (model: string): string => {
      try {
        resolveModel(model, KNOWN);
      } catch (e) {
        assert.ok(e instanceof ConfigurationError);
        return e.message;
      }
      throw new Error(`${model} resolved`);
    };
    assert.match(
      message('/gpt-4o'),
      /^Cannot tell which provider serves "\/gpt-4o"\. Write it as "provider\/model" \(e\.g\. "openai\/gpt-4o"\)\. Known providers: /,
    );
    assert.match(message('/llama3'), /e\.g\. "ollama\/llama3"/);
    assert.match(message('//claude-sonnet-4-5'), /e\.g\. "anthropic\/claude-sonnet-4-5"/);
    for (const model of ['/gpt-4o', '/llama3', '//x']) assert.doesNotMatch(/e\.g\. "([^"]*)"/.exec(message(model))![1]!, /\/\/|^\/|\/$/);
    assert.match(message('/'), /non-empty string/);
  });
  it('names the known providers for an unknown prefix', () => {
    assert.throws(
      () => resolveModel('foo/bar', KNOWN),
      (e: unknown) => {
        assert.ok(e instanceof ConfigurationError);
        assert.match(e.message, /Unknown provider "foo"/);
        assert.match(e.message, /anthropic, groq, ollama, openai\.$/);
        return true;
      },
    );
    // The full client says how to add one.
    assert.throws(
      () => resolveCall('foo/bar', undefined, {}),
      /Known providers: .*openai.*\. For another OpenAI-compatible server use "openai-compatible\/<model>"/,
    );
  });
  it('asks for a provider prefix on an unknown bare name', () => {
    assert.throws(() => resolveModel('llama3.2', KNOWN), /Write it as "provider\/model" \(e\.g\. "ollama\/llama3\.2"\)/);
    assert.throws(() => resolveModel('', KNOWN), /non-empty string/);
    assert.throws(() => resolveModel('openai/', KNOWN), /names no model/);
  });
});

describe('resolveCall', () => {
  it('reads the key and base URL from the conventional env vars', () => {
    const call = resolveCall('openai/gpt-4o', undefined, { OPENAI_API_KEY: 'k1', OPENAI_BASE_URL: 'http://127.0.0.1:9/v1/' });
    assert.equal(call.apiKey, 'k1');
    assert.equal(call.baseURL, 'http://127.0.0.1:9/v1');
    assert.equal(call.provider, 'openai');
  });
  it('uses <PROVIDER>_BASE_URL for every provider and presets otherwise', () => {
    assert.equal(resolveCall('groq/llama', undefined, { GROQ_API_KEY: 'g' }).baseURL, 'https://api.groq.com/openai/v1');
    assert.equal(resolveCall('ollama/llama3.2', undefined, { OLLAMA_BASE_URL: 'http://127.0.0.1:5/v1' }).baseURL, 'http://127.0.0.1:5/v1');
    assert.equal(
      resolveCall('openai-compatible/x', undefined, { OPENAI_COMPATIBLE_BASE_URL: 'http://127.0.0.1:6/v1' }).baseURL,
      'http://127.0.0.1:6/v1',
    );
  });
  it('a missing key names the env var', () => {
    assert.throws(
      () => resolveCall('groq/llama', undefined, {}),
      (e: unknown) => {
        assert.ok(e instanceof ConfigurationError);
        assert.match(e.message, /No API key for provider "groq": set GROQ_API_KEY/);
        return true;
      },
    );
    assert.throws(() => resolveCall('together/x', undefined, {}), /TOGETHER_API_KEY or TOGETHERAI_API_KEY/);
  });
  it('local servers need no key', () => {
    assert.equal(resolveCall('ollama/llama3.2', undefined, {}).apiKey, undefined);
  });
  it('call options win over client options, which win over env', () => {
    const custom = { openai: { apiKey: 'client', baseURL: 'http://127.0.0.1:1/v1' } };
    assert.equal(resolveCall('gpt-4o', custom, { OPENAI_API_KEY: 'env' }).apiKey, 'client');
    assert.equal(resolveCall('gpt-4o', custom, { OPENAI_API_KEY: 'env' }, { apiKey: 'call' }).apiKey, 'call');
  });
  it('a client may define its own OpenAI-compatible provider', () => {
    const custom = { mylab: { baseURL: 'http://127.0.0.1:7/v1', apiKeyEnv: 'MYLAB_KEY' } };
    const call = resolveCall('mylab/qwen3', custom, { MYLAB_KEY: 'lab' });
    assert.deepEqual([call.provider, call.model, call.apiKey, call.baseURL], ['mylab', 'qwen3', 'lab', 'http://127.0.0.1:7/v1']);
    assert.throws(() => resolveCall('mylab/qwen3', { mylab: { keyRequired: true, baseURL: 'http://x' } }, {}), /set MYLAB_API_KEY/);
  });
  it('a base URL that is not a URL is named before any request', () => {
    assert.throws(
      () => resolveCall('ollama/llama3.2', { ollama: { baseURL: 'localhost:11434' } }, {}),
      /Base URL "localhost:11434" for provider "ollama" is not a URL/,
    );
  });
  it('openai-compatible without a base URL says where to put one', () => {
    assert.throws(() => resolveCall('openai-compatible/x', undefined, {}), /set OPENAI_COMPATIBLE_BASE_URL/);
  });
});
