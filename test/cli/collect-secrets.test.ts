import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { collectSecrets } from '../../src/cli/collect-secrets.js';

describe('collectSecrets', () => {
  it('picks values of credential-named variables only', () => {
    const secrets = collectSecrets({
      OPENAI_API_KEY: 'a-key',
      HF_TOKEN: 'a-token',
      AWS_SECRET: 's',
      PATH: '/usr/bin',
      HOME: '/root',
      EMPTY_API_KEY: '',
    });
    assert.deepEqual(secrets.sort(), ['a-key', 'a-token', 's']);
  });

  it('keeps the raw value next to the trimmed one, since either may be echoed', () => {
    assert.deepEqual(collectSecrets({ GROQ_API_KEY: ' padded ' }).sort(), [' padded ', 'padded']);
  });
});
